"""Pagination, filters, text search and sort of GET /todos."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.integration.api.helpers import TODOS, Caller

pytestmark = pytest.mark.pgbouncer  # also through PgBouncer: see conftest.py


async def _create_many(client: httpx.AsyncClient, who: Caller, titles: list[str]) -> list[dict[str, Any]]:
    return [(await client.post(TODOS, json={"title": t}, headers=who.headers)).json() for t in titles]


async def test_pagination_walks_all_items_once(client: httpx.AsyncClient, alice: Caller) -> None:
    created = await _create_many(client, alice, [f"t{n}" for n in range(7)])
    seen: list[int] = []
    for skip in range(0, 9, 3):
        page = (await client.get(TODOS, params={"skip": skip, "limit": 3}, headers=alice.headers)).json()
        assert page["total"] == 7 and page["skip"] == skip and page["limit"] == 3
        seen += [item["id"] for item in page["items"]]
    assert seen == [todo["id"] for todo in reversed(created)]


async def test_skip_past_the_end_returns_empty_items_with_total(
    client: httpx.AsyncClient, alice: Caller
) -> None:
    await _create_many(client, alice, ["a", "b"])
    page = (await client.get(TODOS, params={"skip": 50}, headers=alice.headers)).json()
    assert page == {
        "items": [],
        "total": 2,
        "skip": 50,
        "limit": 100,
        "next_cursor": None,
        "total_is_exact": True,
    }


async def test_completed_filter(client: httpx.AsyncClient, alice: Caller) -> None:
    todos = await _create_many(client, alice, ["open", "done"])
    await client.patch(f"{TODOS}/{todos[1]['id']}/complete", headers=alice.headers)
    done = (await client.get(TODOS, params={"completed": "true"}, headers=alice.headers)).json()
    still_open = (await client.get(TODOS, params={"completed": "false"}, headers=alice.headers)).json()
    assert [t["title"] for t in done["items"]] == ["done"] and done["total"] == 1
    assert [t["title"] for t in still_open["items"]] == ["open"] and still_open["total"] == 1


async def test_search_matches_title_or_description_case_insensitively(
    client: httpx.AsyncClient, alice: Caller
) -> None:
    await client.post(TODOS, json={"title": "Buy MILK"}, headers=alice.headers)
    await client.post(
        TODOS, json={"title": "Call mum", "description": "about the milkman"}, headers=alice.headers
    )
    await client.post(TODOS, json={"title": "Walk"}, headers=alice.headers)
    page = (await client.get(TODOS, params={"q": "milk"}, headers=alice.headers)).json()
    assert sorted(t["title"] for t in page["items"]) == ["Buy MILK", "Call mum"] and page["total"] == 2


async def test_search_treats_wildcards_literally(client: httpx.AsyncClient, alice: Caller) -> None:
    await _create_many(client, alice, ["100% done", "1000 done", "snake_case", "snakeXcase", "back\\slash"])
    for q, expected in [("100%", ["100% done"]), ("e_c", ["snake_case"]), ("k\\s", ["back\\slash"])]:
        page = (await client.get(TODOS, params={"q": q}, headers=alice.headers)).json()
        assert [t["title"] for t in page["items"]] == expected, q


async def test_filters_combine_with_pagination_total(client: httpx.AsyncClient, alice: Caller) -> None:
    todos = await _create_many(client, alice, ["milk 1", "milk 2", "milk 3", "bread"])
    for todo in todos[:2]:
        await client.patch(f"{TODOS}/{todo['id']}/complete", headers=alice.headers)
    params: dict[str, str | int] = {"q": "milk", "completed": "true", "limit": 1}
    page = (await client.get(TODOS, params=params, headers=alice.headers)).json()
    assert page["total"] == 2 and [t["title"] for t in page["items"]] == ["milk 2"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("created_at_desc", ["b", "c", "a"]),
        ("created_at_asc", ["a", "c", "b"]),
        ("title_asc", ["a", "b", "c"]),
        ("title_desc", ["c", "b", "a"]),
        ("updated_at_desc", ["a", "b", "c"]),
        ("updated_at_asc", ["c", "b", "a"]),
    ],
)
async def test_sort_orders(client: httpx.AsyncClient, alice: Caller, sort: str, expected: list[str]) -> None:
    todos = await _create_many(client, alice, ["a", "c", "b"])
    # Touch in this order so updated_at differs from created_at: c, then b, then a (newest).
    for todo in (todos[1], todos[2], todos[0]):
        await client.put(f"{TODOS}/{todo['id']}", json={"description": "touched"}, headers=alice.headers)
    page = (await client.get(TODOS, params={"sort": sort}, headers=alice.headers)).json()
    assert [t["title"] for t in page["items"]] == expected
