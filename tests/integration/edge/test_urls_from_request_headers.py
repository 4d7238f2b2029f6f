"""No answer carries a URL built from what the client says about the server (Host, X-Forwarded-*), and
forwarded headers are believed only from proxies named in FORWARDED_ALLOW_IPS (none by default)."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.integration.api.helpers import TODOS, Caller
from tests.integration.edge.helpers import ApiProcess, api_env, parse_response, raw_exchange

SPOOFED = "Host: evil.example\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: evil.example\r\n"


@pytest.mark.parametrize(
    ("method", "target", "location"),
    [
        ("POST", f"{TODOS}/", TODOS),
        ("GET", f"{TODOS}/?limit=5&q=a%20b", f"{TODOS}?limit=5&q=a%20b"),
        ("GET", f"{TODOS}/7/", f"{TODOS}/7"),
        ("GET", "/healthz/", "/healthz"),
    ],
)
def test_trailing_slash_redirect_is_a_path_whatever_the_host(
    api: ApiProcess, method: str, target: str, location: str
) -> None:
    request = f"{method} {target} HTTP/1.1\r\n{SPOOFED}Content-Length: 0\r\nConnection: close\r\n\r\n"
    status, headers, _ = parse_response(raw_exchange(api.port, request.encode()))
    assert (status, headers["location"]) == (307, location)


def test_redirect_location_cannot_carry_smuggled_characters(api: ApiProcess) -> None:
    request = b"GET /healthz/?a=%0d%0aSet-Cookie:x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    status, headers, _ = parse_response(raw_exchange(api.port, request))
    assert (status, headers["location"]) == (307, "/healthz?a=%0d%0aSet-Cookie:x")
    assert "set-cookie" not in headers


async def test_created_location_is_a_path_whatever_the_host(api: ApiProcess, alice: Caller) -> None:
    spoofed = {"Host": "evil.example", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"}
    async with httpx.AsyncClient(base_url=api.url) as client:
        response = await client.post(TODOS, json={"title": "t"}, headers=alice.headers | spoofed)
    assert response.status_code == 201
    assert response.headers["location"] == f"{TODOS}/{response.json()['id']}"


def _logged_client(env: dict[str, str]) -> str:
    """The client address `todos-api serve` logs for a request that says it was forwarded for 203.0.113.9."""
    process = ApiProcess(env, access_log=True).start()
    try:
        request = (
            b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 203.0.113.9\r\nConnection: close\r\n\r\n"
        )
        assert parse_response(raw_exchange(process.port, request))[0] == 200
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            lines = [line for line in process.log().splitlines() if '"GET /healthz HTTP/1.1" 200' in line]
            if lines:
                return lines[-1]
            time.sleep(0.05)
        raise AssertionError(process.log())
    finally:
        process.stop()


def test_forwarded_for_is_believed_only_from_a_trusted_proxy(database_url: str, env: dict[str, str]) -> None:
    # The tests connect from 127.0.0.1, which uvicorn alone trusts: by default here, nobody is.
    untrusted = _logged_client(api_env(database_url, env["AUTH_JWKS_URL"]))
    assert "127.0.0.1:" in untrusted and "203.0.113.9" not in untrusted
    trusted = _logged_client(api_env(database_url, env["AUTH_JWKS_URL"], FORWARDED_ALLOW_IPS="127.0.0.1"))
    assert "203.0.113.9" in trusted
