"""LeanRoute answers exactly as FastAPI's own handler would, for the same route declarations.

Each request goes to the app twice: once as served (LeanRoute's short handler) and once with the same
routes served by FastAPI's own request handler (``APIRoute.get_route_handler``); status, headers, body and
the SQL run must be identical. The cases are the ones the short handler parses itself: path/query/body
validation (booleans, repeated parameters, bad numbers), JSON and content-type rules, empty bodies, 401
before 422, and the database outcomes (found, not found, session gone).
"""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, request_response
from fastapi.telemetry._api import _get_request_telemetry
from opentelemetry import trace
from todos_api.http import lean_route
from todos_api.http.lean_route import LeanRoute
from todos_api.http.routes import todos
from todos_api.main import create_app

from tests.support.tokens import SigningKey, better_auth_claims, sign
from tests.unit.api.conftest import TASK_FIELD_COLUMNS, RecordingDatabase, unit_settings

TODOS = "/api/v1/todos"
USER = "user-1"
MOMENT = datetime(2025, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)
ROW = {
    "auth_user_id": USER, "total": 1, "id": 7, "title": "Ünïcode ✓ \"quoted\"", "description": None,
    "is_completed": False, "user_id": USER, "created_at": MOMENT, "updated_at": MOMENT, "version": 1,
    "deleted_at": None, **TASK_FIELD_COLUMNS,
}  # fmt: skip
FOUND: list[dict[str, Any]] = [ROW]
NOT_FOUND: list[dict[str, Any]] = [{**ROW, "id": None}]
SESSION_GONE: list[dict[str, Any]] = []
BOOLEANS = ("true", "false", "1", "0", "yes", "off", "maybe", "")

JSON = {"Content-Type": "application/json"}
Case = tuple[str, str, dict[str, str], bytes | None]

