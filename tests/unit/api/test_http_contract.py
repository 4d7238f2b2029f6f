"""The HTTP surface without a database: error shape everywhere, 413, CORS, health, and the OpenAPI schema."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, MutableMapping
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from todos_api.http.routes import events, health, todos
from todos_api.main import create_app

from tests.support.tokens import SigningKey, better_auth_claims, sign
from tests.unit.api.conftest import RecordingDatabase, unit_settings

TODOS = "/api/v1/todos"
ERROR_KEYS = {"status_code", "code", "detail"}


async def test_unknown_path_is_404_with_error_shape(client: httpx.AsyncClient) -> None:
    response = await client.get("/nowhere")
    assert response.status_code == 404
    assert response.json() == {"status_code": 404, "code": "not_found", "detail": "Not Found"}


async def test_wrong_method_is_405_with_error_shape(client: httpx.AsyncClient) -> None:
    response = await client.delete(TODOS)
    assert response.status_code == 405 and set(response.json()) == ERROR_KEYS
    assert response.json()["code"] == "method_not_allowed"


async def test_body_over_the_limit_is_413_before_auth(client: httpx.AsyncClient) -> None:
    response = await client.post(
        TODOS, content=b"x" * (64 * 1024 + 1), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json() == {
        "status_code": 413,
        "code": "payload_too_large",
        "detail": "Request body too large.",
    }


async def test_streamed_body_over_the_limit_is_413(client: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(20):
            yield b"y" * 8192

    response = await client.put(f"{TODOS}/1", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413 and response.json()["code"] == "payload_too_large"


async def test_streamed_body_under_the_limit_reaches_the_app(client: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"title": '
        yield b'"ok"}'

    response = await client.post(TODOS, content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 401  # the body passed the limit; the missing token is the next check


async def test_invalid_content_length_is_refused(app: FastAPI) -> None:
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> MutableMapping[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http", "method": "POST", "path": TODOS, "raw_path": TODOS.encode(), "query_string": b"",
        "headers": [(b"content-length", b"-5")], "http_version": "1.1", "scheme": "http",
        "server": ("api.test", 80), "client": ("127.0.0.1", 1), "root_path": "",
    }  # fmt: skip
    await app(scope, receive, send)
    assert sent[0]["status"] == 413


async def test_unexpected_error_is_500_with_error_shape(
    client: httpx.AsyncClient, database: RecordingDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom: SELECT secret FROM somewhere")

    monkeypatch.setattr(database, "ping", broken)
    response = await client.get("/readyz")
    assert response.status_code == 500
    assert response.json() == {
        "status_code": 500,
        "code": "internal_error",
        "detail": "Internal server error.",
    }
    assert "SELECT" not in response.text


async def test_readyz_is_503_when_the_database_does_not_answer(
    client: httpx.AsyncClient, database: RecordingDatabase
) -> None:
    database.reachable = False
    response = await client.get("/readyz")
    assert response.status_code == 503 and response.json()["code"] == "database_unavailable"
    assert (await client.get("/healthz")).json() == {"status": "ok"}


async def test_validation_error_does_not_echo_input(
    client: httpx.AsyncClient, signing_key: SigningKey
) -> None:
    headers = {"Authorization": f"Bearer {sign(better_auth_claims('u1'), signing_key)}"}
    response = await client.get(TODOS, params={"limit": "secret-value"}, headers=headers)
    assert response.status_code == 422
    body = response.json()
    assert set(body) == ERROR_KEYS | {"errors"} and "secret-value" not in response.text
    assert body["errors"][0]["loc"] == ["query", "limit"]
    assert body["detail"].startswith("query.limit: ")


@pytest.fixture
async def cors_client() -> AsyncIterator[httpx.AsyncClient]:
    settings = unit_settings(cors_origins=["https://app.example", "http://localhost:3000"])
    application = create_app(settings, database=RecordingDatabase(settings))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=application), base_url="http://api.test"
    ) as c:
        yield c


async def test_cors_preflight_allows_configured_origin(cors_client: httpx.AsyncClient) -> None:
    response = await cors_client.options(
        TODOS,
        headers={
            "Origin": "https://app.example",
            "Access-Control-Request-Method": "PATCH",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "https://app.example"
    assert "PATCH" in response.headers["access-control-allow-methods"]
    assert "authorization" in response.headers["access-control-allow-headers"].lower()


async def test_cors_refuses_other_origins(cors_client: httpx.AsyncClient) -> None:
    preflight = await cors_client.options(
        TODOS, headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"}
    )
    assert preflight.status_code == 400
    assert "access-control-allow-origin" not in preflight.headers
    simple = await cors_client.get(TODOS, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in simple.headers


async def test_cors_headers_on_errors_and_location_exposed(cors_client: httpx.AsyncClient) -> None:
    response = await cors_client.get(TODOS, headers={"Origin": "http://localhost:3000"})
    assert response.status_code == 401
    assert response.headers["access-control-allow-origin"] == "http://localhost:3000"
    assert "location" in response.headers["access-control-expose-headers"].lower()


def test_cors_defaults_to_auth_url() -> None:
    assert unit_settings(auth_url="https://todos.example/").allowed_origins == ["https://todos.example"]


def test_every_route_has_a_one_line_docstring() -> None:
    routes = [*todos.router.routes, *events.router.routes, *health.router.routes]
    assert len(routes) == 11
    for route in routes:
        assert isinstance(route, APIRoute)
        doc = route.endpoint.__doc__
        assert doc and len(doc.strip().splitlines()) == 1, route.name


def test_every_operation_declares_the_error_shape() -> None:
    schema = create_app(unit_settings()).openapi()
    operations = [(path, op) for path, item in schema["paths"].items() for op in item.values()]
    assert len(operations) == 12
    for path, operation in operations:
        operation_id = operation["operationId"]
        assert re.fullmatch(r"(todos|labels|health)-[a-z_]+", operation_id), operation_id
        assert operation["description"] and "\n" not in operation["description"]
        for status, response in operation["responses"].items():
            if status.startswith(("4", "5")):
                ref = response["content"]["application/json"]["schema"]["$ref"]
                expected = "ValidationErrorResponse" if status == "422" else "ErrorResponse"
                assert ref.endswith(f"/{expected}"), (path, status)
        if path.startswith("/api/v1"):
            assert {"401", "422", "500", "503"} <= set(operation["responses"]), path
            assert operation["security"] == [{"HTTPBearer": []}]
    assert "HTTPValidationError" not in schema["components"]["schemas"]


def test_put_and_create_bodies_forbid_unknown_fields() -> None:
    schemas = create_app(unit_settings()).openapi()["components"]["schemas"]
    for name in ("TodoCreate", "TodoUpdate", "TodoCompletion"):
        assert schemas[name]["additionalProperties"] is False, name
    assert set(schemas["ErrorResponse"]["required"]) == ERROR_KEYS
    assert schemas["TodoPublic"]["properties"]["created_at"]["format"] == "date-time"
