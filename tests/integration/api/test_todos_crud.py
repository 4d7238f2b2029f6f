"""Every endpoint and its status codes, on real PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.integration.api.helpers import TODOS, Caller

pytestmark = pytest.mark.pgbouncer  # also through PgBouncer: see conftest.py


def _parse_time(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    assert parsed.utcoffset() == timedelta(0), value  # timezone-aware UTC
    return parsed


async def _create(
    client: httpx.AsyncClient, who: Caller, title: str = "Buy milk", **body: object
) -> dict[str, Any]:
    response = await client.post(TODOS, json={"title": title, **body}, headers=who.headers)
    assert response.status_code == 201, response.text
    todo: dict[str, Any] = response.json()
    return todo


async def test_create_returns_201_location_and_the_todo(client: httpx.AsyncClient, alice: Caller) -> None:
    before = datetime.now(UTC) - timedelta(seconds=5)
    response = await client.post(
        TODOS, json={"title": "  Buy milk ", "description": "2 litres"}, headers=alice.headers
    )
    assert response.status_code == 201
    todo = response.json()
    assert response.headers["location"] == f"{TODOS}/{todo['id']}"
    assert set(todo) == {
        "id",
        "title",
        "description",
        "is_completed",
        "user_id",
        "created_at",
        "updated_at",
        "version",
        "deleted_at",
        "due",
        "priority",
        "labels",
        "completed_at",
        "etag",
    }
    assert todo["etag"] == response.headers["etag"]
    assert todo["title"] == "Buy milk"  # surrounding whitespace trimmed
    assert todo["description"] == "2 litres"
    assert todo["is_completed"] is False
    assert todo["user_id"] == alice.user_id
    assert isinstance(todo["id"], int) and todo["id"] > 0
    created = _parse_time(todo["created_at"])
    assert before < created < datetime.now(UTC) + timedelta(seconds=5)
    assert _parse_time(todo["updated_at"]) == created


async def test_get_returns_the_todo(client: httpx.AsyncClient, alice: Caller) -> None:
    todo = await _create(client, alice)
    response = await client.get(f"{TODOS}/{todo['id']}", headers=alice.headers)
    assert response.status_code == 200
    assert response.json() == todo


async def test_get_missing_returns_404_error_shape(client: httpx.AsyncClient, alice: Caller) -> None:
    response = await client.get(f"{TODOS}/987654321", headers=alice.headers)
    assert response.status_code == 404
    assert response.json() == {"status_code": 404, "code": "todo_not_found", "detail": "Todo not found."}


async def test_put_changes_only_the_fields_sent(client: httpx.AsyncClient, alice: Caller) -> None:
    todo = await _create(client, alice, description="keep me")
    response = await client.put(
        f"{TODOS}/{todo['id']}", json={"title": "Buy oat milk"}, headers=alice.headers
    )
    assert response.status_code == 200
    updated = response.json()
    assert updated["title"] == "Buy oat milk"
    assert updated["description"] == "keep me"
    assert updated["is_completed"] is False
    assert updated["created_at"] == todo["created_at"]
    assert _parse_time(updated["updated_at"]) > _parse_time(todo["updated_at"])


async def test_put_null_description_clears_it(client: httpx.AsyncClient, alice: Caller) -> None:
    todo = await _create(client, alice, description="old")
    response = await client.put(f"{TODOS}/{todo['id']}", json={"description": None}, headers=alice.headers)
    assert response.status_code == 200
    assert response.json()["description"] is None


async def test_put_all_fields_at_once(client: httpx.AsyncClient, alice: Caller) -> None:
    todo = await _create(client, alice)
    body = {"title": "New", "description": "desc", "is_completed": True}
    response = await client.put(f"{TODOS}/{todo['id']}", json=body, headers=alice.headers)
    assert response.status_code == 200
    assert {key: response.json()[key] for key in body} == body


async def test_put_same_values_keeps_updated_at(client: httpx.AsyncClient, alice: Caller) -> None:
    todo = await _create(client, alice)
    unchanged = await client.put(
        f"{TODOS}/{todo['id']}", json={"title": todo["title"]}, headers=alice.headers
    )
    empty = await client.put(f"{TODOS}/{todo['id']}", json={}, headers=alice.headers)
    assert unchanged.status_code == empty.status_code == 200
    assert unchanged.json()["updated_at"] == empty.json()["updated_at"] == todo["updated_at"]


async def test_put_missing_returns_404(client: httpx.AsyncClient, alice: Caller) -> None:
    response = await client.put(f"{TODOS}/987654321", json={"title": "x"}, headers=alice.headers)
    assert response.status_code == 404
    assert response.json()["code"] == "todo_not_found"


async def test_delete_returns_204_then_404(client: httpx.AsyncClient, alice: Caller) -> None:
    todo = await _create(client, alice)
    response = await client.delete(f"{TODOS}/{todo['id']}", headers=alice.headers)
    assert response.status_code == 204
    assert response.content == b""
    assert (await client.get(f"{TODOS}/{todo['id']}", headers=alice.headers)).status_code == 404
    assert (await client.delete(f"{TODOS}/{todo['id']}", headers=alice.headers)).status_code == 404


async def test_complete_without_body_toggles(client: httpx.AsyncClient, alice: Caller) -> None:
    todo = await _create(client, alice)
    url = f"{TODOS}/{todo['id']}/complete"
    first = await client.patch(url, headers=alice.headers)
    second = await client.patch(url, headers=alice.headers)
    assert first.status_code == second.status_code == 200
    assert first.json()["is_completed"] is True
    assert second.json()["is_completed"] is False


async def test_complete_with_body_sets_and_is_idempotent(client: httpx.AsyncClient, alice: Caller) -> None:
    todo = await _create(client, alice)
    url = f"{TODOS}/{todo['id']}/complete"
    first = await client.patch(url, json={"is_completed": True}, headers=alice.headers)
    again = await client.patch(url, json={"is_completed": True}, headers=alice.headers)
    assert first.status_code == again.status_code == 200
    assert first.json()["is_completed"] is again.json()["is_completed"] is True
    assert again.json()["updated_at"] == first.json()["updated_at"]  # the retry changed nothing
    reopened = await client.patch(url, json={"is_completed": False}, headers=alice.headers)
    assert reopened.json()["is_completed"] is False


async def test_complete_missing_returns_404(client: httpx.AsyncClient, alice: Caller) -> None:
    response = await client.patch(f"{TODOS}/987654321/complete", headers=alice.headers)
    assert response.status_code == 404


async def test_list_returns_page_envelope_newest_first(client: httpx.AsyncClient, alice: Caller) -> None:
    created = [await _create(client, alice, f"task {n}") for n in range(3)]
    response = await client.get(TODOS, headers=alice.headers)
    assert response.status_code == 200
    page = response.json()
    assert page["total"] == 3 and page["skip"] == 0 and page["limit"] == 100
    assert [item["id"] for item in page["items"]] == [todo["id"] for todo in reversed(created)]
    assert page["items"][0] == created[-1]


async def test_list_without_todos_is_empty(client: httpx.AsyncClient, alice: Caller) -> None:
    response = await client.get(TODOS, headers=alice.headers)
    assert response.status_code == 200
    assert response.json() == {
        "items": [],
        "total": 0,
        "skip": 0,
        "limit": 100,
        "next_cursor": None,
        "total_is_exact": True,
    }


async def test_unknown_route_and_method_use_error_shape(client: httpx.AsyncClient, alice: Caller) -> None:
    missing = await client.get("/api/v1/nope", headers=alice.headers)
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    wrong_method = await client.post(f"{TODOS}/1", headers=alice.headers)
    assert wrong_method.status_code == 405
    assert wrong_method.json() == {
        "status_code": 405,
        "code": "method_not_allowed",
        "detail": "Method Not Allowed",
    }
    assert "GET" in wrong_method.headers["allow"]


async def test_readyz_answers_200_with_database(client: httpx.AsyncClient) -> None:
    assert (await client.get("/readyz")).json() == {"status": "ok"}
    assert (await client.get("/healthz")).status_code == 200
