"""Idempotency-Key on every write (PUT, DELETE, permanent DELETE, restore), on real PostgreSQL, through the
app: the retry of a write whose answer was lost gets that answer back, never a 412 about its own change,
a 404 for the task it deleted, or a second change."""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx
import pytest

from tests.integration.api.helpers import TODOS, Caller, Users


@dataclass(frozen=True)
class Write:
    """One write of a task, as a client would send it; ``trashed``: it applies to a task in the trash."""

    method: str
    suffix: str = ""
    params: dict[str, str] | None = None
    body: dict[str, Any] | None = None
    status: int = 200
    trashed: bool = False

    async def send(self, client: httpx.AsyncClient, todo_id: int, headers: dict[str, str]) -> httpx.Response:
        url = f"{TODOS}/{todo_id}{self.suffix}"
        return await client.request(self.method, url, params=self.params, json=self.body, headers=headers)


WRITES = {
    "put": Write("PUT", body={"title": "renamed"}),
    "delete": Write("DELETE", status=204),
    "delete permanent": Write("DELETE", params={"permanent": "true"}, status=204),
    "restore": Write("POST", "/restore", trashed=True),
    "complete": Write("PATCH", "/complete", body={"is_completed": True}),
}


def _etag(todo: dict[str, Any]) -> str:
    return f'"{todo["id"]}-{todo["version"]}"'


async def _task(client: httpx.AsyncClient, who: Caller, *, trashed: bool = False) -> dict[str, Any]:
    created = await client.post(TODOS, json={"title": "task"}, headers=who.headers)
    todo: dict[str, Any] = created.json()
    if trashed:
        assert (await client.delete(f"{TODOS}/{todo['id']}", headers=who.headers)).status_code == 204
        todo["version"] += 1
    return todo


async def _versions(admin: asyncpg.Connection, todo_id: int) -> int | None:
    version: int | None = await admin.fetchval("SELECT version FROM todo WHERE id = $1", todo_id)
    return version


@pytest.mark.parametrize("if_match", [True, False], ids=["if-match", "unconditional"])
@pytest.mark.parametrize("name", list(WRITES))
async def test_replay_of_a_keyed_write_answers_the_first_answer_and_writes_once(
    client: httpx.AsyncClient, alice: Caller, admin: asyncpg.Connection, name: str, if_match: bool
) -> None:
    write = WRITES[name]
    todo = await _task(client, alice, trashed=write.trashed)
    headers = {**alice.headers, "Idempotency-Key": secrets.token_hex(8)}
    if if_match:
        headers["If-Match"] = _etag(todo)

    first = await write.send(client, todo["id"], headers)
    version_after_first = await _versions(admin, todo["id"])
    again = await write.send(client, todo["id"], headers)  # the retry of a request whose answer was lost

    assert (first.status_code, again.status_code) == (write.status, write.status)
    assert "idempotent-replayed" not in first.headers
    assert again.headers["idempotent-replayed"] == "true"
    assert again.content == first.content
    assert await _versions(admin, todo["id"]) == version_after_first  # no second change


async def test_same_key_on_delete_and_permanent_delete_is_422_reused(
    client: httpx.AsyncClient, alice: Caller
) -> None:
    todo = await _task(client, alice)
    headers = {**alice.headers, "Idempotency-Key": secrets.token_hex(8)}
    assert (await WRITES["delete"].send(client, todo["id"], headers)).status_code == 204

    other = await WRITES["delete permanent"].send(client, todo["id"], headers)

    assert other.status_code == 422  # the query is part of the request: not a replay of the plain delete
    assert other.json()["code"] == "idempotency_key_reused"


async def test_a_404_or_412_leaves_the_key_of_any_write_unused(
    client: httpx.AsyncClient, alice: Caller, bob: Caller
) -> None:
    todo = await _task(client, alice)
    key = secrets.token_hex(8)
    stale = {**alice.headers, "Idempotency-Key": key, "If-Match": f'"{todo["id"]}-0"'}
    assert (await WRITES["delete"].send(client, todo["id"], stale)).status_code == 412
    foreign = {**bob.headers, "Idempotency-Key": key}
    assert (await WRITES["put"].send(client, todo["id"], foreign)).status_code == 404

    applied = await WRITES["delete"].send(client, todo["id"], {**alice.headers, "Idempotency-Key": key})

    assert applied.status_code == 204
    assert "idempotent-replayed" not in applied.headers


@pytest.mark.parametrize("name", ["put", "delete", "delete permanent", "restore"])
async def test_keyed_write_in_flight_is_409_with_retry_after_then_replayed(
    client: httpx.AsyncClient, users: Users, database_url: str, name: str
) -> None:
    write = WRITES[name]
    caller = await users.create()
    todo = await _task(client, caller, trashed=write.trashed)
    headers = {**caller.headers, "Idempotency-Key": secrets.token_hex(8), "If-Match": _etag(todo)}
    blocker = await asyncpg.connect(database_url)
    try:
        # Hold the task's row so that the first write waits on it, mid-statement, holding its key.
        transaction = blocker.transaction()
        await transaction.start()
        await blocker.execute("SELECT 1 FROM todo WHERE id = $1 FOR UPDATE", todo["id"])
        first = asyncio.create_task(write.send(client, todo["id"], headers))
        await asyncio.sleep(0.5)
        assert not first.done()
        duplicate = await write.send(client, todo["id"], headers)
        assert duplicate.status_code == 409
        assert duplicate.json()["code"] == "idempotency_in_progress"
        assert duplicate.headers["retry-after"] == "1"
        await transaction.rollback()
        assert (await first).status_code == write.status
    finally:
        await blocker.close()
    replay = await write.send(client, todo["id"], headers)
    assert replay.status_code == write.status
    assert replay.headers["idempotent-replayed"] == "true"
