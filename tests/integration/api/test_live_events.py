"""GET /api/v1/todos/events on real ``todos-api serve`` processes sharing one PostgreSQL.

Two replicas listen (LISTEN/NOTIFY), a third runs with ``EVENTS_LISTEN=off`` (PgBouncer's transaction mode)
and polls the feed instead; a fourth, with no clock-skew leeway and a session check every 0.5 s, is where
streams outlive their credentials (issue 16).
"""

from __future__ import annotations

import asyncio
import json
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

from tests.integration.api.helpers import TODOS, Caller, Users, cursor_codec, sealed_cursor
from tests.support.answer_dropping_proxy import TokenServer
from tests.support.cli_process import TodoCli
from tests.support.sse import Event, changes, events
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


@pytest.fixture(scope="module")
def strict_replica(api_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A replica that honours a token's exp to the second and checks sessions every 0.5 s."""
    env = api_env | {"AUTH_LEEWAY_SECONDS": "0", "EVENTS_SESSION_CHECK_SECONDS": "0.5"}
    server, url = _start(env, Path(tmp_path_factory.mktemp("strict")), "api-strict")
    try:
        wait_ready({f"{url}/readyz": server})
        yield url
    finally:
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
    clients: list[httpx.AsyncClient], admin: asyncpg.Connection, alice: Caller
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
    assert (await cursor_codec(admin)).open(event.id, alice.user_id).todo_id == todo_id


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
    clients: list[httpx.AsyncClient], admin: asyncpg.Connection, alice: Caller
) -> None:
    assert (await clients[0].get(EVENTS)).status_code == 401
    bad = await clients[0].get(EVENTS, headers={**alice.headers, "Last-Event-ID": "nonsense"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_last_event_id"
    old = await sealed_cursor(admin, alice.user_id, 5, 1, 1)
    expired = await clients[0].get(EVENTS, headers={**alice.headers, "Last-Event-ID": old})
    assert expired.status_code == 410 and expired.json()["code"] == "cursor_expired"


async def test_stream_refuses_far_future_and_foreign_last_event_ids_with_400(
    clients: list[httpx.AsyncClient], admin: asyncpg.Connection, alice: Caller, bob: Caller
) -> None:
    # Issue 16: "0.0.999999999999" was a 500 (year out of range); a sealed future time or bob's id: 400 too.
    bobs = await sealed_cursor(admin, bob.user_id, 5, 1, int(time.time()))
    future = await sealed_cursor(admin, alice.user_id, 5, 1, int(time.time()) + 86400)
    for last in ("0.0.999999999999", "0.0.253402300800", future, bobs):
        refused = await clients[0].get(EVENTS, headers={**alice.headers, "Last-Event-ID": last})
        assert refused.status_code == 400, (last, refused.text)
        assert refused.json()["code"] == "invalid_last_event_id"


def test_todo_watch_since_a_far_future_cursor_is_refused_not_a_server_failure(
    replicas: list[str], alice: Caller, tmp_path: Path
) -> None:
    tokens = TokenServer(alice.token)  # answers the CLI's API-key exchange with alice's JWT
    try:
        todo = TodoCli(tmp_path, replicas[0], tokens.url, {"TODO_API_KEY": "todo_test"})
        result = todo("watch", "--since", "0.0.999999999999")
    finally:
        tokens.close()
    assert "server failed" not in result.stderr and "500" not in result.stderr, result.stderr
    # A usage error, as for any --since the API cannot read.
    assert (result.returncode, "not a valid cursor" in result.stderr) == (2, True), result.stderr


async def _reauthenticate_event(stream: httpx.Response, timeout: float) -> Event:
    """Reads the stream to its end, which must be one `reauthenticate` event."""
    seen: list[Event] = []

    async def read_to_the_end() -> None:
        async for event in events(stream):
            seen.append(event)

    await asyncio.wait_for(read_to_the_end(), timeout)
    named = [event for event in seen if event.event]
    assert named and named[-1].event == "reauthenticate", seen
    return named[-1]


async def test_stream_ends_with_reauthenticate_at_the_tokens_expiry(
    strict_replica: str, users: Users, alice: Caller
) -> None:
    token = users.token_for(alice.user_id, alice.session_id, lifetime=2)
    expires_at = time.time() + 2
    async with (
        httpx.AsyncClient(base_url=strict_replica, timeout=30) as client,
        client.stream("GET", EVENTS, headers={"Authorization": f"Bearer {token}"}) as stream,
    ):
        assert stream.status_code == 200
        event = await _reauthenticate_event(stream, timeout=10)
    ended_at = time.time()
    assert json.loads(event.data) == {"reason": "token_expired"}
    assert expires_at - 1.5 <= ended_at <= expires_at + 3  # exp has whole seconds; leeway 0 here


async def test_stream_ends_within_seconds_of_sign_out(strict_replica: str, users: Users) -> None:
    caller = await users.create()
    other = await users.create()  # a live session's stream on the same process stays open
    async with (
        httpx.AsyncClient(base_url=strict_replica, timeout=30) as client,
        client.stream("GET", EVENTS, headers=caller.headers) as stream,
        client.stream("GET", EVENTS, headers=other.headers) as staying,
    ):
        assert (stream.status_code, staying.status_code) == (200, 200)
        await asyncio.sleep(0.3)
        assert caller.session_id is not None
        await users.delete_session(caller.session_id)  # what sign-out and API-key revocation do
        signed_out_at = time.monotonic()
        event = await _reauthenticate_event(stream, timeout=10)
        assert time.monotonic() - signed_out_at < 3
        assert json.loads(event.data) == {"reason": "session_ended"}
        todo = await client.post(TODOS, json={"title": "still live"}, headers=other.headers)
        (change,) = await changes(staying, 1, timeout=5)
    assert change.json()["id"] == todo.json()["id"]


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
