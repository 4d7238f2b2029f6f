"""The SDK's change feed and live stream against a real `todos-api serve` on real PostgreSQL: iter_changes
rebuilds the table a user sees (trash and permanent deletes included), and watch() sees a change made by
another client."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from todos_devstack.paths import BIN_DIR, ROOT, free_port
from todos_devstack.processes import ServerProcess, wait_ready
from todos_sdk import AsyncTodosClient, Change, RetryPolicy

from tests.integration.api.helpers import Users
from tests.support.answer_dropping_proxy import TokenServer
from tests.support.tokens import ISSUER, JwksServer

FAST_RETRIES = RetryPolicy(attempts=3, backoff=0.05, jitter=False)


def _api_env(database_url: str, jwks: JwksServer) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AUTH_", "DB_", "CORS_", "EVENTS_"))
        and key not in {"DATABASE_URL", "TEST_DATABASE_URL"}
    }
    env |= {
        "DATABASE_URL": database_url,
        "AUTH_URL": ISSUER,
        "AUTH_JWKS_URL": jwks.url,
        "EVENTS_HEARTBEAT_SECONDS": "0.5",
    }
    return env


def _serve(env: dict[str, str], port: int, log: Path) -> ServerProcess:
    command = [str(BIN_DIR / "todos-api"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    server = ServerProcess("api", command, ROOT, env, log).start()
    wait_ready({f"http://127.0.0.1:{port}/readyz": server})
    return server


@pytest.fixture(scope="module")
def api_url(database_url: str, jwks: JwksServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    server = _serve(
        _api_env(database_url, jwks), port, Path(tmp_path_factory.mktemp("sdk-changes")) / "api.log"
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
async def two_clients(users: Users, api_url: str) -> AsyncIterator[tuple[AsyncTodosClient, AsyncTodosClient]]:
    """Two SDK clients (say a laptop and a phone) of one fresh user."""
    caller = await users.create()
    tokens = TokenServer(caller.token)
    first = AsyncTodosClient("session", api_url=api_url, auth_url=tokens.url, retry=FAST_RETRIES)
    second = AsyncTodosClient("session", api_url=api_url, auth_url=tokens.url, retry=FAST_RETRIES)
    try:
        yield first, second
    finally:
        await first.aclose()
        await second.aclose()
        tokens.close()


async def _sync(client: AsyncTodosClient, mirror: dict[int, Change], since: str | None) -> str | None:
    cursor = since
    async for change in client.iter_changes(since=since, page_size=2):
        mirror[change.id] = change
        cursor = change.cursor
    return cursor


async def test_iter_changes_rebuilds_the_live_list_and_the_trash(
    two_clients: tuple[AsyncTodosClient, AsyncTodosClient],
) -> None:
    writer, mirror_client = two_clients
    ids = [(await writer.create_todo(f"Task {n}")).id for n in range(5)]
    mirror: dict[int, Change] = {}
    cursor = await _sync(mirror_client, mirror, None)
    await writer.update_todo(ids[0], title="Renamed")
    await writer.set_completed(ids[1])
    await writer.delete_todo(ids[2])
    await writer.delete_todo(ids[3], permanent=True)
    await writer.delete_todo(ids[4])
    await writer.restore_todo(ids[4])
    extra = await writer.create_todo("Late")

    await _sync(mirror_client, mirror, cursor)

    live = {todo.id: (todo.title, todo.is_completed, todo.version) async for todo in writer.iter_todos()}
    rebuilt = {
        todo_id: (change.todo.title, change.todo.is_completed, change.todo.version)
        for todo_id, change in mirror.items()
        if change.kind == "changed" and change.todo is not None
    }
    assert rebuilt == live
    assert set(live) == {ids[0], ids[1], ids[4], extra.id}
    trash = await writer.list_todos(trashed=True)
    assert {change.id for change in mirror.values() if change.kind == "trashed"} == {
        t.id for t in trash.items
    }
    assert [todo_id for todo_id, change in mirror.items() if change.kind == "deleted"] == [ids[3]]


async def test_watch_sees_a_change_made_by_another_client(
    two_clients: tuple[AsyncTodosClient, AsyncTodosClient],
) -> None:
    watcher, writer = two_clients
    # Start from "now" as a cursor, so the write below is after it however soon the stream opens.
    now = (await watcher.list_changes()).next_cursor
    watched = watcher.watch(since=now)
    first = asyncio.ensure_future(anext(watched))
    await asyncio.sleep(0.2)

    created = await writer.create_todo("From the phone")
    change = await asyncio.wait_for(first, 10)
    await writer.delete_todo(created.id)
    trashed = await asyncio.wait_for(anext(watched), 10)
    await watched.aclose()

    assert (change.id, change.kind, change.todo and change.todo.title) == (
        created.id,
        "changed",
        "From the phone",
    )
    assert (trashed.id, trashed.kind) == (created.id, "trashed")
    assert change.cursor is not None and trashed.cursor != change.cursor


async def test_watch_resumes_after_the_api_restarts_without_loss_or_repeat(
    users: Users, database_url: str, jwks: JwksServer, tmp_path: Path
) -> None:
    env, port = _api_env(database_url, jwks), free_port()
    server = _serve(env, port, tmp_path / "first.log")
    caller = await users.create()
    tokens = TokenServer(caller.token)
    url = f"http://127.0.0.1:{port}"
    watcher = AsyncTodosClient("session", api_url=url, auth_url=tokens.url, retry=FAST_RETRIES)
    writer = AsyncTodosClient("session", api_url=url, auth_url=tokens.url, retry=FAST_RETRIES)
    try:
        watched = watcher.watch(since=(await watcher.list_changes()).next_cursor)
        before = asyncio.ensure_future(anext(watched))
        await asyncio.sleep(0.2)
        await writer.create_todo("Before the restart")
        first = await asyncio.wait_for(before, 10)
        server.stop()  # SIGTERM ends the streams at once: the watcher reconnects, failing meanwhile
        server = await asyncio.to_thread(_serve, env, port, tmp_path / "second.log")
        await writer.create_todo("While it was away")  # before the watcher is back: sent on its resumption
        second = await asyncio.wait_for(anext(watched), 20)
        await watched.aclose()
    finally:
        await watcher.aclose()
        await writer.aclose()
        tokens.close()
        server.stop()

    titles = [change.todo.title if change.todo else None for change in (first, second)]
    assert titles == ["Before the restart", "While it was away"]


async def test_watch_continues_across_a_token_expiry_without_loss_or_repeat(
    users: Users, database_url: str, jwks: JwksServer, tmp_path: Path
) -> None:
    # No leeway: the API ends the stream at the JWT's exp; each JWT the watcher gets lives 2 s.
    env, port = _api_env(database_url, jwks) | {"AUTH_LEEWAY_SECONDS": "0"}, free_port()
    server = _serve(env, port, tmp_path / "api.log")
    caller = await users.create()
    short = TokenServer("", mint=lambda: users.token_for(caller.user_id, caller.session_id, lifetime=2))
    lasting = TokenServer(caller.token)
    url = f"http://127.0.0.1:{port}"
    watcher = AsyncTodosClient("session", api_url=url, auth_url=short.url, retry=FAST_RETRIES)
    writer = AsyncTodosClient("session", api_url=url, auth_url=lasting.url, retry=FAST_RETRIES)
    try:
        watched = watcher.watch(since=(await watcher.list_changes()).next_cursor)
        before = asyncio.ensure_future(anext(watched))
        await asyncio.sleep(0.2)
        await writer.create_todo("Before the expiry")
        first = await asyncio.wait_for(before, 10)
        issued = short.issued
        await asyncio.sleep(3.5)  # past the stream's JWT: the API ended the stream, watch() came back
        await writer.create_todo("After the expiry")
        second = await asyncio.wait_for(anext(watched), 10)
        await watched.aclose()
    finally:
        await watcher.aclose()
        await writer.aclose()
        short.close()
        lasting.close()
        server.stop()

    titles = [change.todo.title if change.todo else None for change in (first, second)]
    assert titles == ["Before the expiry", "After the expiry"]
    assert short.issued > issued  # the stream was reopened with a fresh JWT
