"""The SDK against a real `todos-api serve` process on real PostgreSQL: a create or toggle whose answer is
lost is retried with its Idempotency-Key and applied once; a stale task read gives PreconditionFailed."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
import pytest
from todos_devstack.paths import BIN_DIR, ROOT, free_port
from todos_devstack.processes import ServerProcess, wait_ready
from todos_sdk import AsyncTodosClient, PreconditionFailed, RetryPolicy, etag_of

from tests.integration.api.helpers import Users
from tests.support.answer_dropping_proxy import AnswerDroppingProxy, TokenServer
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
