"""Bounds of every field and parameter: 422 with the error shape, never a 500."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.integration.api.helpers import TODOS, Caller


def _assert_422(response: httpx.Response, *loc: str | int) -> None:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["status_code"] == 422 and body["code"] == "validation_error"
    assert isinstance(body["detail"], str) and body["detail"]
    assert any(tuple(error["loc"])[: len(loc)] == loc for error in body["errors"]), body["errors"]
    assert all(set(error) == {"loc", "msg", "type"} for error in body["errors"])


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({}, ("body", "title")),
        ({"title": ""}, ("body", "title")),
        ({"title": "   "}, ("body", "title")),
        ({"title": "x" * 201}, ("body", "title")),
        ({"title": 5}, ("body", "title")),
        ({"title": None}, ("body", "title")),
        ({"title": "ok\x00"}, ("body", "title")),
        ({"title": "ok", "description": "d" * 1001}, ("body", "description")),
        ({"title": "ok", "description": "nul\x00"}, ("body", "description")),
        ({"title": "ok", "id": 5}, ("body", "id")),
        ({"title": "ok", "user_id": "someone-else"}, ("body", "user_id")),
        ({"title": "ok", "is_completed": True}, ("body", "is_completed")),
        ({"title": "ok", "created_at": "2020-01-01T00:00:00Z"}, ("body", "created_at")),
    ],
)
async def test_create_rejects_invalid_body(
    client: httpx.AsyncClient, alice: Caller, body: dict[str, Any], loc: tuple[str, ...]
) -> None:
    _assert_422(await client.post(TODOS, json=body, headers=alice.headers), *loc)


async def test_create_accepts_boundary_lengths(client: httpx.AsyncClient, alice: Caller) -> None:
    body = {"title": "t" * 200, "description": "d" * 1000}
    response = await client.post(TODOS, json=body, headers=alice.headers)
    assert response.status_code == 201
    assert response.json()["title"] == body["title"] and response.json()["description"] == body["description"]
    unicode_title = "é" * 200  # characters, not bytes
    assert (await client.post(TODOS, json={"title": unicode_title}, headers=alice.headers)).status_code == 201


async def test_create_rejects_malformed_json(client: httpx.AsyncClient, alice: Caller) -> None:
    response = await client.post(
        TODOS, content=b'{"title": ', headers={**alice.headers, "content-type": "application/json"}
    )
    _assert_422(response, "body")


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"title": ""}, ("body", "title")),
        ({"title": None}, ("body", "title")),
        ({"title": "x" * 201}, ("body", "title")),
        ({"description": "d" * 1001}, ("body", "description")),
        ({"is_completed": None}, ("body", "is_completed")),
        ({"is_completed": "maybe"}, ("body", "is_completed")),
        ({"id": 1}, ("body", "id")),
        ({"user_id": "x"}, ("body", "user_id")),
        ({"updated_at": "2020-01-01T00:00:00Z"}, ("body", "updated_at")),
    ],
)
async def test_put_rejects_invalid_body(
    client: httpx.AsyncClient, alice: Caller, body: dict[str, Any], loc: tuple[str, ...]
) -> None:
    todo = (await client.post(TODOS, json={"title": "t"}, headers=alice.headers)).json()
    _assert_422(await client.put(f"{TODOS}/{todo['id']}", json=body, headers=alice.headers), *loc)


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", ""), ("title", "   "), ("title", 5), ("title", "x" * 201), ("is_completed", "maybe")],
)
async def test_put_errors_name_the_field_alone_in_loc(
    client: httpx.AsyncClient, alice: Caller, field: str, value: object
) -> None:
    """One error at ["body", field], as POST gives; no union members ("function-after[…]", "none")."""
    todo = (await client.post(TODOS, json={"title": "t"}, headers=alice.headers)).json()
    response = await client.put(f"{TODOS}/{todo['id']}", json={field: value}, headers=alice.headers)
    assert response.status_code == 422, response.text
    assert [error["loc"] for error in response.json()["errors"]] == [["body", field]]
    assert response.json()["detail"].startswith(f"body.{field}: ")


@pytest.mark.parametrize(
    ("body", "loc"), [({"is_completed": "yes"}, ["body", "is_completed"]), ([1], ["body"])]
)
async def test_complete_errors_name_the_field_alone_in_loc(
    client: httpx.AsyncClient, alice: Caller, body: object, loc: list[str]
) -> None:
    """No "TodoCompletion" or "none" union member in ``loc``: the optional body validates as one model."""
    todo = (await client.post(TODOS, json={"title": "t"}, headers=alice.headers)).json()
    response = await client.patch(f"{TODOS}/{todo['id']}/complete", json=body, headers=alice.headers)
    assert response.status_code == 422, response.text
    assert [error["loc"] for error in response.json()["errors"]] == [loc]


@pytest.mark.parametrize(
    "body", [{}, {"is_completed": None}, {"is_completed": "yes"}, {"is_completed": True, "title": "x"}]
)
async def test_complete_rejects_invalid_body(
    client: httpx.AsyncClient, alice: Caller, body: dict[str, Any]
) -> None:
    todo = (await client.post(TODOS, json={"title": "t"}, headers=alice.headers)).json()
    _assert_422(
        await client.patch(f"{TODOS}/{todo['id']}/complete", json=body, headers=alice.headers), "body"
    )


@pytest.mark.parametrize("todo_id", ["0", "-1", "abc", "1.5", str(2**63)])
async def test_invalid_ids_are_422(client: httpx.AsyncClient, alice: Caller, todo_id: str) -> None:
    _assert_422(await client.get(f"{TODOS}/{todo_id}", headers=alice.headers), "path", "todo_id")


async def test_largest_id_is_a_plain_404(client: httpx.AsyncClient, alice: Caller) -> None:
    response = await client.get(f"{TODOS}/{2**63 - 1}", headers=alice.headers)
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("params", "loc"),
    [
        ({"limit": 0}, ("query", "limit")),
        ({"limit": 101}, ("query", "limit")),
        ({"limit": "ten"}, ("query", "limit")),
        ({"skip": -1}, ("query", "skip")),
        ({"skip": 2**63}, ("query", "skip")),
        ({"completed": "perhaps"}, ("query", "completed")),
        ({"q": ""}, ("query", "q")),
        ({"q": "x" * 201}, ("query", "q")),
        ({"q": "a\x00b"}, ("query", "q")),
        ({"sort": "id; DROP TABLE todo"}, ("query", "sort")),
    ],
)
async def test_list_rejects_invalid_parameters(
    client: httpx.AsyncClient, alice: Caller, params: dict[str, Any], loc: tuple[str, ...]
) -> None:
    _assert_422(await client.get(TODOS, params=params, headers=alice.headers), *loc)


async def test_list_accepts_boundary_parameters(client: httpx.AsyncClient, alice: Caller) -> None:
    for params in ({"limit": 1}, {"limit": 100}, {"skip": 0}, {"skip": 2**63 - 1}):
        response = await client.get(TODOS, params=params, headers=alice.headers)
        assert response.status_code == 200, (params, response.text)
