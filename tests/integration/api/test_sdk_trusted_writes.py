"""The SDK and the CLI against a real `todos-api serve` process on real PostgreSQL, through a proxy that loses
the answer after the commit: every write (create, toggle, PUT, DELETE, permanent DELETE, restore, complete),
with and without If-Match, is retried with its Idempotency-Key and applied once — the caller gets the write's
result, never a false 412 or 404; a stale task read still gives PreconditionFailed."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
import pytest
from todos_devstack.paths import BIN_DIR, ROOT, free_port
from todos_devstack.processes import ServerProcess, wait_ready
from todos_sdk import AsyncTodosClient, PreconditionFailed, RetryPolicy, etag_of
from todos_sdk.models import TodoPublic

from tests.integration.api.helpers import Users
from tests.support.answer_dropping_proxy import AnswerDroppingProxy, TokenServer
from tests.support.cli_process import TodoCli
from tests.support.tokens import ISSUER, JwksServer

FAST_RETRIES = RetryPolicy(attempts=3, backoff=0.05, jitter=False)


@pytest.fixture(scope="module")
def api_url(database_url: str, jwks: JwksServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AUTH_", "DB_", "CORS_")) and key not in {"DATABASE_URL", "TEST_DATABASE_URL"}
    }
    env |= {"DATABASE_URL": database_url, "AUTH_URL": ISSUER, "AUTH_JWKS_URL": jwks.url}
    port = free_port()
    command = [str(BIN_DIR / "todos-api"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    log = Path(tmp_path_factory.mktemp("sdk-api")) / "api.log"
    server = ServerProcess("api", command, ROOT, env, log).start()
    try:
        url = f"http://127.0.0.1:{port}"
        wait_ready({f"{url}/readyz": server})
        yield url
    finally:
        server.stop()


@pytest.fixture
async def proxy(api_url: str) -> AsyncIterator[AnswerDroppingProxy]:
    parts = urlsplit(api_url)
    started = await AnswerDroppingProxy(str(parts.hostname), int(parts.port or 80)).start()
    yield started
    await started.stop()


@pytest.fixture
async def signed_in(users: Users, proxy: AnswerDroppingProxy) -> AsyncIterator[tuple[AsyncTodosClient, str]]:
    """An SDK client for a fresh user, talking to the API through the proxy; and the user's id."""
    caller = await users.create()
    tokens = TokenServer(caller.token)
    client = AsyncTodosClient("session", api_url=proxy.url, auth_url=tokens.url, retry=FAST_RETRIES)
    try:
        yield client, caller.user_id
    finally:
        await client.aclose()
        tokens.close()


async def test_create_whose_answer_is_lost_is_retried_and_applied_once(
    signed_in: tuple[AsyncTodosClient, str], proxy: AnswerDroppingProxy, admin: asyncpg.Connection
) -> None:
    client, user_id = signed_in
    proxy.drop_answers = 1

    raw = await client.with_raw_response.create_todo("Lost answer")

    assert proxy.dropped == 1
    assert raw.status_code == 201
    assert raw.headers["Idempotent-Replayed"] == "true"  # the retry got the first answer back
    rows = await admin.fetch("SELECT id, title FROM todo WHERE user_id = $1", user_id)
    assert [(row["id"], row["title"]) for row in rows] == [(raw.parse().id, "Lost answer")]


async def test_toggle_whose_answer_is_lost_flips_once(
    signed_in: tuple[AsyncTodosClient, str], proxy: AnswerDroppingProxy, admin: asyncpg.Connection
) -> None:
    client, _ = signed_in
    todo = await client.create_todo("Toggle me")
    proxy.drop_answers = 1

    toggled = await client.toggle_completed(todo.id)

    assert proxy.dropped == 1
    assert toggled.is_completed is True
    stored = await admin.fetchval("SELECT is_completed FROM todo WHERE id = $1", todo.id)
    assert stored is True  # a retry without the key would have flipped it back


async def test_stale_task_gives_precondition_failed_then_the_fresh_one_applies(
    signed_in: tuple[AsyncTodosClient, str],
) -> None:
    client, _ = signed_in
    read = await client.create_todo("Original")
    elsewhere = await client.update_todo(read.id, title="Changed elsewhere")

    with pytest.raises(PreconditionFailed) as caught:
        await client.update(read, title="Mine")

    assert caught.value.current_etag == etag_of(elsewhere)
    assert (await client.get_todo(read.id)).title == "Changed elsewhere"
    mine = await client.update(elsewhere, title="Mine")
    assert mine.title == "Mine"
    assert mine.version == elsewhere.version + 1
    with pytest.raises(PreconditionFailed):
        await client.delete(elsewhere)
    await client.delete(mine)


# The writes of a task whose answer the proxy loses: (HTTP method, whether it applies to a trashed task).
WRITES = {
    "put": ("PUT", False),
    "complete": ("PATCH", False),
    "delete": ("DELETE", False),
    "delete permanent": ("DELETE", False),
    "restore": ("POST", True),
}


