"""GuardedHttpToolsProtocol fed bytes directly (no sockets): the header cap counts exactly what belongs to
the header block, the deadline and the drain timers fire, and every refusal is the JSON error shape.
tests/integration/edge does the same through real sockets and a real `todos-api serve`."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest
from todos_api.core.config import get_settings
from todos_api.http import protocol as http_protocol
from todos_api.http.protocol import GuardedHttpToolsProtocol
from uvicorn.config import Config
from uvicorn.server import ServerState

CAP = 2048


class FakeTransport(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.written = b""
        self.closed = False
        self.half_closed = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.written += bytes(data)

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed

    def can_write_eof(self) -> bool:
        return True

    def write_eof(self) -> None:
        self.half_closed = True

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"sockname": ("127.0.0.1", 8000), "peername": ("127.0.0.1", 50000)}.get(name, default)


async def ok_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    del receive
    assert scope["type"] == "http"
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"ok"})


@pytest.fixture(autouse=True)
def limits(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("MAX_HEADER_BYTES", str(CAP))
    monkeypatch.setenv("HEADER_TIMEOUT_SECONDS", "0.1")
    monkeypatch.setenv("BODY_TIMEOUT_SECONDS", "0.1")
    monkeypatch.setattr(http_protocol, "LINGER_SECONDS", 0.05)
    monkeypatch.setattr(http_protocol, "IDLE_DRAIN_SECONDS", 0.05)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


async def body_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Reads the whole body, then answers its length; on a disconnect, still tries to answer (dropped)."""
    assert scope["type"] == "http"
    size, message = 0, await receive()
    while message["type"] == "http.request":
        size += len(message["body"])
        if not message["more_body"]:
            break
        message = await receive()
    body = str(size).encode()
    headers = [(b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _connect(app: Any = ok_app) -> tuple[GuardedHttpToolsProtocol, FakeTransport]:
    config = Config(app=app, log_level="warning")
    protocol = GuardedHttpToolsProtocol(config, ServerState(), {})
    transport = FakeTransport()
    protocol.connection_made(transport)
    return protocol, transport


def _request(extra_headers: bytes = b"") -> bytes:
    return b"GET / HTTP/1.1\r\nHost: x\r\n" + extra_headers + b"\r\n"


def _error(transport: FakeTransport) -> tuple[int, dict[str, Any]]:
    head, _, body = transport.written.partition(b"\r\n\r\n")
    assert b"\r\ncontent-type: application/json\r\n" in head and b"\r\nconnection: close" in head
    return int(head.split()[1]), json.loads(body)


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_request_within_the_cap_is_served() -> None:
    protocol, transport = _connect()
    protocol.data_received(_request(b"X-Pad: " + b"a" * (CAP - 100) + b"\r\n"))
    await _settle()
    assert transport.written.startswith(b"HTTP/1.1 200") and not transport.closed


async def test_block_within_the_cap_in_many_small_reads_is_served() -> None:
    protocol, transport = _connect()
    data = _request(b"X-Pad: " + b"a" * (CAP - 100) + b"\r\n")
    for start in range(0, len(data), 100):
        protocol.data_received(data[start : start + 100])
    await _settle()
    assert transport.written.startswith(b"HTTP/1.1 200")


async def test_block_over_the_cap_in_one_read_is_431() -> None:
    protocol, transport = _connect()
    protocol.data_received(_request(b"X-Pad: " + b"a" * CAP + b"\r\n"))
    status, body = _error(transport)
    assert status == 431
    assert body == {
        "status_code": 431,
        "code": "headers_too_large",
        "detail": "Request header block too large.",
    }
    assert transport.half_closed


async def test_endless_header_is_refused_before_it_ends() -> None:
    protocol, transport = _connect()
    protocol.data_received(b"GET / HTTP/1.1\r\nX-Endless: ")
    reads = 0
    while not transport.written:
        protocol.data_received(b"a" * 512)
        reads += 1
    assert reads * 512 <= CAP + 512
    assert _error(transport)[0] == 431


async def test_body_is_not_counted_as_header() -> None:
    protocol, transport = _connect()
    body = b"b" * (4 * CAP)
    protocol.data_received(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
    await _settle()
    assert transport.written.startswith(b"HTTP/1.1 200")


async def test_malformed_request_is_400_json() -> None:
    protocol, transport = _connect()
    protocol.data_received(b"\x00\x01 nonsense\r\n\r\n")
    assert _error(transport)[1]["code"] == "bad_request"


async def test_incomplete_headers_past_the_deadline_are_408() -> None:
    protocol, transport = _connect()
    protocol.data_received(b"GET / HTTP/1.1\r\nHost: x\r\n")
    await asyncio.sleep(0.2)
    assert _error(transport)[1]["code"] == "request_timeout"


async def test_malformed_chunked_body_is_400_json_instead_of_a_silent_close() -> None:
    protocol, transport = _connect(body_app)
    protocol.data_received(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
    await _settle()  # the app is running, waiting for the body
    protocol.data_received(b"zz\r\nnot a chunk\r\n")
    await _settle()
    assert _error(transport) == (
        400,
        {"status_code": 400, "code": "bad_request", "detail": "Invalid HTTP request."},
    )
    assert transport.written.count(b"HTTP/1.1") == 1  # the app's own answer (to a disconnect) is dropped


async def test_body_incomplete_past_the_deadline_is_408() -> None:
    protocol, transport = _connect(body_app)
    protocol.data_received(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n1")
    await asyncio.sleep(0.05)
    protocol.data_received(b"2")  # a trickle does not move the deadline
    await asyncio.sleep(0.1)
    status, body = _error(transport)
    assert (status, body["code"], body["detail"]) == (
        408,
        "request_timeout",
        "The request body did not arrive in time.",
    )
    assert transport.written.count(b"HTTP/1.1") == 1 and transport.half_closed


async def test_body_in_several_reads_within_the_deadline_is_served() -> None:
    protocol, transport = _connect(body_app)
    protocol.data_received(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12345")
    await asyncio.sleep(0.05)
    protocol.data_received(b"67890")
    await asyncio.sleep(0.2)  # past the deadline: it was cancelled with the body's end
    assert transport.written.startswith(b"HTTP/1.1 200") and transport.written.endswith(b"\r\n\r\n10")
    assert not transport.closed


async def test_body_deadline_after_the_answer_closes_without_a_second_answer() -> None:
    protocol, transport = _connect()  # answers without reading the body
    protocol.data_received(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n1")
    await asyncio.sleep(0.2)
    assert transport.written.count(b"HTTP/1.1") == 1 and transport.written.startswith(b"HTTP/1.1 200")
    assert transport.half_closed


async def test_connection_that_sends_nothing_is_closed_silently() -> None:
    _, transport = _connect()
    await asyncio.sleep(0.2)
    assert transport.closed and transport.written == b""


async def test_served_request_leaves_no_deadline_running() -> None:
    protocol, transport = _connect()
    protocol.data_received(_request())
    await asyncio.sleep(0.2)
    assert transport.written.startswith(b"HTTP/1.1 200") and not transport.closed  # keep-alive is uvicorn's


async def test_refused_connection_drops_input_then_closes() -> None:
    protocol, transport = _connect()
    protocol.data_received(_request(b"X-Pad: " + b"a" * CAP + b"\r\n"))
    answer = transport.written
    protocol.data_received(b"GET / HTTP/1.1\r\n\r\n")  # dropped, never parsed
    assert transport.written == answer and not transport.closed
    await asyncio.sleep(0.1)
    assert transport.closed


async def _shut_down_while_idle() -> tuple[GuardedHttpToolsProtocol, FakeTransport]:
    """A keep-alive connection that has answered one request and is idle when shutdown begins."""
    protocol, transport = _connect()
    protocol.data_received(_request())
    await _settle()
    protocol.shutdown()
    return protocol, transport


async def test_shutdown_answers_a_request_on_an_idle_connection_then_closes_it() -> None:
    protocol, transport = await _shut_down_while_idle()
    assert not transport.closed
    transport.written = b""
    protocol.data_received(_request())
    await _settle()
    assert transport.written.startswith(b"HTTP/1.1 200") and b"connection: close" in transport.written
    assert transport.closed


async def test_shutdown_closes_an_idle_connection_after_the_drain_delay() -> None:
    _protocol, transport = await _shut_down_while_idle()
    await asyncio.sleep(0.1)
    assert transport.closed