CASES: list[Case] = [
    # path parameter
    ("GET", f"{TODOS}/7", {}, None),
    ("GET", f"{TODOS}/0", {}, None),
    ("GET", f"{TODOS}/-1", {}, None),
    ("GET", f"{TODOS}/abc", {}, None),
    ("GET", f"{TODOS}/1.5", {}, None),
    ("GET", f"{TODOS}/1.0", {}, None),
    ("GET", f"{TODOS}/007", {}, None),
    ("GET", f"{TODOS}/9223372036854775807", {}, None),
    ("GET", f"{TODOS}/9223372036854775808", {}, None),
    ("DELETE", f"{TODOS}/7", {}, None),
    ("DELETE", f"{TODOS}/x", {}, None),
    # query parameters
    ("GET", TODOS, {}, None),
    *[("GET", f"{TODOS}?completed={value}", {}, None) for value in BOOLEANS],
    ("GET", f"{TODOS}?completed=true&completed=false", {}, None),
    ("GET", f"{TODOS}?limit=abc", {}, None),
    ("GET", f"{TODOS}?limit=1_0", {}, None),
    ("GET", f"{TODOS}?limit=%205", {}, None),
    ("GET", f"{TODOS}?limit=0", {}, None),
    ("GET", f"{TODOS}?limit=101", {}, None),
    ("GET", f"{TODOS}?limit=5&limit=abc", {}, None),
    ("GET", f"{TODOS}?limit=abc&limit=5", {}, None),
    ("GET", f"{TODOS}?skip=-1&limit=0&sort=nope", {}, None),
    ("GET", f"{TODOS}?skip=9223372036854775808", {}, None),
    ("GET", f"{TODOS}?sort=title_asc&q=milk", {}, None),
    ("GET", f"{TODOS}?q=", {}, None),
    ("GET", f"{TODOS}?q=a%00b", {}, None),
    ("GET", f"{TODOS}?q={'x' * 201}", {}, None),
    ("GET", f"{TODOS}?unknown=1&limit=2", {}, None),
    # create body
    ("POST", TODOS, JSON, b'{"title": "  Buy milk  ", "description": "2 l"}'),
    ("POST", TODOS, JSON, b'{"title": "x", "description": null}'),
    ("POST", TODOS, JSON, b"{}"),
    ("POST", TODOS, JSON, b'{"title": ""}'),
    ("POST", TODOS, JSON, b'{"title": "   "}'),
    ("POST", TODOS, JSON, b'{"title": 5}'),
    ("POST", TODOS, JSON, b'{"title": "x", "owner": "me"}'),
    ("POST", TODOS, JSON, ('{"title": "%s"}' % ("x" * 201)).encode()),
    ("POST", TODOS, JSON, b'{"title": "a\\u0000b"}'),
    ("POST", TODOS, JSON, b"null"),
    ("POST", TODOS, JSON, b"[]"),
    ("POST", TODOS, JSON, b'"title"'),
    ("POST", TODOS, JSON, b"{"),
    ("POST", TODOS, JSON, b'{"title": "x",}'),
    ("POST", TODOS, JSON, b"\xff\xfe{}"),
    ("POST", TODOS, JSON, b""),
    ("POST", TODOS, {}, b'{"title": "x"}'),
    ("POST", TODOS, {"Content-Type": "text/plain"}, b'{"title": "x"}'),
    ("POST", TODOS, {"Content-Type": "application/json; charset=utf-8"}, b'{"title": "x"}'),
    ("POST", TODOS, {"Content-Type": "Application/JSON"}, b'{"title": "x"}'),
    ("POST", TODOS, {"Content-Type": "application/vnd.todo+json"}, b'{"title": "x"}'),
    ("POST", TODOS, {"Content-Type": "application/x-www-form-urlencoded"}, b"title=x"),
    # update body
    ("PUT", f"{TODOS}/7", JSON, b'{"title": "New", "is_completed": true}'),
    ("PUT", f"{TODOS}/7", JSON, b'{"description": null}'),
    ("PUT", f"{TODOS}/7", JSON, b"{}"),
    ("PUT", f"{TODOS}/7", JSON, b'{"title": null}'),
    ("PUT", f"{TODOS}/7", JSON, b'{"is_completed": "true"}'),
    ("PUT", f"{TODOS}/7", JSON, b'{"is_completed": 1, "extra": 2}'),
    ("PUT", f"{TODOS}/7", JSON, b""),
    ("PUT", f"{TODOS}/abc", JSON, b'{"title": ""}'),
    # completion: no body toggles, a body sets
    ("PATCH", f"{TODOS}/7/complete", {}, None),
    ("PATCH", f"{TODOS}/7/complete", JSON, b""),
    ("PATCH", f"{TODOS}/7/complete", JSON, b"{}"),
    ("PATCH", f"{TODOS}/7/complete", JSON, b"null"),
    ("PATCH", f"{TODOS}/7/complete", JSON, b'{"is_completed": true}'),
    ("PATCH", f"{TODOS}/7/complete", JSON, b'{"is_completed": "yes"}'),
    ("PATCH", f"{TODOS}/7/complete", JSON, b'{"is_completed": false, "x": 1}'),
    ("PATCH", f"{TODOS}/7/complete", JSON, b"{nope"),
    ("PATCH", f"{TODOS}/7/complete", {"Content-Type": "text/plain"}, b'{"is_completed": true}'),
    ("PATCH", f"{TODOS}/0/complete", JSON, b'{"is_completed": 3}'),
    # routing
    ("DELETE", TODOS, {}, None),
    ("PATCH", f"{TODOS}/7", JSON, b"{}"),
    ("POST", f"{TODOS}/7/complete", {}, None),
]


def _reference(app: FastAPI) -> FastAPI:
    """The same app, its LeanRoutes served by FastAPI's own handler (copies: the routes are shared)."""
    twin = create_app(app.state.settings, database=app.state.db)
    twin.state.verifier = app.state.verifier
    routes = twin.router.routes
    for index, route in enumerate(routes):
        if isinstance(route, LeanRoute):
            framework = copy.copy(route)
            framework.app = request_response(APIRoute.get_route_handler(route))
            routes[index] = framework
    return twin


@pytest.fixture
async def reference(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=_reference(app))
    async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as client:
        yield client


async def _exchange(
    client: httpx.AsyncClient, database: RecordingDatabase, case: Case, headers: dict[str, str]
) -> tuple[int, list[tuple[str, str]], bytes, list[tuple[str, tuple[Any, ...]]]]:
    method, url, own_headers, body = case
    database.statements.clear()
    response = await client.request(method, url, headers={**own_headers, **headers}, content=body)
    return response.status_code, response.headers.multi_items(), response.content, list(database.statements)


