"""Which statements the pool may run again after a lost connection (``idempotent``), per kind of write."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import pytest
from todos_api.auth.security import Identity
from todos_api.todos import crud
from todos_api.todos.idempotency import KeyedRequest

from tests.unit.api.conftest import TASK_FIELD_COLUMNS, RecordingDatabase, unit_settings

MOMENT = datetime(2025, 1, 2, tzinfo=UTC)
ROW = {
    "auth_user_id": "u", "id": 7, "title": "t", "description": None, "is_completed": False, "user_id": "u",
    "created_at": MOMENT, "updated_at": MOMENT, "version": 1, "deleted_at": None, "lock_free": True,
    "prior_body": None, **TASK_FIELD_COLUMNS,
}  # fmt: skip
WHO = Identity(user_id="u", session_id=None)
KEYED = KeyedRequest("k", b"fingerprint")


class FlagRecordingDatabase(RecordingDatabase):
    def __init__(self) -> None:
        super().__init__(unit_settings())
        self.rows = [ROW]
        self.flags: list[bool] = []

    async def fetch(self, query: str, *args: Any, idempotent: bool) -> Sequence[Any]:
        self.flags.append(idempotent)
        return await super().fetch(query, *args, idempotent=idempotent)


@pytest.mark.parametrize(
    ("write", "retried"),
    [
        (lambda db: crud.create_todo(db, WHO, "t", None), False),
        (lambda db: crud.create_todo(db, WHO, "t", None, KEYED), True),
        (lambda db: crud.update_todo(db, WHO, 7, {"title": "t"}), True),
        (lambda db: crud.update_todo(db, WHO, 7, {"title": "t"}, "1"), False),
        (lambda db: crud.set_completion(db, WHO, 7, None), False),
        (lambda db: crud.set_completion(db, WHO, 7, True), True),
        (lambda db: crud.set_completion(db, WHO, 7, True, "1"), False),
        (lambda db: crud.set_completion(db, WHO, 7, None, None, KEYED), True),
        (lambda db: crud.delete_todo(db, WHO, 7), True),
        (lambda db: crud.delete_todo(db, WHO, 7, permanent=True), True),
        (lambda db: crud.restore_todo(db, WHO, 7), True),
        (lambda db: crud.restore_todo(db, WHO, 7, "1"), False),
        # With a key, a conditional write that went through is found as its stored answer: safe to rerun.
        (lambda db: crud.update_todo(db, WHO, 7, {"title": "t"}, "1", KEYED), True),
        (lambda db: crud.delete_todo(db, WHO, 7, "1", keyed=KEYED), True),
        (lambda db: crud.delete_todo(db, WHO, 7, "1", permanent=True, keyed=KEYED), True),
        (lambda db: crud.restore_todo(db, WHO, 7, "1", KEYED), True),
    ],
)
async def test_only_writes_whose_rerun_answers_alike_are_retried(write: Any, retried: bool) -> None:
    db = FlagRecordingDatabase()
    await write(db)
    assert db.flags == [retried]
