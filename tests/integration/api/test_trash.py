"""The trash: DELETE moves a task there, restore brings it back, ``?permanent=true`` deletes, purge."""

from __future__ import annotations

from typing import Any

import asyncpg
import httpx

from tests.integration.api.helpers import TODOS, Caller


async def _create(client: httpx.AsyncClient, who: Caller, title: str = "Keep me") -> dict[str, Any]:
    response = await client.post(TODOS, json={"title": title}, headers=who.headers)
    assert response.status_code == 201, response.text
    todo: dict[str, Any] = response.json()
    return todo


async def _trash_ids(client: httpx.AsyncClient, who: Caller) -> list[int]:
    response = await client.get(TODOS, params={"trashed": "true"}, headers=who.headers)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


async def test_delete_moves_to_trash_hidden_from_live_reads(client: httpx.AsyncClient, alice: Caller) -> None:
    todo = await _create(client, alice)
    url = f"{TODOS}/{todo['id']}"
    assert (await client.delete(url, headers=alice.headers)).status_code == 204
    assert (await client.get(url, headers=alice.headers)).status_code == 404
    assert (await client.put(url, json={"title": "x"}, headers=alice.headers)).status_code == 404
    assert (await client.patch(f"{url}/complete", headers=alice.headers)).status_code == 404
    assert (await client.delete(url, headers=alice.headers)).status_code == 404
    live = (await client.get(TODOS, headers=alice.headers)).json()
    assert todo["id"] not in [item["id"] for item in live["items"]] and live["total"] == 0
    trash = (await client.get(TODOS, params={"trashed": "true"}, headers=alice.headers)).json()
    assert [item["id"] for item in trash["items"]] == [todo["id"]]
    assert trash["items"][0]["deleted_at"] is not None
    assert trash["items"][0]["version"] == todo["version"] + 1


async def test_restore_brings_back_task_with_new_etag(client: httpx.AsyncClient, alice: Caller) -> None:
    todo = await _create(client, alice)
    url = f"{TODOS}/{todo['id']}"
    await client.delete(url, headers=alice.headers)
    restored = await client.post(f"{url}/restore", headers=alice.headers)
    assert restored.status_code == 200, restored.text
    body = restored.json()
    assert body["deleted_at"] is None and body["version"] == todo["version"] + 2
    assert restored.headers["ETag"] == f'"{todo["id"]}-{todo["version"] + 2}"'
    assert (await client.get(url, headers=alice.headers)).json() == body
    assert await _trash_ids(client, alice) == []
    again = await client.post(f"{url}/restore", headers=alice.headers)
    assert again.status_code == 200 and again.json() == body  # a retried restore changes nothing


async def test_trash_and_restore_honour_if_match(client: httpx.AsyncClient, alice: Caller) -> None:
    todo = await _create(client, alice)
    url = f"{TODOS}/{todo['id']}"
    stale = {**alice.headers, "If-Match": f'"{todo["id"]}-0"'}
    refused = await client.delete(url, headers=stale)
    assert refused.status_code == 412 and refused.headers["ETag"] == f'"{todo["id"]}-1"'
    current = {**alice.headers, "If-Match": f'"{todo["id"]}-1"'}
    assert (await client.delete(url, headers=current)).status_code == 204
    late = await client.post(f"{url}/restore", headers=current)
    assert late.status_code == 412 and late.headers["ETag"] == f'"{todo["id"]}-2"'
    fresh = {**alice.headers, "If-Match": late.headers["ETag"]}
    assert (await client.post(f"{url}/restore", headers=fresh)).status_code == 200


async def test_permanent_delete_removes_live_or_trashed_task(
    client: httpx.AsyncClient, alice: Caller
) -> None:
    live, trashed = await _create(client, alice), await _create(client, alice)
    await client.delete(f"{TODOS}/{trashed['id']}", headers=alice.headers)
    for todo in (live, trashed):
        url = f"{TODOS}/{todo['id']}"
        gone = await client.delete(url, params={"permanent": "true"}, headers=alice.headers)
        assert gone.status_code == 204
        assert (await client.post(f"{url}/restore", headers=alice.headers)).status_code == 404
        assert (
            await client.delete(url, params={"permanent": "true"}, headers=alice.headers)
        ).status_code == 404
    assert await _trash_ids(client, alice) == []


async def test_trash_is_per_user(client: httpx.AsyncClient, alice: Caller, bob: Caller) -> None:
    todo = await _create(client, alice)
    await client.delete(f"{TODOS}/{todo['id']}", headers=alice.headers)
    assert await _trash_ids(client, bob) == []
    assert (await client.post(f"{TODOS}/{todo['id']}/restore", headers=bob.headers)).status_code == 404
    wiped = await client.delete(f"{TODOS}/{todo['id']}", params={"permanent": "true"}, headers=bob.headers)
    assert wiped.status_code == 404


async def test_trash_older_than_30_days_is_hidden_then_purged(
    client: httpx.AsyncClient, admin: asyncpg.Connection, alice: Caller, bob: Caller
) -> None:
    old, recent = await _create(client, alice), await _create(client, alice)
    for todo in (old, recent):
        await client.delete(f"{TODOS}/{todo['id']}", headers=alice.headers)
    await admin.execute("UPDATE todo SET deleted_at = now() - interval '31 days' WHERE id = $1", old["id"])
    # Hidden at once: the purge's pace changes storage, never an answer.
    assert await _trash_ids(client, alice) == [recent["id"]]
    assert (await client.post(f"{TODOS}/{old['id']}/restore", headers=alice.headers)).status_code == 404
    # Any user's trash statement purges a few of the oldest expired tasks, leaving tombstones for the feed.
    await client.delete(f"{TODOS}/{(await _create(client, bob))['id']}", headers=bob.headers)
    assert await admin.fetchval("SELECT count(*) FROM todo WHERE id = $1", old["id"]) == 0
    assert (
        await admin.fetchval("SELECT user_id FROM todo_tombstone WHERE id = $1", old["id"]) == alice.user_id
    )
    assert await admin.fetchval("SELECT count(*) FROM todo WHERE id = $1", recent["id"]) == 1