def test_every_todo_route_is_served_lean() -> None:
    assert len(todos.router.routes) == 8  # the event stream (routes/events.py) takes the Request: FastAPI's
    assert all(isinstance(route, LeanRoute) and route.lean for route in todos.router.routes)


def _case_id(case: Case) -> str:
    method, url, headers, body = case
    return f"{method} {url[len(TODOS) :] or '/'} {headers.get('Content-Type', '-')} {body!r:.40}"


@pytest.mark.parametrize("case", CASES, ids=[_case_id(case) for case in CASES])
async def test_lean_route_answers_like_fastapi(
    client: httpx.AsyncClient,
    reference: httpx.AsyncClient,
    database: RecordingDatabase,
    signing_key: SigningKey,
    case: Case,
) -> None:
    bearer = {"Authorization": f"Bearer {sign(better_auth_claims(USER, sid='s1'), signing_key)}"}
    for rows in (FOUND, NOT_FOUND, SESSION_GONE):
        database.rows = rows
        lean = await _exchange(client, database, case, bearer)
        framework = await _exchange(reference, database, case, bearer)
        assert lean == framework, rows
    # Without a token: the 401 (or a 422 for unparsable JSON, read first) comes before any other check.
    assert await _exchange(client, database, case, {}) == await _exchange(reference, database, case, {})


async def test_lean_route_validates_query_values_as_fastapi(
    client: httpx.AsyncClient, database: RecordingDatabase, signing_key: SigningKey
) -> None:
    # Not only the same answer as FastAPI: the values reach the statement converted as declared.
    database.rows = FOUND
    bearer = {"Authorization": f"Bearer {sign(better_auth_claims(USER), signing_key)}"}
    for raw, parsed in (("true", True), ("false", False)):
        response = await client.get(f"{TODOS}?completed={raw}&limit=5&skip=2", headers=bearer)
        assert response.status_code == 200
        assert database.statements[-1][1][:6] == (USER, None, parsed, None, 5 + 1, 2)  # + 1: is there more
    response = await client.get(f"{TODOS}?limit=5&limit=abc", headers=bearer)
    assert response.status_code == 422  # FastAPI validates the last of repeated values
    assert response.json()["errors"] == [
        {"loc": ["query", "limit"], "msg": "Input should be a valid integer, unable to parse string as an "
         "integer", "type": "int_parsing"}
    ]  # fmt: skip


class RecordingTracerProvider(trace.TracerProvider):
    """A configured (not no-op) provider, so that FastAPI's instrumentation switches on."""

    def __init__(self) -> None:
        self.tracers = 0

    def get_tracer(self, *args: Any, **kwargs: Any) -> trace.Tracer:
        del args, kwargs
        self.tracers += 1
        return trace.NoOpTracer()


async def test_fastapi_telemetry_requests_take_fastapi_handler(
    app: FastAPI, database: RecordingDatabase, signing_key: SigningKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With OTEL_ENABLED and a tracer configured, FastAPI's instrumentation records inside its own
    # handler: LeanRoute hands those requests to it, and the answers stay the same.
    provider = RecordingTracerProvider()
    monkeypatch.setattr(trace, "get_tracer_provider", lambda: provider)
    telemetry_seen: list[bool] = []
    original = _get_request_telemetry

    def spy() -> Any:
        found = original()
        telemetry_seen.append(found is not None)
        return found

    monkeypatch.setattr(lean_route, "_get_request_telemetry", spy)
    traced = create_app(unit_settings(otel_enabled=True), database=database)
    traced.state.verifier = app.state.verifier
    bearer = {"Authorization": f"Bearer {sign(better_auth_claims(USER), signing_key)}"}
    database.rows = FOUND
    cases: list[Case] = [
        ("GET", f"{TODOS}/7", {}, None),
        ("GET", f"{TODOS}?limit=0", {}, None),
        ("POST", TODOS, JSON, b'{"title": ""}'),
    ]
    for case in cases:
        async with (
            httpx.AsyncClient(transport=httpx.ASGITransport(app=traced), base_url="http://t") as with_otel,
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as without,
        ):
            assert await _exchange(with_otel, database, case, bearer) == await _exchange(
                without, database, case, bearer
            )
    assert provider.tracers > 0
    assert telemetry_seen.count(True) == len(cases)  # the traced requests, and only those
