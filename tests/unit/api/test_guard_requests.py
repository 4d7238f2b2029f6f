"""GuardRequests answers requests without ``Origin`` exactly as Starlette's CORSMiddleware would.

(It only sends requests with ``Origin`` through CORSMiddleware; without one, that middleware's only effect is
``Vary: Origin`` on the answer, which GuardRequests adds itself.) Where it answers differently on purpose: a
refused preflight has the error shape as body (same status and headers), two ``Authorization`` headers are a
400, and a request cancelled by the shutdown grace period is a 503.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message
from todos_api.http.middleware import GuardRequests

CORS: dict[str, Any] = {
    "allow_origins": ["https://app.example"],
    "allow_methods": ["GET", "POST", "PUT", "PATCH", "DELETE"],
    "allow_headers": ["Authorization", "Content-Type"],
    "expose_headers": ["Location"],
    "max_age": 600,
}


async def plain(_request: Request) -> Response:
    return JSONResponse({"ok": True}, headers={"Location": "/x"})


async def varies(_request: Request) -> Response:
    return PlainTextResponse("v", headers={"Vary": "Accept-Encoding"})


async def echo(request: Request) -> Response:
    return PlainTextResponse(await request.body(), status_code=201)


def _inner() -> ASGIApp:
    routes = [Route("/plain", plain), Route("/varies", varies), Route("/echo", echo, methods=["POST"])]
    return Starlette(routes=routes)


async def _answer(app: ASGIApp, method: str, path: str, **kwargs: Any) -> tuple[int, list[Any], bytes]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as client:
        response = await client.request(method, path, **kwargs)
    return response.status_code, response.headers.multi_items(), response.content


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("GET", "/plain", {}),
        ("GET", "/varies", {}),
        ("GET", "/missing", {}),
        ("DELETE", "/plain", {}),
        ("OPTIONS", "/plain", {"headers": {"Access-Control-Request-Method": "GET"}}),
        ("POST", "/echo", {"content": b"hello"}),
        ("GET", "/plain", {"headers": {"Origin": "https://app.example"}}),
        ("GET", "/varies", {"headers": {"Origin": "https://evil.example"}}),
        (
            "OPTIONS",
            "/plain",
            {"headers": {"Origin": "https://app.example", "Access-Control-Request-Method": "GET"}},
        ),
    ],
)
async def test_guard_answers_like_cors_middleware(method: str, path: str, kwargs: dict[str, Any]) -> None:
    guarded = GuardRequests(_inner(), max_body_bytes=1024, cors=CORS)
    reference = CORSMiddleware(_inner(), **CORS)
    assert await _answer(guarded, method, path, **kwargs) == await _answer(reference, method, path, **kwargs)


async def test_refusal_without_origin_still_varies_on_origin() -> None:
    guarded = GuardRequests(_inner(), max_body_bytes=4, cors=CORS)
    status, headers, _ = await _answer(guarded, "POST", "/echo", content=b"too long")
    assert status == 413
    assert ("vary", "Origin") in headers
    assert ("connection", "close") not in headers  # the short body was read to its end: keep-alive


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
        {"Origin": "null", "Access-Control-Request-Method": "GET"},
        {"Origin": "https://app.example", "Access-Control-Request-Method": "TRACE"},
        {
            "Origin": "https://app.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "x-sneaky",
        },
    ],
)
async def test_refused_preflight_keeps_status_and_headers_with_the_error_shape(
    headers: dict[str, str],
) -> None:
    guarded = GuardRequests(_inner(), max_body_bytes=1024, cors=CORS)
    reference = CORSMiddleware(_inner(), **CORS)
    status, got, body = await _answer(guarded, "OPTIONS", "/plain", headers=headers)
    want_status, want, want_body = await _answer(reference, "OPTIONS", "/plain", headers=headers)
    assert status == want_status == 400
    unframed = {"content-type", "content-length"}
    assert [h for h in got if h[0] not in unframed] == [h for h in want if h[0] not in unframed]
    assert ("content-type", "application/json") in got
    detail = want_body.decode() + "."  # Starlette's "Disallowed CORS origin" (or method, headers)
    assert json.loads(body) == {"status_code": 400, "code": "cors_refused", "detail": detail}


async def test_two_authorization_headers_are_400_before_the_app() -> None:
    guarded = GuardRequests(_inner(), max_body_bytes=1024, cors=CORS)
    twice = [("Authorization", "Bearer a"), ("Authorization", "Bearer b")]
    status, headers, body = await _answer(guarded, "GET", "/plain", headers=twice)
    assert status == 400 and ("vary", "Origin") in headers
    assert json.loads(body)["code"] == "ambiguous_request"


async def test_request_cancelled_by_shutdown_is_answered_503() -> None:
    async def never_done(_request: Request) -> Response:
        await asyncio.sleep(3600)
        raise AssertionError("unreachable")

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    guarded = GuardRequests(Starlette(routes=[Route("/slow", never_done)]), max_body_bytes=1024, cors=CORS)
    scope = {"type": "http", "method": "GET", "path": "/slow", "headers": [], "query_string": b""}
    task = asyncio.create_task(guarded(scope, receive, send))
    await asyncio.sleep(0.05)
    task.cancel()  # what uvicorn does when SHUTDOWN_GRACE_SECONDS has passed
    with pytest.raises(asyncio.CancelledError):
        await task
    assert sent[0]["status"] == 503
    assert (b"retry-after", b"1") in sent[0]["headers"] and (b"connection", b"close") in sent[0]["headers"]
    assert json.loads(sent[1]["body"])["code"] == "shutting_down"
