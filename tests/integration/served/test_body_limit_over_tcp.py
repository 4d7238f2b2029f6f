"""A body over MAX_BODY_BYTES reaches real clients as a readable 413 in the error shape, not a reset.

Through ASGI nothing can reset; over TCP, a server that closes with unread request bytes in its socket
makes the kernel answer with RST, and clients that write their whole body before reading (httpx, curl,
browsers) then lose the 413. These tests talk to a real uvicorn process.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import socket
import subprocess
from collections.abc import AsyncIterator, Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from tests.integration.api.helpers import TODOS
from tests.integration.served.conftest import MAX_BODY_BYTES

TOO_LARGE = {"status_code": 413, "code": "payload_too_large", "detail": "Request body too large."}
TWO_MB = 2 * 1024 * 1024
JSON = {"Content-Type": "application/json"}


def test_declared_oversized_body_gets_readable_413(api_url: str) -> None:
    with httpx.Client(base_url=api_url) as client:
        response = client.post(TODOS, content=b"x" * TWO_MB, headers=JSON)
        assert (response.status_code, response.json()) == (413, TOO_LARGE)
        # The body was read to its end, so the connection carries the next request.
        assert response.headers.get("connection") != "close"
        assert client.get("/healthz").status_code == 200


def test_chunked_oversized_body_gets_readable_413(api_url: str) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(TWO_MB // 65536):
            yield b"y" * 65536

    with httpx.Client(base_url=api_url) as client:
        response = client.put(f"{TODOS}/1", content=chunks(), headers=JSON)
    assert (response.status_code, response.json()) == (413, TOO_LARGE)


async def test_twenty_parallel_2mb_bodies_all_get_readable_413(api_url: str) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(TWO_MB // 65536):
            yield b"z" * 65536

    limits = httpx.Limits(max_connections=40)
    async with httpx.AsyncClient(base_url=api_url, limits=limits, timeout=30) as client:
        declared = [client.post(TODOS, content=b"x" * TWO_MB, headers=JSON) for _ in range(20)]
        streamed = [client.post(TODOS, content=chunks(), headers=JSON) for _ in range(20)]
        responses = await asyncio.gather(*declared, *streamed)
    assert [(r.status_code, r.json()) for r in responses] == [(413, TOO_LARGE)] * 40


def test_body_under_the_limit_is_not_refused(api_url: str) -> None:
    body = json.dumps({"title": "x", "description": "d" * 900}).encode()
    assert len(body) < MAX_BODY_BYTES
    response = httpx.post(f"{api_url}{TODOS}", content=body, headers=JSON)
    assert response.status_code == 401  # past the limit check; the missing token is the next one


def test_expect_continue_gets_413_before_sending_the_body(api_url: str) -> None:
    # The client waits for our answer before sending: the 413 comes at once and the body is never sent.
    address = urlsplit(api_url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        sock.sendall(
            f"POST {TODOS} HTTP/1.1\r\nHost: api\r\nContent-Type: application/json\r\n"
            f"Content-Length: {TWO_MB}\r\nExpect: 100-continue\r\n\r\n".encode()
        )
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            data = sock.recv(65536)
            if not data:
                break
            answer += data
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413")
    assert b"connection: close" in head.lower()
    assert json.loads(body) == TOO_LARGE


def test_curl_reads_413_for_oversized_body(api_url: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    curl = shutil.which("curl")
    if curl is None:
        pytest.skip("curl is not installed")
    payload = tmp_path_factory.mktemp("body") / "big.json"
    payload.write_bytes(b"x" * TWO_MB)
    for extra in ([], ["-H", "Expect:"]):  # with curl's default Expect: 100-continue, and without
        result = subprocess.run(
            [curl, "-sS", "-X", "POST", "-H", "Content-Type: application/json", *extra,
             "--data-binary", f"@{payload}", "-w", "\n%{http_code}", f"{api_url}{TODOS}"],
            capture_output=True, text=True, timeout=30,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        body, _, status = result.stdout.rpartition("\n")
        assert (status, json.loads(body)) == ("413", TOO_LARGE)
