"""Keyset pagination of GET /todos: `cursor` / `next_cursor`, for every sort, on real PostgreSQL."""

from __future__ import annotations

import base64
import json
from typing import Any

import asyncpg
import httpx
import pytest
from todos_api.db import queries
from todos_api.model.schemas import TodoSort
from todos_api.todos.cursor import decode, encode

from tests.integration.api.helpers import TODOS, Caller

SORTS = list(TodoSort)
PAGE = 4


def _sort_key(sort: TodoSort, todo: dict[str, Any]) -> tuple[Any, int]:
    key = todo["title"] if sort.value.startswith("title") else todo[sort.value.rsplit("_", 1)[0]]
    return key, todo["id"]


async def _seed_ties(admin: asyncpg.Connection, who: Caller, count: int) -> None:
    """`count` todos inserted by one statement: equal created_at and updated_at, and repeated titles."""
    await admin.execute(
        "INSERT INTO todo (title, user_id) SELECT 'tie ' || (n % 3), $1 FROM generate_series(1, $2) n",
        who.user_id,
        count,
    )


async def _walk(
    client: httpx.AsyncClient, who: Caller, sort: TodoSort, between_pages: Any = None
) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    params: dict[str, Any] = {"sort": sort.value, "limit": PAGE}
    for _ in range(100):
        answer = await client.get(TODOS, params=params, headers=who.headers)
        assert answer.status_code == 200, answer.text
        page = answer.json()
        seen += page["items"]
        if page["next_cursor"] is None:
            return seen
        params["cursor"] = page["next_cursor"]
        if between_pages is not None:
            await between_pages()
    raise AssertionError("the cursor never reached the end")


@pytest.mark.parametrize("sort", SORTS)
async def test_cursor_pages_walk_every_item_once_when_created_at_ties(
    client: httpx.AsyncClient, admin: asyncpg.Connection, alice: Caller, sort: TodoSort
) -> None:
    await _seed_ties(admin, alice, 13)
    for n in range(4):
        await client.post(TODOS, json={"title": f"tie {n}"}, headers=alice.headers)
    everything = (await client.get(TODOS, params={"sort": sort.value}, headers=alice.headers)).json()
    seen = await _walk(client, alice, sort)
    assert [t["id"] for t in seen] == [t["id"] for t in everything["items"]]
    assert len(seen) == 17 and everything["total"] == 17


@pytest.mark.parametrize("sort", SORTS)
async def test_cursor_pages_skip_and_repeat_nothing_when_tasks_are_inserted_between_pages(
    client: httpx.AsyncClient, admin: asyncpg.Connection, alice: Caller, sort: TodoSort
) -> None:
    await _seed_ties(admin, alice, 10)
    for n in range(5):
        await client.post(TODOS, json={"title": f"tie {n}"}, headers=alice.headers)
    before = {t["id"] for t in (await client.get(TODOS, headers=alice.headers)).json()["items"]}

    async def insert_one() -> None:
        await client.post(TODOS, json={"title": "tie 1"}, headers=alice.headers)

    seen = await _walk(client, alice, sort, insert_one)
    ids = [t["id"] for t in seen]
    assert len(ids) == len(set(ids)), "an item came twice"
    assert before <= set(ids), "an item that existed before the walk was skipped"
    keys = [_sort_key(sort, t) for t in seen]
    assert keys == sorted(keys, reverse=sort.value.endswith("desc"))


async def test_last_page_has_no_next_cursor(client: httpx.AsyncClient, alice: Caller) -> None:
    for n in range(PAGE):
        await client.post(TODOS, json={"title": f"t{n}"}, headers=alice.headers)
    full = (await client.get(TODOS, params={"limit": PAGE}, headers=alice.headers)).json()
    assert len(full["items"]) == PAGE and full["next_cursor"] is None
    first = (await client.get(TODOS, params={"limit": PAGE - 1}, headers=alice.headers)).json()
    rest = await client.get(
        TODOS, params={"limit": PAGE, "cursor": first["next_cursor"]}, headers=alice.headers
    )
    assert [t["title"] for t in rest.json()["items"]] == ["t0"] and rest.json()["next_cursor"] is None


