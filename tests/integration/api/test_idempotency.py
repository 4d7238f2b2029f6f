"""Idempotency-Key on POST and PATCH /complete, on real PostgreSQL, through the app."""

from __future__ import annotations

import asyncio
import secrets

import asyncpg
import httpx

from tests.integration.api.helpers import TODOS, Caller, Users


def _keyed(who: Caller, key: str, **more: str) -> dict[str, str]:
    return {**who.headers, "Idempotency-Key": key, **more}


async def _rows(admin: asyncpg.Connection, who: Caller) -> int:
    count: int = await admin.fetchval("SELECT count(*) FROM todo WHERE user_id = $1", who.user_id)
    return count


async def test_replay_returns_the_first_answer_unchanged(
    client: httpx.AsyncClient, alice: Caller, admin: asyncpg.Connection
) -> None:
    headers = _keyed(alice, "create-1")
    first = await client.post(TODOS, json={"title": "once"}, headers=headers)
    assert first.status_code == 201
    assert "idempotent-replayed" not in first.headers
    todo_url = first.headers["location"]
    await client.put(todo_url, json={"title": "edited since"}, headers=alice.headers)

    replay = await client.post(TODOS, json={"title": "once"}, headers=headers)
    assert replay.status_code == 201
    assert replay.headers["idempotent-replayed"] == "true"
    assert replay.content == first.content  # the stored answer, not the todo as it is now
    for name in ("location", "etag", "content-type"):
        assert replay.headers[name] == first.headers[name]
    assert await _rows(admin, alice) == 1


async def test_same_key_with_another_request_is_422_reused(client: httpx.AsyncClient, alice: Caller) -> None:
    headers = _keyed(alice, "reused")
    created = await client.post(TODOS, json={"title": "a"}, headers=headers)
    other_body = await client.post(TODOS, json={"title": "b"}, headers=headers)
    assert other_body.status_code == 422
    body = other_body.json()
    assert body["code"] == "idempotency_key_reused"
    assert body["errors"][0]["loc"] == ["header", "Idempotency-Key"]
    other_path = await client.patch(f"{created.headers['location']}/complete", headers=headers)
    assert other_path.status_code == 422
    assert other_path.json()["code"] == "idempotency_key_reused"


async def test_keys_of_different_users_never_meet(
    client: httpx.AsyncClient, alice: Caller, bob: Caller, admin: asyncpg.Connection
) -> None:
    key = "shared-by-chance"
    mine = await client.post(TODOS, json={"title": "alice's"}, headers=_keyed(alice, key))
    theirs = await client.post(TODOS, json={"title": "bob's"}, headers=_keyed(bob, key))
    assert mine.status_code == theirs.status_code == 201
    assert "idempotent-replayed" not in theirs.headers
    assert theirs.json()["user_id"] == bob.user_id
    assert await _rows(admin, alice) == await _rows(admin, bob) == 1