async def _task(client: AsyncTodosClient, *, trashed: bool) -> tuple[int, str]:
    """A new task (in the trash when `trashed`): its id and current ETag."""
    todo = await client.create_todo("Lost answer")
    if not trashed:
        return todo.id, etag_of(todo)
    await client.delete_todo(todo.id)
    return todo.id, f'"{todo.id}-{todo.version + 1}"'


async def _sdk_write(client: AsyncTodosClient, name: str, todo_id: int, if_match: str | None) -> object:
    if name == "put":
        return await client.update_todo(todo_id, title="Renamed", if_match=if_match)
    if name == "complete":
        return await client.complete_todo(todo_id, True, if_match=if_match)
    if name == "restore":
        return await client.restore_todo(todo_id, if_match=if_match)
    await client.delete_todo(todo_id, permanent=name == "delete permanent", if_match=if_match)
    return None


State = tuple[int | None, bool | None, int]


async def _state(admin: asyncpg.Connection, todo_id: int) -> State:
    """The task's version and whether it is trashed (None, None: deleted for good), and its tombstones."""
    row = await admin.fetchrow(
        "SELECT version, deleted_at IS NOT NULL AS trashed FROM todo WHERE id = $1", todo_id
    )
    buried: int = await admin.fetchval("SELECT count(*) FROM todo_tombstone WHERE id = $1", todo_id)
    return (row["version"], row["trashed"], buried) if row else (None, None, buried)


def _one_change(
    name: str, before: tuple[int | None, bool | None, int]
) -> tuple[int | None, bool | None, int]:
    """The state after exactly one application of the write."""
    version, _, buried = before
    assert version is not None
    trashed = {"put": False, "complete": False, "delete": True, "restore": False}
    if name == "delete permanent":
        return None, None, buried + 1
    return version + 1, trashed[name], buried


async def _changes_after(client: AsyncTodosClient, cursor: str | None) -> list[tuple[int, int | None]]:
    """(task id, version or None when deleted for good) of every change after `cursor`."""
    return [
        (change.id, None if change.todo is None else change.todo.version)
        async for change in client.iter_changes(cursor)
    ]


@pytest.mark.parametrize("conditional", [True, False], ids=["if-match", "unconditional"])
@pytest.mark.parametrize("name", list(WRITES))
async def test_sdk_write_whose_answer_is_lost_returns_its_result_and_applies_once(
    signed_in: tuple[AsyncTodosClient, str],
    proxy: AnswerDroppingProxy,
    admin: asyncpg.Connection,
    name: str,
    conditional: bool,
) -> None:
    client, _ = signed_in
    method, trashed = WRITES[name]
    todo_id, etag = await _task(client, trashed=trashed)
    before = await _state(admin, todo_id)
    cursor = (await client.list_changes(limit=1000)).next_cursor
    proxy.drop_methods, proxy.drop_answers = frozenset({method}), 1

    result = await _sdk_write(client, name, todo_id, etag if conditional else None)

    assert proxy.dropped == 1
    after = _one_change(name, before)
    assert await _state(admin, todo_id) == after  # one change, not two
    if isinstance(result, TodoPublic):
        assert (result.id, result.version) == (todo_id, after[0])
        assert result.deleted_at is None
    assert await _changes_after(client, cursor) == [(todo_id, after[0])]


# The CLI commands of each write: with If-Match (read, then write) and with --force (no If-Match).
CLI_COMMANDS = {
    "put": ["edit", "{id}", "--title", "Renamed"],
    "complete": ["done", "{id}"],
    "delete": ["rm", "{id}", "--yes"],
    "delete permanent": ["rm", "{id}", "--yes", "--permanent"],
    "restore": ["restore", "{id}"],  # no If-Match: a trashed task cannot change meanwhile
}


# `todo restore` has no --force: it never sends If-Match.
CLI_CASES = [
    (name, force) for name in CLI_COMMANDS for force in (False, True) if not (force and name == "restore")
]


@pytest.mark.parametrize(
    ("name", "force"), CLI_CASES, ids=[f"{n}-{'force' if f else 'if-match'}" for n, f in CLI_CASES]
)
async def test_cli_write_whose_answer_is_lost_exits_0_and_applies_once(
    users: Users,
    proxy: AnswerDroppingProxy,
    admin: asyncpg.Connection,
    tmp_path: Path,
    name: str,
    force: bool,
) -> None:
    caller = await users.create()
    tokens = TokenServer(caller.token)
    method, trashed = WRITES[name]
    as_caller = AsyncTodosClient("session", api_url=proxy.url, auth_url=tokens.url, retry=FAST_RETRIES)
    cli = TodoCli(tmp_path, api_url=proxy.url, auth_url=tokens.url, extra_env={"TODO_TOKEN": "session"})
    try:
        todo_id, _ = await _task(as_caller, trashed=trashed)
        before = await _state(admin, todo_id)
        proxy.drop_methods, proxy.drop_answers = frozenset({method}), 1
        args = [arg.format(id=todo_id) for arg in CLI_COMMANDS[name]] + (["--force"] if force else [])

        # In a thread: the proxy runs on this event loop.
        result = await asyncio.to_thread(cli, *args)

        assert result.returncode == 0, result.stderr
        assert proxy.dropped == 1
        assert await _state(admin, todo_id) == _one_change(name, before)
    finally:
        await as_caller.aclose()
        tokens.close()
