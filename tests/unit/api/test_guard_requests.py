"""GuardRequests answers requests without ``Origin`` exactly as Starlette's CORSMiddleware would.

(It only sends requests with ``Origin`` through CORSMiddleware; without one, that middleware's only effect is
``Vary: Origin`` on the answer, which GuardRequests adds itself.)
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp
from todos_api.middleware import GuardRequests

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
