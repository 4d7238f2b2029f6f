"""The event streams' credential checks (live.py): one statement per check for every open stream, and only
the streams whose identity is gone are ended; a database failure ends none."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from todos_api.auth.claims import Identity
from todos_api.core.errors import DatabaseUnavailable
from todos_api.db.queries import LIVE_IDENTITIES
from todos_api.feed.live import Hub

from tests.unit.api.conftest import RecordingDatabase, unit_settings


class FailingDatabase(RecordingDatabase):
    async def fetch(self, query: str, *args: Any, idempotent: bool) -> Sequence[Any]:
        await super().fetch(query, *args, idempotent=idempotent)
        raise DatabaseUnavailable()


def _hub(database: RecordingDatabase) -> Hub:
    return Hub(database, unit_settings(events_listen=False))


async def test_session_check_is_one_statement_for_all_open_streams() -> None:
    database = RecordingDatabase(unit_settings())
    hub = _hub(database)
    alice, bob = Identity("alice", "s-a"), Identity("bob", "s-b")
    carol = Identity("carol", None)  # a token without sid: only the user must exist
    database.rows = [{"user_id": "alice", "session_id": "s-a"}, {"user_id": "carol", "session_id": None}]
    with (
        hub.subscribe(alice) as a1,
        hub.subscribe(alice) as a2,
        hub.subscribe(bob) as b,
        hub.subscribe(carol) as c,
    ):
        await hub.check_sessions()
        assert [(a1.ended, a2.ended, b.ended, c.ended)] == [(None, None, "session_ended", None)]
        assert b.wake.is_set() and not a1.wake.is_set()
    ((query, args),) = database.statements
    assert query == LIVE_IDENTITIES
    assert sorted(map(tuple, json.loads(args[0]))) == sorted(
        [("alice", "s-a"), ("bob", "s-b"), ("carol", None)], key=str
    )


async def test_session_check_without_open_streams_sends_nothing() -> None:
    database = RecordingDatabase(unit_settings())
    await _hub(database).check_sessions()
    assert database.statements == []


async def test_session_check_that_fails_ends_no_stream() -> None:
    database = FailingDatabase(unit_settings())
    hub = _hub(database)
    with hub.subscribe(Identity("alice", "s-a")) as stream:
        await hub.check_sessions()
        assert stream.ended is None and len(database.statements) == 1
