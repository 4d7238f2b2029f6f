"""GET /api/v1/todos/changes: each task's newest state after a cursor, in commit order, with tombstones."""

from __future__ import annotations

import asyncio
import base64
import random
import re
import struct
import time
from typing import Any

import asyncpg
import httpx
from todos_api.db import queries, queries_trash
from todos_api.feed.feed_cursor import CURSOR_PATTERN

from tests.integration.api.helpers import TODOS, Caller, cursor_codec, sealed_cursor

CHANGES = f"{TODOS}/changes"
# UPDATE_TODO's task-field parameters ($9-$12) leaving due, priority and labels as they are.
KEEP = (False, None, None, None)


async def _feed(
    client: httpx.AsyncClient, who: Caller, since: str | None = None, **params: Any
) -> dict[str, Any]:
    query = {**params, **({"since": since} if since is not None else {})}
    response = await client.get(CHANGES, params=query, headers=who.headers)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


async def _create(client: httpx.AsyncClient, who: Caller, title: str) -> int:
    response = await client.post(TODOS, json={"title": title}, headers=who.headers)
    assert response.status_code == 201, response.text
    todo_id: int = response.json()["id"]
    return todo_id


async def test_feed_gives_newest_states_and_tombstones_oldest_first(
    client: httpx.AsyncClient, alice: Caller
) -> None:
    kept, trashed, gone = [await _create(client, alice, title) for title in ("kept", "trashed", "gone")]
    await client.put(f"{TODOS}/{kept}", json={"title": "kept, renamed"}, headers=alice.headers)
    await client.delete(f"{TODOS}/{trashed}", headers=alice.headers)
    await client.delete(f"{TODOS}/{gone}", params={"permanent": "true"}, headers=alice.headers)
    page = await _feed(client, alice)
    assert not page["has_more"]
    assert [(item["id"], item["permanent"]) for item in page["items"]] == [
        (kept, False),
        (trashed, False),
        (gone, True),
    ]
    live, in_trash, tombstone = page["items"]
    assert (
        live["deleted_at"] is None
        and live["todo"]["title"] == "kept, renamed"
        and live["todo"]["version"] == 2
    )
    assert in_trash["deleted_at"] is not None and in_trash["todo"]["deleted_at"] == in_trash["deleted_at"]
    assert tombstone["deleted_at"] is not None and tombstone["todo"] is None
    # Caught up: the same cursor gives nothing until the next write, which comes alone.
    assert (await _feed(client, alice, page["next_cursor"]))["items"] == []
    await client.post(f"{TODOS}/{trashed}/restore", headers=alice.headers)
    later = await _feed(client, alice, page["next_cursor"])
    assert [(item["id"], item["deleted_at"]) for item in later["items"]] == [(trashed, None)]


async def test_feed_pages_follow_next_cursor(client: httpx.AsyncClient, alice: Caller) -> None:
    made = [await _create(client, alice, f"t{n}") for n in range(5)]
    seen: list[int] = []
    cursor = None
    while True:
        page = await _feed(client, alice, cursor, limit=2)
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    assert seen == made


async def test_feed_is_per_user(client: httpx.AsyncClient, alice: Caller, bob: Caller) -> None:
    await _create(client, alice, "alice's")
    assert (await _feed(client, bob))["items"] == []


async def test_feed_cursor_past_retention_is_410(
    client: httpx.AsyncClient, admin: asyncpg.Connection, alice: Caller
) -> None:
    old = int(time.time()) - (queries_trash.RETENTION_DAYS + 1) * 86400
    since = await sealed_cursor(admin, alice.user_id, 5, 1, old)
    response = await client.get(CHANGES, params={"since": since}, headers=alice.headers)
    assert response.status_code == 410
    body = response.json()
    assert (body["status_code"], body["code"]) == (410, "cursor_expired") and "retention" in body["detail"]


async def _refused(
    client: httpx.AsyncClient, who: Caller, since: str, code: str = "invalid_cursor"
) -> dict[str, Any]:
    response = await client.get(CHANGES, params={"since": since}, headers=who.headers)
    assert response.status_code == 422, (since, response.text)
    body: dict[str, Any] = response.json()
    assert body["code"] == code and body["errors"][0]["loc"] == ["query", "since"], body
    return body


async def test_feed_cursor_off_the_declared_pattern_is_422_invalid_cursor(
    client: httpx.AsyncClient, alice: Caller
) -> None:
    # The old plain-text form among them: since cursors are sealed it is not even of the declared form. The
    # declared pattern refuses it; the code stays the one clients key on for "not a cursor we gave you".
    for since in (
        "abc",
        "1.2",
        "1.2.3.4",
        "9999999999999999999.1.1",
        "A" * 54,
        "A" * 56,
        "A" * 5000,
        "A" * 55 + "\n",
    ):
        await _refused(client, alice, since, "invalid_cursor")


async def test_feed_cursor_of_the_declared_form_not_sealed_by_us_is_422_invalid_cursor(
    client: httpx.AsyncClient, alice: Caller
) -> None:
    for since in ("A" * 55, "_" * 55, "0123456789" * 5 + "abcde"):
        await _refused(client, alice, since)


async def test_feed_far_future_cursor_is_422_not_500(client: httpx.AsyncClient, alice: Caller) -> None:
    # Issue 16: the old plain-text cursor trusted its time; past year 9999 it was a 500 "year out of range".
    # Its form is no cursor's now (refused by the pattern); a sealed one from the future: the next test.
    for since in ("0.0.253402300800", "0.0.999999999999"):
        await _refused(client, alice, since, "invalid_cursor")


