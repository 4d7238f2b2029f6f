"""Two users never see or touch each other's todos: another user's todo is a 404, like a missing one."""

from __future__ import annotations

import httpx
import pytest

from tests.integration.api.helpers import TODOS, Caller

pytestmark = pytest.mark.pgbouncer  # also through PgBouncer: see conftest.py


async def test_other_users_todo_is_invisible_everywhere(
    client: httpx.AsyncClient, alice: Caller, bob: Caller
) -> None:
    created = await client.post(TODOS, json={"title": "Alice's secret"}, headers=alice.headers)
    todo = created.json()
    url = f"{TODOS}/{todo['id']}"

    listing = await client.get(TODOS, headers=bob.headers)
    assert listing.json()["total"] == 0 and listing.json()["items"] == []
    searched = await client.get(TODOS, params={"q": "secret"}, headers=bob.headers)
    assert searched.json()["total"] == 0

    attempts = [
        await client.get(url, headers=bob.headers),
        await client.put(url, json={"title": "pwned"}, headers=bob.headers),
        await client.patch(f"{url}/complete", headers=bob.headers),
        await client.patch(f"{url}/complete", json={"is_completed": True}, headers=bob.headers),
        await client.delete(url, headers=bob.headers),
    ]
    for response in attempts:
        assert response.status_code == 404, response.request.method
        assert response.json()["code"] == "todo_not_found"

    unchanged = await client.get(url, headers=alice.headers)
    assert unchanged.json() == todo


async def test_each_user_lists_only_their_own(client: httpx.AsyncClient, alice: Caller, bob: Caller) -> None:
    for title in ("a1", "a2"):
        await client.post(TODOS, json={"title": title}, headers=alice.headers)
    await client.post(TODOS, json={"title": "b1"}, headers=bob.headers)
    alice_page = (await client.get(TODOS, headers=alice.headers)).json()
    bob_page = (await client.get(TODOS, headers=bob.headers)).json()
    assert sorted(item["title"] for item in alice_page["items"]) == ["a1", "a2"]
    assert [item["title"] for item in bob_page["items"]] == ["b1"]
    assert {item["user_id"] for item in alice_page["items"]} == {alice.user_id}
