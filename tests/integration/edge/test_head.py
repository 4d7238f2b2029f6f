"""HEAD wherever GET is, on a real `todos-api serve`: GET's status and headers, no body, connection kept."""

from __future__ import annotations

import socket

import httpx
import pytest

from tests.integration.api.helpers import TODOS, Caller
from tests.integration.edge.helpers import ApiProcess, read_until_closed

EVENTS = f"{TODOS}/events"


def _comparable(response: httpx.Response) -> dict[str, str]:
    return {name: value for name, value in response.headers.items() if name != "date"}


@pytest.mark.parametrize(
    "path", ["/healthz", "/readyz", TODOS, f"{TODOS}?limit=1", f"{TODOS}/changes", "one"]
)
async def test_head_answers_gets_status_and_headers_without_a_body(
    api: ApiProcess, alice: Caller, path: str
) -> None:
    async with httpx.AsyncClient(base_url=api.url, headers=alice.headers) as client:
        if path == "one":
            path = f"{TODOS}/{(await client.post(TODOS, json={'title': 'h'})).json()['id']}"
        got = await client.get(path)
        head = await client.head(path)
    assert got.status_code == 200 and got.content
    assert (head.status_code, _comparable(head)) == (got.status_code, _comparable(got))
    assert int(head.headers["content-length"]) == len(got.content)


async def test_head_keeps_gets_refusals_and_conditions(api: ApiProcess, alice: Caller) -> None:
    async with httpx.AsyncClient(base_url=api.url) as client:
        refused = await client.head(TODOS)
        assert (refused.status_code, refused.headers["www-authenticate"]) == (401, "Bearer")
        todo = await client.post(TODOS, json={"title": "h"}, headers=alice.headers)
        path = f"{TODOS}/{todo.json()['id']}"
        unchanged = await client.head(path, headers=alice.headers | {"If-None-Match": todo.headers["etag"]})
        assert (unchanged.status_code, unchanged.headers["etag"]) == (304, todo.headers["etag"])
        assert (await client.head(f"{TODOS}/999999999", headers=alice.headers)).status_code == 404
        wrong = await client.head(f"{path}/complete", headers=alice.headers)
        assert (wrong.status_code, wrong.headers["allow"]) == (405, "PATCH")
        elsewhere = await client.delete(TODOS, headers=alice.headers)
        assert elsewhere.headers["allow"] == "GET, HEAD, POST"


async def test_head_of_the_event_stream_answers_its_headers_and_ends(api: ApiProcess, alice: Caller) -> None:
    async with httpx.AsyncClient(base_url=api.url, headers=alice.headers, timeout=5) as client:
        head = await client.head(EVENTS)  # a stream that never ended would time out here
        assert head.status_code == 200
        assert head.headers["content-type"].startswith("text/event-stream")
        assert head.headers["cache-control"] == "no-store"
        assert (await client.get("/healthz")).status_code == 200  # the connection carries the next request
        assert (await client.head(EVENTS, headers={"Authorization": "Bearer nope"})).status_code == 401


def test_head_sends_no_body_bytes_on_the_wire(api: ApiProcess) -> None:
    with socket.create_connection(("127.0.0.1", api.port), timeout=10) as sock:
        head = b"HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
        sock.sendall(head + b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        received = read_until_closed(sock)
    head, _, rest = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200") and b"content-length: 15" in head.lower()
    assert rest.startswith(b"HTTP/1.1 200") and rest.endswith(b'{"status":"ok"}')