async def test_feed_cursor_issued_in_the_future_is_422(
    client: httpx.AsyncClient, admin: asyncpg.Connection, alice: Caller
) -> None:
    for issued in (int(time.time()) + 86400, 253402300800, 2**64 - 1):
        await _refused(client, alice, await sealed_cursor(admin, alice.user_id, 5, 1, issued))


async def test_feed_cursor_of_another_user_is_422(
    client: httpx.AsyncClient, alice: Caller, bob: Caller
) -> None:
    await _create(client, alice, "alice's")
    alices = (await _feed(client, alice))["next_cursor"]
    await _refused(client, bob, alices)
    assert (await _feed(client, alice, alices))["items"] == []


async def test_feed_tampered_cursor_is_422(client: httpx.AsyncClient, alice: Caller) -> None:
    cursor = (await _feed(client, alice))["next_cursor"]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    for position in (0, 1, 10, 30, len(cursor) - 2, len(cursor) - 1):
        changed = alphabet[(alphabet.index(cursor[position]) + 1) % 64]
        await _refused(client, alice, cursor[:position] + changed + cursor[position + 1 :])


async def test_feed_cursor_is_opaque_and_keeps_no_transaction_id_readable(
    client: httpx.AsyncClient, admin: asyncpg.Connection, alice: Caller
) -> None:
    await _create(client, alice, "one")
    cursor = (await _feed(client, alice))["next_cursor"]
    xid = int(await admin.fetchval("SELECT pg_snapshot_xmin(pg_current_snapshot())::text"))
    assert re.fullmatch(CURSOR_PATTERN, cursor)
    raw = base64.urlsafe_b64decode(cursor + "=")
    # The position the cursor names is near the current xid; none of its spellings is in the cursor.
    for near in range(xid - 50, xid + 50):
        assert str(near) not in cursor
        assert struct.pack(">Q", near) not in raw and struct.pack("<Q", near) not in raw
    position = (await cursor_codec(admin)).open(cursor, alice.user_id)
    assert abs(position.xid - xid) < 50  # it is there, sealed: the feed's commit-order position


async def _writer(database_url: str, who: Caller, ids: list[int], rounds: int, rng: random.Random) -> None:
    """Runs the API's own write statements in explicit transactions that commit after a random delay, so
    transactions overlap and commit out of the order their ids were handed out."""
    connection = await asyncpg.connect(database_url)
    auth = (who.user_id, who.session_id)
    try:
        for n in range(rounds):
            async with connection.transaction():
                action = rng.choice(("create", "update", "update", "trash", "restore", "purge"))
                target = rng.choice(ids) if ids else 0
                if action == "create" or not ids:
                    row = await connection.fetchrow(queries.CREATE_TODO, *auth, f"w{n}", None, None, 4, "[]")
                    assert row is not None
                    ids.append(row["id"])
                elif action == "update":
                    await connection.fetch(
                        queries.UPDATE_TODO, *auth, target, f"u{n}", None, False, None, None, *KEEP
                    )
                elif action == "trash":
                    await connection.fetch(queries_trash.TRASH_TODO, *auth, target, None)
                elif action == "restore":
                    await connection.fetch(queries_trash.RESTORE_TODO, *auth, target, None)
                else:
                    await connection.fetch(queries_trash.DELETE_TODO_PERMANENTLY, *auth, target, None)
                await asyncio.sleep(rng.random() * 0.03)
    finally:
        await connection.close()


class Mirror:
    """What a poller rebuilds from the feed; it refuses a change it has already seen."""

    def __init__(self) -> None:
        self.tasks: dict[int, tuple[str, int, bool]] = {}  # id → (title, version, trashed)
        self.gone: set[int] = set()

    def apply(self, change: dict[str, Any]) -> None:
        todo_id = change["id"]
        assert todo_id not in self.gone, f"a change after the tombstone of {todo_id}"
        if change["permanent"]:
            self.tasks.pop(todo_id, None)
            self.gone.add(todo_id)
            return
        todo = change["todo"]
        known = self.tasks.get(todo_id)
        assert known is None or todo["version"] > known[1], f"{todo_id} v{todo['version']} seen twice or late"
        self.tasks[todo_id] = (todo["title"], todo["version"], change["deleted_at"] is not None)


async def test_poller_rebuilds_exact_state_under_concurrent_writers(
    client: httpx.AsyncClient, admin: asyncpg.Connection, database_url: str, alice: Caller
) -> None:
    mirror, cursor = Mirror(), None
    ids: list[int] = []
    writers = [
        asyncio.create_task(_writer(database_url, alice, ids, 40, random.Random(seed))) for seed in range(6)
    ]

    async def poll_once() -> bool:
        nonlocal cursor
        page = await _feed(client, alice, cursor, limit=7)
        for change in page["items"]:
            mirror.apply(change)
        cursor = page["next_cursor"]
        return bool(page["has_more"])

    while not all(writer.done() for writer in writers):
        await poll_once()
        await asyncio.sleep(0.005)
    await asyncio.gather(*writers)
    while await poll_once():
        pass
    rows = await admin.fetch(
        "SELECT id, title, version, deleted_at IS NOT NULL AS trashed FROM todo WHERE user_id = $1",
        alice.user_id,
    )
    tombstones = await admin.fetch("SELECT id FROM todo_tombstone WHERE user_id = $1", alice.user_id)
    assert mirror.tasks == {row["id"]: (row["title"], row["version"], row["trashed"]) for row in rows}
    assert mirror.gone == {row["id"] for row in tombstones}
    assert len(rows) + len(tombstones) == len(set(ids)) and rows and tombstones
