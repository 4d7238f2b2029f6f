"""GET /api/v1/todos/events on real ``todos-api serve`` processes sharing one PostgreSQL.

Two replicas listen (LISTEN/NOTIFY), a third runs with ``EVENTS_LISTEN=off`` (PgBouncer's transaction mode)
and polls the feed instead.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest
from todos_devstack.paths import BIN_DIR, ROOT, free_port
from todos_devstack.processes import ServerProcess, wait_ready

from tests.integration.api.helpers import TODOS, Caller
from tests.support.sse import changes, events
from tests.support.tokens import ISSUER, JwksServer

EVENTS = f"{TODOS}/events"
STREAM_CAP = 2


def _start(env: dict[str, str], logs: Path, name: str) -> tuple[ServerProcess, str]:
    port = free_port()
    command = [str(BIN_DIR / "todos-api"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    return ServerProcess(name, command, ROOT, env, logs / f"{name}.log").start(), f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def api_env(database_url: str, jwks: JwksServer) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AUTH_", "DB_", "CORS_", "EVENTS_"))
        and key not in {"DATABASE_URL", "TEST_DATABASE_URL"}
    }
    return env | {
        "DATABASE_URL": database_url,
        "AUTH_URL": ISSUER,
        "AUTH_JWKS_URL": jwks.url,
        "EVENTS_HEARTBEAT_SECONDS": "0.5",
        "EVENTS_MAX_STREAMS_PER_USER": str(STREAM_CAP),
    }


@pytest.fixture(scope="module")
def replicas(api_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    """Base URLs: two listening replicas, then one with EVENTS_LISTEN=off."""
    logs = Path(tmp_path_factory.mktemp("live"))
    envs = [api_env, api_env, api_env | {"EVENTS_LISTEN": "false", "EVENTS_POLL_SECONDS": "0.2"}]
    started = [_start(env, logs, f"api-{n}") for n, env in enumerate(envs)]
    try:
        wait_ready({f"{url}/readyz": server for server, url in started})
        yield [url for _, url in started]
    finally:
        for server, _ in started:
            server.stop()


@pytest.fixture
async def clients(replicas: list[str]) -> AsyncIterator[list[httpx.AsyncClient]]:
    async with (
        httpx.AsyncClient(base_url=replicas[0], timeout=30) as first,
        httpx.AsyncClient(base_url=replicas[1], timeout=30) as second,
        httpx.AsyncClient(base_url=replicas[2], timeout=30) as polling,
    ):
        yield [first, second, polling]


async def _create(client: httpx.AsyncClient, who: Caller, title: str) -> int:
    response = await client.post(TODOS, json={"title": title}, headers=who.headers)
    assert response.status_code == 201, response.text
    todo_id: int = response.json()["id"]
    return todo_id


async def test_write_on_one_replica_reaches_stream_on_another(
    clients: list[httpx.AsyncClient], alice: Caller
) -> None:
    async with clients[1].stream("GET", EVENTS, headers=alice.headers) as stream:
        assert stream.status_code == 200
        assert stream.headers["content-type"].startswith("text/event-stream")
        todo_id = await _create(clients[0], alice, "from replica 0")
        (event,) = await changes(stream, 1, timeout=5)
    change = event.json()
    assert (
        change["id"] == todo_id
        and change["deleted_at"] is None
        and change["todo"]["title"] == "from replica 0"
    )
    assert event.id.split(".")[1] == str(todo_id)


async def test_last_event_id_resumes_after_that_change(
    clients: list[httpx.AsyncClient], alice: Caller
) -> None:
    async with clients[0].stream("GET", EVENTS, headers=alice.headers) as stream:
        first = await _create(clients[0], alice, "first")
        (seen,) = await changes(stream, 1)
    second = await _create(clients[1], alice, "second")
    await clients[1].delete(f"{TODOS}/{first}", params={"permanent": "true"}, headers=alice.headers)
    resumed = {**alice.headers, "Last-Event-ID": seen.id}
    async with clients[1].stream("GET", EVENTS, headers=resumed) as stream:
        missed = await changes(stream, 2)
    assert [(event.json()["id"], event.json()["permanent"]) for event in missed] == [
        (second, False),
        (first, True),
    ]


async def test_idle_stream_gets_heartbeats(clients: list[httpx.AsyncClient], bob: Caller) -> None:
    async with clients[0].stream("GET", EVENTS, headers=bob.headers) as stream:
        comments: list[str] = []

        async def first_heartbeat() -> None:
            async for event in events(stream):
                comments.extend(event.comments)
                if comments:
                    return

        await asyncio.wait_for(first_heartbeat(), 5)
    assert comments == ["heartbeat"]


async def test_streams_per_user_are_capped(clients: list[httpx.AsyncClient], alice: Caller) -> None:
    async with (
        clients[0].stream("GET", EVENTS, headers=alice.headers) as one,
        clients[0].stream("GET", EVENTS, headers=alice.headers) as two,
    ):
        assert (one.status_code, two.status_code) == (200, 200)
        refused = await clients[0].get(EVENTS, headers=alice.headers)
        assert refused.status_code == 429
        assert refused.json()["code"] == "too_many_streams"
    # A closed stream frees its place once the server has seen the disconnect (a moment later).
    deadline = time.monotonic() + 5
    while (again := await _status_of_new_stream(clients[0], alice)) == 429 and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    assert again == 200


async def _status_of_new_stream(client: httpx.AsyncClient, who: Caller) -> int:
    async with client.stream("GET", EVENTS, headers=who.headers) as stream:
        return stream.status_code


async def test_stream_refuses_bad_token_and_bad_or_expired_last_event_id(
    clients: list[httpx.AsyncClient], alice: Caller
) -> None:
    assert (await clients[0].get(EVENTS)).status_code == 401
    bad = await clients[0].get(EVENTS, headers={**alice.headers, "Last-Event-ID": "nonsense"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_last_event_id"
    expired = await clients[0].get(EVENTS, headers={**alice.headers, "Last-Event-ID": "5.1.1"})
    assert expired.status_code == 410 and expired.json()["code"] == "cursor_expired"


async def test_listen_off_replica_polls_the_feed(clients: list[httpx.AsyncClient], bob: Caller) -> None:
    async with clients[2].stream("GET", EVENTS, headers=bob.headers) as stream:
        todo_id = await _create(clients[0], bob, "seen by polling")
        (event,) = await changes(stream, 1, timeout=5)
    assert event.json()["id"] == todo_id


async def test_sigterm_ends_open_streams_promptly(
    api_env: dict[str, str], tmp_path: Path, alice: Caller
) -> None:
    server, url = _start(api_env | {"SHUTDOWN_GRACE_SECONDS": "20"}, tmp_path, "api-stopping")
    try:
        wait_ready({f"{url}/readyz": server})
        async with (
            httpx.AsyncClient(base_url=url, timeout=30) as client,
            client.stream("GET", EVENTS, headers=alice.headers) as stream,
        ):
            assert stream.status_code == 200
            assert server.process is not None
            started = time.monotonic()
            os.killpg(server.process.pid, signal.SIGTERM)
            async for _ in stream.aiter_bytes():
                pass  # until the server ends the stream
            assert time.monotonic() - started < 5
        assert await asyncio.to_thread(server.process.wait, 10) is not None
    finally:
        server.stop()


async def test_listen_connection_reconnects_after_being_killed(
    clients: list[httpx.AsyncClient], admin: asyncpg.Connection, bob: Caller
) -> None:
    # Every listener on this database: the two listening replicas (the third runs with EVENTS_LISTEN=off),
    # and, when the in-process app of other tests shares the database, its own.
    killed = await admin.fetchval(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
        " WHERE datname = current_database() AND query LIKE 'LISTEN%'"
    )
    assert killed >= 2
    async with clients[1].stream("GET", EVENTS, headers=bob.headers) as stream:
        todo_id = await _create(clients[0], bob, "after the reconnect")
        (event,) = await changes(stream, 1, timeout=10)
    assert event.json()["id"] == todo_id
    listening, deadline = 0, time.monotonic() + 10
    while listening != killed and time.monotonic() < deadline:  # others may reconnect a moment later
        await asyncio.sleep(0.1)
        listening = await admin.fetchval(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND query LIKE 'LISTEN%'"
        )
    assert listening == killed  # one connection per listening process, back again
