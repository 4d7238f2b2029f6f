"""SIGTERM on a real `todos-api serve`: stop accepting, finish what runs (within SHUTDOWN_GRACE_SECONDS),
close the pool; and a rolling restart of one of two processes under load that no contract-following client
notices."""

from __future__ import annotations

import asyncio
import signal
import socket
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import asyncpg
import httpx
import pytest

from tests.integration.api.helpers import TODOS, Caller
from tests.integration.edge.helpers import ApiProcess, parse_response, read_until_closed
from tests.integration.edge.load import ContractClient, run_load

EXITED = (0, 128 + signal.SIGTERM)


@pytest.fixture
def started() -> Iterator[list[ApiProcess]]:
    """Processes a test starts; whatever is still running at the end is stopped."""
    processes: list[ApiProcess] = []
    yield processes
    for process in processes:
        process.stop()


def _start(started: list[ApiProcess], env: dict[str, str], **settings: str) -> ApiProcess:
    process = ApiProcess(env | settings).start()
    started.append(process)
    return process


async def _create(api: ApiProcess, caller: Caller) -> int:
    async with httpx.AsyncClient(base_url=api.url, headers=caller.headers) as client:
        response = await client.post(TODOS, json={"title": "before the restart"})
    assert response.status_code == 201
    todo_id: int = response.json()["id"]
    return todo_id


@asynccontextmanager
async def _put_held_in_flight(
    api: ApiProcess, caller: Caller, database_url: str, title: str
) -> AsyncIterator[asyncio.Task[httpx.Response]]:
    """A PUT of a new todo waiting in PostgreSQL behind the row's lock, held until the block ends: a request
    kept in flight. On leaving, the lock is released and the request finishes before its client closes."""
    todo_id = await _create(api, caller)
    connection = await asyncpg.connect(database_url)
    transaction = connection.transaction()
    await transaction.start()
    async with httpx.AsyncClient(base_url=api.url, headers=caller.headers) as client:
        try:
            await connection.execute("SELECT 1 FROM todo WHERE id = $1 FOR UPDATE", todo_id)
            in_flight = asyncio.create_task(client.put(f"{TODOS}/{todo_id}", json={"title": title}))
            await asyncio.sleep(0.5)
            yield in_flight
        finally:
            await transaction.rollback()
            await connection.close()
        await asyncio.wait([in_flight])


async def test_sigterm_stops_accepting_and_finishes_the_request_in_flight(
    env: dict[str, str], database_url: str, alice: Caller, started: list[ApiProcess]
) -> None:
    api = _start(started, env, SHUTDOWN_GRACE_SECONDS="10")
    async with _put_held_in_flight(api, alice, database_url, "finished") as in_flight:
        api.sigterm()
        await asyncio.sleep(0.5)
        with pytest.raises(httpx.ConnectError):  # the listening socket is closed
            await httpx.AsyncClient(base_url=api.url).get("/healthz")
        assert not in_flight.done()
    response = await in_flight
    assert response.status_code == 200 and response.json()["title"] == "finished"
    assert response.headers["connection"] == "close"
    assert await asyncio.to_thread(api.wait, 10) in EXITED
    assert "Application shutdown complete" in api.log()  # the lifespan ran: the pool was closed


async def test_request_still_running_after_the_grace_period_gets_503(
    env: dict[str, str], database_url: str, alice: Caller, started: list[ApiProcess]
) -> None:
    api = _start(started, env, SHUTDOWN_GRACE_SECONDS="1")
    async with _put_held_in_flight(api, alice, database_url, "too late") as in_flight:
        signalled = time.monotonic()
        api.sigterm()
        response = await in_flight
        answered = time.monotonic() - signalled
        assert await asyncio.to_thread(api.wait, 10) in EXITED
        exited = time.monotonic() - signalled
    assert response.status_code == 503, response.text
    assert response.json() == {
        "status_code": 503,
        "code": "shutting_down",
        "detail": "The server shut down before the request finished.",
    }
    assert response.headers["retry-after"] == "1"
    assert 0.9 < answered < 3 and exited < 8


def test_request_crossing_the_shutdown_on_an_idle_connection_is_answered(
    env: dict[str, str], alice: Caller, started: list[ApiProcess]
) -> None:
    """A request already on its way on an idle keep-alive connection when SIGTERM arrives (here: sent 0.3 s
    later, standing in for the network) is answered, with ``Connection: close``. uvicorn alone closes idle
    connections at once, so such a request meets a closed connection and, for a POST, the client cannot
    tell whether it ran."""
    api = _start(started, env, SHUTDOWN_GRACE_SECONDS="10")
    authorization = alice.headers["Authorization"].encode()
    with socket.create_connection(("127.0.0.1", api.port), timeout=10) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert sock.recv(65536).startswith(b"HTTP/1.1 200")
        api.sigterm()
        time.sleep(0.3)
        body = b'{"title": "crossed the shutdown"}'
        sock.sendall(
            b"POST /api/v1/todos HTTP/1.1\r\nHost: x\r\nAuthorization: " + authorization + b"\r\n"
            b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
        )
        status, headers, _ = parse_response(read_until_closed(sock))
    assert status == 201 and headers["connection"] == "close"
    assert api.wait(10) in EXITED


async def test_rolling_restart_under_load_fails_no_request(
    env: dict[str, str], database_url: str, alice: Caller, started: list[ApiProcess]
) -> None:
    first = _start(started, env, SHUTDOWN_GRACE_SECONDS="10")
    second = _start(started, env, SHUTDOWN_GRACE_SECONDS="10")
    async with ContractClient([first.url, second.url], alice.headers) as client:
        stop = asyncio.Event()
        load = asyncio.create_task(run_load(client, workers=8, stop=stop))
        for process in (first, second):
            await asyncio.sleep(1.5)
            before = client.answered
            process.sigterm()
            assert await asyncio.to_thread(process.wait, 15) in EXITED
            assert client.answered > before  # the load went on while this one drained
            replacement = ApiProcess(process.env, port=process.port)
            started.append(replacement)
            await asyncio.to_thread(replacement.start)
        await asyncio.sleep(1.0)
        stop.set()
        report = await load
    assert report.failures == [], report.failures[:5]
    assert report.created and client.answered > 200
    stored = await _count_stored(database_url, report.created)
    assert stored == len(report.kept)  # every acknowledged create is there, once; deletes took effect
    assert min(client.answered_by.values()) > 0


async def _count_stored(database_url: str, ids: list[int]) -> int:
    connection = await asyncpg.connect(database_url)
    try:
        # Live tasks only: a DELETE moves a task to the trash (its row stays, deleted_at set).
        count: int = await connection.fetchval(
            "SELECT count(*) FROM todo WHERE id = ANY($1) AND deleted_at IS NULL", ids
        )
    finally:
        await connection.close()
    return count
