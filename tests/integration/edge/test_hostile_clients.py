"""Hostile or sloppy clients against a real `todos-api serve`: every refusal is the one JSON error shape."""

from __future__ import annotations

import json
import select
import socket
import time
from typing import Any

import httpx
import pytest

from tests.integration.api.helpers import TODOS, Caller, Users
from tests.integration.edge.helpers import (
    ALLOWED_ORIGIN,
    ApiProcess,
    elapsed_until_closed,
    parse_response,
    raw_exchange,
)
from tests.support.tokens import better_auth_claims, sign

SIX_ENDPOINTS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", TODOS, None),
    ("POST", TODOS, {"title": "t"}),
    ("GET", f"{TODOS}/1", None),
    ("PUT", f"{TODOS}/1", {"title": "t"}),
    ("DELETE", f"{TODOS}/1", None),
    ("PATCH", f"{TODOS}/1/complete", None),
]


def _assert_error(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"status_code", "code", "detail"} and body["detail"]
    assert (body["status_code"], body["code"]) == (status, code)


def _assert_raw_error(raw: bytes, status: int, code: str) -> None:
    got_status, headers, body = parse_response(raw)
    assert got_status == status, raw[:500]
    assert headers["content-type"] == "application/json" and headers["connection"] == "close"
    assert json.loads(body)["code"] == code and json.loads(body)["status_code"] == status


@pytest.mark.parametrize(
    "claims",
    [{"sub": "user\x00"}, {"sid": "session\x00"}, {"sub": "\ud800"}, {"sub": "u" * 300}, {"sid": 12}],
    ids=repr,
)
async def test_signed_token_with_unusable_id_is_401_on_all_six_endpoints(
    api: ApiProcess, alice: Caller, users: Users, claims: dict[str, Any]
) -> None:
    token = sign(better_auth_claims(alice.user_id, sid=alice.session_id) | claims, users.key)
    async with httpx.AsyncClient(base_url=api.url, headers={"Authorization": f"Bearer {token}"}) as client:
        for method, path, body in SIX_ENDPOINTS:
            _assert_error(await client.request(method, path, json=body), 401, "invalid_token")


@pytest.mark.parametrize("exp", [1e20, 10**400, time.time() + 2 * 86_400])
async def test_token_beyond_the_lifetime_cap_is_401(
    api: ApiProcess, alice: Caller, users: Users, exp: float
) -> None:
    token = sign(better_auth_claims(alice.user_id, sid=alice.session_id, exp=exp), users.key)
    async with httpx.AsyncClient(base_url=api.url) as client:
        response = await client.get(TODOS, headers={"Authorization": f"Bearer {token}"})
        _assert_error(response, 401, "invalid_token")
        assert (await client.get(TODOS, headers=alice.headers)).status_code == 200


async def test_two_authorization_headers_are_refused_with_400(api: ApiProcess, alice: Caller) -> None:
    twice = [("Authorization", alice.headers["Authorization"])] * 2
    async with httpx.AsyncClient(base_url=api.url) as client:
        _assert_error(await client.get(TODOS, headers=twice), 400, "ambiguous_request")
        other = [twice[0], ("Authorization", "Bearer someone-else")]
        _assert_error(await client.get(TODOS, headers=other), 400, "ambiguous_request")
        assert (await client.get(TODOS, headers=alice.headers)).status_code == 200  # same connection


def test_header_block_over_the_cap_is_431_in_one_read(api: ApiProcess) -> None:
    request = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 40_000 + b"\r\n\r\n"
    _assert_raw_error(raw_exchange(api.port, request), 431, "headers_too_large")


def test_many_small_headers_over_the_cap_are_431(api: ApiProcess) -> None:
    headers = b"".join(b"X-H%d: %s\r\n" % (i, b"v" * 50) for i in range(700))  # ~43 KB
    request = b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + headers + b"\r\n"
    _assert_raw_error(raw_exchange(api.port, request), 431, "headers_too_large")


def test_endless_header_is_cut_off_near_the_cap(api: ApiProcess) -> None:
    """A client streaming a 64 MB header gets its 431 after about the cap (32 KiB), not after 64 MB."""
    sent = 0
    with socket.create_connection(("127.0.0.1", api.port), timeout=10) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ")
        while sent < 64 * 1024 * 1024 and not select.select([sock], [], [], 0.001)[0]:
            sock.sendall(b"a" * 4096)
            sent += 4096
        answer = b"".join(iter(lambda: sock.recv(65536), b""))
    assert sent < 1024 * 1024
    _assert_raw_error(answer, 431, "headers_too_large")


def test_header_block_under_the_cap_is_served(api: ApiProcess) -> None:
    head = b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
    request = head + b"X-Big: " + b"a" * 30_000 + b"\r\n\r\n"
    status, _, body = parse_response(raw_exchange(api.port, request))
    assert status == 200 and json.loads(body) == {"status": "ok"}


def test_slow_header_read_gets_408_within_the_deadline(api: ApiProcess) -> None:
    with socket.create_connection(("127.0.0.1", api.port), timeout=10) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        started = time.monotonic()
        for _ in range(20):  # one header byte every 0.2 s, until the server answers (4 s at most)
            if select.select([sock], [], [], 0.2)[0]:
                break
            sock.sendall(b"X")
        elapsed = time.monotonic() - started
        answer = b"".join(iter(lambda: sock.recv(65536), b""))
    assert elapsed < 2.0  # HEADER_TIMEOUT_SECONDS=1 for this server
    _assert_raw_error(answer, 408, "request_timeout")


def test_silent_connection_is_closed_after_the_deadline(api: ApiProcess) -> None:
    with socket.create_connection(("127.0.0.1", api.port), timeout=10) as sock:
        elapsed, received = elapsed_until_closed(sock)
    assert received == b"" and 0.8 < elapsed < 2.5


def test_idle_keep_alive_connection_then_slow_headers_gets_408(api: ApiProcess) -> None:
    with socket.create_connection(("127.0.0.1", api.port), timeout=10) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        first = sock.recv(65536)
        assert first.startswith(b"HTTP/1.1 200")
        sock.sendall(b"GET /healthz HTTP/1.1\r\n")  # a second request that never finishes its headers
        elapsed, answer = elapsed_until_closed(sock)
    assert elapsed < 2.5
    _assert_raw_error(answer, 408, "request_timeout")


def test_malformed_request_is_400_in_the_error_shape(api: ApiProcess) -> None:
    _assert_raw_error(raw_exchange(api.port, b"NOT HTTP AT ALL\r\n\r\n"), 400, "bad_request")


@pytest.mark.parametrize(
    ("origin", "request_headers", "failure"),
    [
        ("https://evil.example", "authorization", "origin"),
        ("null", "authorization", "origin"),
        (ALLOWED_ORIGIN, "authorization, x-sneaky", "headers"),
    ],
)
async def test_refused_cors_preflight_is_400_in_the_error_shape(
    api: ApiProcess, origin: str, request_headers: str, failure: str
) -> None:
    headers = {
        "Origin": origin,
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": request_headers,
    }
    async with httpx.AsyncClient(base_url=api.url) as client:
        response = await client.options(TODOS, headers=headers)
    _assert_error(response, 400, "cors_refused")
    assert failure in response.json()["detail"]
    assert "access-control-allow-origin" not in response.headers or origin == ALLOWED_ORIGIN


async def test_allowed_cors_preflight_still_succeeds(api: ApiProcess) -> None:
    headers = {
        "Origin": ALLOWED_ORIGIN,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
    }
    async with httpx.AsyncClient(base_url=api.url) as client:
        response = await client.options(TODOS, headers=headers)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