def _token(payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()


@pytest.mark.parametrize(
    ("cursor", "params"),
    [
        ("bm90LWpzb24", {}),  # "not-json"
        ("AAAA", {}),
        (_token(["created_at_desc", "2026-01-01T00:00:00+00:00"]), {}),
        (_token(["created_at_desc", "2026-01-01T00:00:00+00:00", 0]), {}),
        (_token(["created_at_desc", "2026-01-01T00:00:00+00:00", "1"]), {}),
        (_token(["created_at_desc", "2026-01-01T00:00:00", 1]), {}),  # no UTC offset
        (_token(["created_at_desc", "yesterday", 1]), {}),
        (_token(["title_asc", "\ud800", 1]), {"sort": "title_asc"}),  # a lone surrogate
        (_token(["title_asc", "a\x00b", 1]), {"sort": "title_asc"}),
        (_token(["title_asc", "milk", 1]), {}),  # another sort's cursor
        (_token(["created_at_desc", "2026-01-01T00:00:00+00:00", 1]), {"skip": 1}),
    ],
)
async def test_invalid_cursor_is_422_in_the_error_shape(
    client: httpx.AsyncClient, alice: Caller, cursor: str, params: dict[str, Any]
) -> None:
    answer = await client.get(TODOS, params={"cursor": cursor, **params}, headers=alice.headers)
    assert answer.status_code == 422
    body = answer.json()
    assert body["code"] == "invalid_cursor" and body["status_code"] == 422
    assert body["errors"][0]["loc"] == ["query", "cursor"]


async def test_cursor_outside_base64url_is_refused_by_its_pattern_as_invalid_cursor(
    client: httpx.AsyncClient, alice: Caller
) -> None:
    answer = await client.get(TODOS, params={"cursor": "a+b/c="}, headers=alice.headers)
    body = answer.json()
    assert answer.status_code == 422 and body["code"] == "invalid_cursor"
    assert body["errors"][0]["type"] == "string_pattern_mismatch"  # the declared rule refused it


async def test_a_bad_cursor_beside_another_bad_parameter_is_a_validation_error(
    client: httpx.AsyncClient, alice: Caller
) -> None:
    answer = await client.get(TODOS, params={"cursor": "a+b/c=", "limit": 0}, headers=alice.headers)
    assert answer.status_code == 422 and answer.json()["code"] == "validation_error"


async def test_total_is_exact_up_to_the_bound(
    client: httpx.AsyncClient, admin: asyncpg.Connection, alice: Caller
) -> None:
    await admin.execute(
        "INSERT INTO todo (title, user_id) SELECT 'bulk ' || n, $1 FROM generate_series(1, $2) n",
        alice.user_id,
        queries.TOTAL_BOUND + 5,
    )
    capped = (await client.get(TODOS, params={"limit": 1}, headers=alice.headers)).json()
    assert capped["total"] == queries.TOTAL_BOUND and capped["total_is_exact"] is False
    narrow = (await client.get(TODOS, params={"q": "bulk 1000"}, headers=alice.headers)).json()
    assert narrow["total"] == 7 and narrow["total_is_exact"] is True  # 1000, 10000..10005


def _nodes(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [plan, *(node for child in plan.get("Plans", []) for node in _nodes(child))]


@pytest.mark.parametrize("sort", SORTS)
async def test_deep_cursor_page_reads_only_its_rows_from_an_index(
    admin: asyncpg.Connection, alice: Caller, sort: TodoSort
) -> None:
    rows, limit = 3000, 20
    await admin.execute(
        "INSERT INTO todo (title, user_id, created_at, updated_at)"
        " SELECT md5(n::text), $1, now() - n * interval '1 second', now() - (n % 700) * interval '1 second'"
        " FROM generate_series(1, $2) n",
        alice.user_id,
        rows,
    )
    await admin.execute("ANALYZE todo")
    key, direction = queries.SORTS[sort]
    deep = await admin.fetchrow(
        f"SELECT id, {key} FROM todo WHERE user_id = $1 ORDER BY {key} {direction}, id {direction}"
        " OFFSET $2 LIMIT 1",
        alice.user_id,
        rows // 2,  # the middle: a deep page with as many rows behind it as before it
    )
    assert deep is not None
    after = encode(sort, dict(deep))
    cursor = decode(after, sort)
    explained = await admin.fetchval(
        "EXPLAIN (ANALYZE, FORMAT JSON) " + queries.LIST_TODOS_AFTER[sort],
        alice.user_id,
        alice.session_id,
        None,
        None,
        limit + 1,
        0,
        False,  # live tasks, not the trash
        cursor.key,
        cursor.id,
    )
    nodes = _nodes(json.loads(explained)[0]["Plan"])
    scans = [node for node in nodes if node.get("Relation Name") == "todo"]
    page = [node for node in scans if "Index Cond" in node and "ROW(" in node["Index Cond"]]
    assert len(page) == 1, scans
    assert page[0]["Node Type"] == "Index Scan" and page[0]["Actual Rows"] <= limit + 1
    assert all(node["Actual Rows"] <= limit + 1 for node in nodes if node["Node Type"] == "Sort")