async def test_keyed_toggle_applies_once(client: httpx.AsyncClient, alice: Caller) -> None:
    todo = (await client.post(TODOS, json={"title": "flip"}, headers=alice.headers)).json()
    url = f"{TODOS}/{todo['id']}/complete"
    answers = [await client.patch(url, headers=_keyed(alice, "toggle-1")) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert [answer.headers.get("idempotent-replayed") for answer in answers] == [None, "true", "true"]
    assert all(answer.json()["is_completed"] is True for answer in answers)
    now = (await client.get(f"{TODOS}/{todo['id']}", headers=alice.headers)).json()
    assert now["is_completed"] is True and now["version"] == 2


async def test_a_refused_request_leaves_its_key_unused(client: httpx.AsyncClient, alice: Caller) -> None:
    todo = (await client.post(TODOS, json={"title": "t"}, headers=alice.headers)).json()
    url = f"{TODOS}/{todo['id']}/complete"
    stale = await client.patch(url, headers=_keyed(alice, "after-412", **{"If-Match": '"0-0"'}))
    assert stale.status_code == 412
    current = f'"{todo["id"]}-{todo["version"]}"'
    retried = await client.patch(url, headers=_keyed(alice, "after-412", **{"If-Match": current}))
    assert retried.status_code == 200
    assert "idempotent-replayed" not in retried.headers


async def test_replay_wins_over_a_now_stale_if_match(client: httpx.AsyncClient, alice: Caller) -> None:
    todo = (await client.post(TODOS, json={"title": "t"}, headers=alice.headers)).json()
    url = f"{TODOS}/{todo['id']}/complete"
    headers = _keyed(alice, "toggle-if-match", **{"If-Match": f'"{todo["id"]}-1"'})
    first = await client.patch(url, headers=headers)
    again = await client.patch(url, headers=headers)  # the retry of a request whose answer was lost
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.headers["idempotent-replayed"] == "true"
    assert again.content == first.content


async def test_key_longer_than_255_characters_is_422(client: httpx.AsyncClient, alice: Caller) -> None:
    assert (
        await client.post(TODOS, json={"title": "t"}, headers=_keyed(alice, "k" * 255))
    ).status_code == 201
    for key in ("k" * 256, ""):
        response = await client.post(TODOS, json={"title": "t"}, headers=_keyed(alice, key))
        assert response.status_code == 422
        assert response.json()["code"] == "validation_error"
        assert response.json()["errors"][0]["loc"] == ["header", "Idempotency-Key"]


async def test_duplicate_in_flight_is_409_with_retry_after(
    client: httpx.AsyncClient, users: Users, database_url: str
) -> None:
    caller = await users.create()
    blocker = await asyncpg.connect(database_url)
    try:
        # Hold the user's row so that the first create waits on its foreign-key check, mid-statement.
        transaction = blocker.transaction()
        await transaction.start()
        await blocker.execute('SELECT 1 FROM "user" WHERE id = $1 FOR UPDATE', caller.user_id)
        headers = _keyed(caller, "in-flight")
        first = asyncio.create_task(client.post(TODOS, json={"title": "slow"}, headers=headers))
        await asyncio.sleep(0.5)
        assert not first.done()
        duplicate = await client.post(TODOS, json={"title": "slow"}, headers=headers)
        assert duplicate.status_code == 409
        assert duplicate.json()["code"] == "idempotency_in_progress"
        assert duplicate.headers["retry-after"] == "1"
        await transaction.rollback()
        assert (await first).status_code == 201
    finally:
        await blocker.close()
    replay = await client.post(TODOS, json={"title": "slow"}, headers=headers)
    assert replay.headers["idempotent-replayed"] == "true"
    assert replay.content == (await first).content


async def test_fifty_concurrent_posts_with_one_key_create_one_row(
    client: httpx.AsyncClient, alice: Caller, admin: asyncpg.Connection
) -> None:
    headers = _keyed(alice, secrets.token_hex(8))

    async def post_until_answered() -> httpx.Response:
        # As the SDK does: a 409 (first request still running) is retried after Retry-After.
        while True:
            response = await client.post(TODOS, json={"title": "exactly once"}, headers=headers)
            if response.status_code != 409:
                return response
            await asyncio.sleep(float(response.headers["retry-after"]))

    answers = await asyncio.gather(*(post_until_answered() for _ in range(50)))
    assert {answer.status_code for answer in answers} == {201}
    assert len({answer.content for answer in answers}) == 1
    assert sum("idempotent-replayed" not in answer.headers for answer in answers) == 1
    assert await _rows(admin, alice) == 1


async def test_expired_key_is_stored_afresh(
    client: httpx.AsyncClient, alice: Caller, admin: asyncpg.Connection
) -> None:
    headers = _keyed(alice, "yesterday")
    old = await client.post(TODOS, json={"title": "old"}, headers=headers)
    await admin.execute(
        "UPDATE idempotency_key SET created_at = now() - interval '25 hours' WHERE user_id = $1",
        alice.user_id,
    )
    new = await client.post(TODOS, json={"title": "new"}, headers=headers)
    assert new.status_code == 201
    assert "idempotent-replayed" not in new.headers
    assert new.json()["id"] != old.json()["id"]
    assert await _rows(admin, alice) == 2


async def test_expired_keys_are_purged_by_later_keyed_writes(
    client: httpx.AsyncClient, alice: Caller, bob: Caller, admin: asyncpg.Connection
) -> None:
    for n in range(3):
        await client.post(TODOS, json={"title": f"old {n}"}, headers=_keyed(bob, f"old-{n}"))
    await admin.execute(
        "UPDATE idempotency_key SET created_at = '2000-01-01' WHERE user_id = $1", bob.user_id
    )
    expired = "SELECT count(*) FROM idempotency_key WHERE created_at < now() - interval '24 hours'"
    before = await admin.fetchval(expired)
    await client.post(TODOS, json={"title": "new"}, headers=_keyed(alice, "purging"))
    assert await admin.fetchval(expired) == before - 2  # oldest first, a bounded number per write
    await client.post(TODOS, json={"title": "newer"}, headers=_keyed(alice, "purging-2"))
    assert await admin.fetchval(expired) == max(before - 4, 0)
