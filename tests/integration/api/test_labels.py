"""``GET /api/v1/labels`` on real PostgreSQL: the caller's labels with their live task counts, spellings
that differ only in case merged, trashed tasks left out, another user's labels invisible."""

from __future__ import annotations

from typing import Any

import httpx

from tests.integration.api.helpers import TODOS, Caller, Users

LABELS = "/api/v1/labels"


async def _task(client: httpx.AsyncClient, who: Caller, *labels: str) -> dict[str, Any]:
    response = await client.post(TODOS, json={"title": "task", "labels": list(labels)}, headers=who.headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def _labels(client: httpx.AsyncClient, who: Caller) -> list[dict[str, Any]]:
    response = await client.get(LABELS, headers=who.headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def test_user_without_labels_gets_an_empty_list(client: httpx.AsyncClient, alice: Caller) -> None:
    await _task(client, alice)
    assert await _labels(client, alice) == []


async def test_labels_are_counted_per_live_task_and_sorted_ignoring_case(
    client: httpx.AsyncClient, alice: Caller
) -> None:
    await _task(client, alice, "work", "Bills")
    await _task(client, alice, "work")
    await _task(client, alice, "errands")
    assert await _labels(client, alice) == [
        {"name": "Bills", "count": 1},
        {"name": "errands", "count": 1},
        {"name": "work", "count": 2},
    ]


async def test_spellings_differing_in_case_are_one_label_named_by_the_most_used(
    client: httpx.AsyncClient, alice: Caller
) -> None:
    await _task(client, alice, "Home")
    await _task(client, alice, "home")
    await _task(client, alice, "home")
    await _task(client, alice, "Work")
    await _task(client, alice, "work")  # a tie: the smallest in code-point order ("W" < "w")
    assert await _labels(client, alice) == [{"name": "home", "count": 3}, {"name": "Work", "count": 2}]


async def test_trashed_tasks_do_not_count(client: httpx.AsyncClient, alice: Caller) -> None:
    kept = await _task(client, alice, "bills")
    trashed = await _task(client, alice, "bills", "old")
    response = await client.delete(f"{TODOS}/{trashed['id']}", headers=alice.headers)
    assert response.status_code == 204, response.text
    assert await _labels(client, alice) == [{"name": "bills", "count": 1}]
    restored = await client.post(f"{TODOS}/{trashed['id']}/restore", headers=alice.headers)
    assert restored.status_code == 200, restored.text
    assert await _labels(client, alice) == [{"name": "bills", "count": 2}, {"name": "old", "count": 1}]
    assert kept["labels"] == ["bills"]


async def test_another_users_labels_never_appear(
    client: httpx.AsyncClient, alice: Caller, bob: Caller
) -> None:
    await _task(client, alice, "alice-only", "shared")
    await _task(client, bob, "bob-only", "Shared")
    assert await _labels(client, alice) == [
        {"name": "alice-only", "count": 1},
        {"name": "shared", "count": 1},
    ]
    assert await _labels(client, bob) == [{"name": "bob-only", "count": 1}, {"name": "Shared", "count": 1}]


async def test_signed_out_session_gets_401(client: httpx.AsyncClient, users: Users) -> None:
    caller = await users.create()
    await _task(client, caller, "x")
    assert caller.session_id is not None
    await users.delete_session(caller.session_id)
    response = await client.get(LABELS, headers=caller.headers)
    assert response.status_code == 401, response.text
    assert response.json()["code"] == "session_revoked"


async def test_head_answers_as_get_without_a_body(client: httpx.AsyncClient, alice: Caller) -> None:
    await _task(client, alice, "x")
    get = await client.get(LABELS, headers=alice.headers)
    head = await client.head(LABELS, headers=alice.headers)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == get.headers["content-length"]
