"""Refusals of a request's body over real sockets: a broken chunked encoding and a trickled body get an
answer in the error shape (400, 408), not a silent close or a connection held open for as long as the client
likes."""

from __future__ import annotations

import json
import select
import socket
import time

from tests.integration.api.helpers import TODOS, Caller
from tests.integration.edge.helpers import ApiProcess, elapsed_until_closed, parse_response

BODY_TIMEOUT = 2.0  # BODY_TIMEOUT_SECONDS of the `api` fixture's server


def _assert_raw_error(raw: bytes, status: int, code: str) -> dict[str, object]:
    got_status, headers, body = parse_response(raw)
    assert got_status == status, raw[:500]
    assert headers["content-type"] == "application/json" and headers["connection"] == "close"
    error: dict[str, object] = json.loads(body)
    assert set(error) == {"status_code", "code", "detail"}
    assert (error["status_code"], error["code"]) == (status, code)
    assert raw.count(b"HTTP/1.1 ") == 1, raw  # one answer: nothing of the app's follows it
    return error


def _chunked_head(caller: Caller) -> bytes:
    return (
        f"POST {TODOS} HTTP/1.1\r\nHost: api\r\nAuthorization: {caller.headers['Authorization']}\r\n"
        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    ).encode()


def test_malformed_chunk_size_is_400_in_the_error_shape(api: ApiProcess, alice: Caller) -> None:
    with socket.create_connection(("127.0.0.1", api.port), timeout=10) as sock:
        sock.sendall(_chunked_head(alice))
        time.sleep(0.2)  # the request has reached the app, which waits for the body
        sock.sendall(b"zz\r\n{}\r\n0\r\n\r\n")
        _, answer = elapsed_until_closed(sock)
    _assert_raw_error(answer, 400, "bad_request")


def test_malformed_chunk_in_the_same_packet_as_the_headers_is_400(api: ApiProcess, alice: Caller) -> None:
    with socket.create_connection(("127.0.0.1", api.port), timeout=10) as sock:
        sock.sendall(_chunked_head(alice) + b"2\r\n{}\r\nnot a chunk\r\n")
        _, answer = elapsed_until_closed(sock)
    _assert_raw_error(answer, 400, "bad_request")


def test_trickled_body_gets_408_at_the_body_deadline(api: ApiProcess, alice: Caller) -> None:
    head = (
        f"POST {TODOS} HTTP/1.1\r\nHost: api\r\nAuthorization: {alice.headers['Authorization']}\r\n"
        "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
    ).encode()
    with socket.create_connection(("127.0.0.1", api.port), timeout=10) as sock:
        sock.sendall(head)
        started = time.monotonic()
        for _ in range(40):  # one byte every 0.25 s, until the server answers (10 s at most)
            if select.select([sock], [], [], 0.25)[0]:
                break
            sock.sendall(b" ")
        elapsed = time.monotonic() - started
        answer = b"".join(iter(lambda: sock.recv(65536), b""))
    assert BODY_TIMEOUT - 0.3 < elapsed < BODY_TIMEOUT + 2.0
    error = _assert_raw_error(answer, 408, "request_timeout")
    assert error["detail"] == "The request body did not arrive in time."


def test_body_sent_in_pieces_within_the_deadline_is_served(api: ApiProcess, alice: Caller) -> None:
    body = b'{"title": "sent in pieces"}'
    head = (
        f"POST {TODOS} HTTP/1.1\r\nHost: api\r\nAuthorization: {alice.headers['Authorization']}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", api.port), timeout=10) as sock:
        sock.sendall(head)
        for piece in (body[:10], body[10:20], body[20:]):
            time.sleep(0.3)
            sock.sendall(piece)
        _, answer = elapsed_until_closed(sock)
    status, _, created = parse_response(answer)
    assert status == 201 and json.loads(created)["title"] == "sent in pieces"
