"""A task's answer from its row (model/etag.py tagged_todo) and from a stored idempotent answer
(todos/idempotency.py stored_todo): the due columns become one ``due`` object, in the task's zone."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from pydantic_core import to_json
from todos_api.db.queries import FIELDS
from todos_api.model.etag import tagged_todo
from todos_api.model.models import TodoCreate
from todos_api.todos.idempotency import stored_todo

MOMENT = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
ROW: dict[str, Any] = {
    "id": 7, "title": "rent", "description": None, "is_completed": False, "user_id": "u",
    "created_at": MOMENT, "updated_at": MOMENT, "version": 2, "deleted_at": None, "priority": 1,
    "labels": '["bills"]', "completed_at": None, "due_date": date(2026, 12, 24),
    "due_datetime": datetime(2026, 12, 24, 22, 0, tzinfo=UTC), "due_timezone": "America/New_York",
    "due_string": "dec 24 5pm", "due_rrule": None, "due_from_completion": False,
}  # fmt: skip


def test_due_columns_answer_as_one_object_with_the_zones_offset() -> None:
    todo = tagged_todo(ROW, FIELDS)

    assert json.loads(to_json(todo))["due"] == {
        "date": "2026-12-24",
        "datetime": "2026-12-24T17:00:00-05:00",
        "timezone": "America/New_York",
        "string": "dec 24 5pm",
        "is_recurring": False,
        "rrule": None,
        "from_completion": False,
    }
    assert todo["labels"] == ["bills"]
    assert not {"due_date", "due_datetime", "due_rrule"} & set(todo)


def test_no_due_date_answers_null() -> None:
    assert tagged_todo({**ROW, "due_date": None, "due_datetime": None}, FIELDS)["due"] is None


def test_stored_answer_replays_the_same_bytes() -> None:
    first = to_json(tagged_todo(ROW, FIELDS))
    # As PostgreSQL's to_jsonb stores the row: sorted keys, timestamps with the session's offset.
    stored = {
        **ROW,
        "labels": ["bills"],
        "created_at": "2026-12-03T13:00:00+01:00",
        "updated_at": "2026-12-03T13:00:00+01:00",
        "due_date": "2026-12-24",
        "due_datetime": "2026-12-24T23:00:00+01:00",
    }

    assert to_json(stored_todo(json.dumps(stored, sort_keys=True), FIELDS)) == first


def test_answer_stored_before_the_task_fields_still_replays() -> None:
    # Kept 24 h: a key stored by the previous release has none of migration 0006's columns.
    old = {name: ROW[name] for name in FIELDS[:9]} | {"created_at": "2026-12-03T12:00:00+00:00"}
    old["updated_at"] = old["created_at"]

    replayed = stored_todo(json.dumps(old), FIELDS)

    assert replayed["id"] == 7 and replayed["etag"] == '"7-2"' and "due" not in replayed


def test_labels_keep_the_first_spelling_of_each_name_ignoring_case() -> None:
    body = TodoCreate.model_validate({"title": "t", "labels": ["Home", "home", "HOME", "bills", "Bills"]})

    assert body.labels == ["Home", "bills"]
