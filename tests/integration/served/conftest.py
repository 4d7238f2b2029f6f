"""The API as deployed: a real uvicorn process on real PostgreSQL, reached over TCP.

What only a real server shows lives here: how the connection behaves around a refused body (resets), and
the contract as a fuzzer sees it over HTTP. One embedded PostgreSQL with Better Auth's tables and our
migrations, one JWKS server (tests/support/tokens.py), one `uvicorn todos_api.main:app` on a free port.
"""

from __future__ import annotations

import os
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest
from todos_devstack.databases import fresh_database
from todos_devstack.paths import ROOT, free_port
from todos_devstack.processes import ServerProcess, wait_ready

from tests.integration.api.helpers import Caller, Users
from tests.support.postgres import test_server
from tests.support.tokens import ISSUER, JwksServer, SigningKey

# Small enough that the over-limit tests send little, as in production's default order of magnitude.
MAX_BODY_BYTES = 64 * 1024


@pytest.fixture(scope="session")
def served_database() -> Iterator[str]:
    with test_server() as server, fresh_database(server) as url:
        yield url


@pytest.fixture(scope="session")
def served_key() -> SigningKey:
    return SigningKey()


@pytest.fixture(scope="session")
def served_jwks(served_key: SigningKey) -> Iterator[JwksServer]:
    server = JwksServer(served_key)
    yield server
    server.close()


STREAM_SECONDS = 0.1


@pytest.fixture(scope="session")
def api_url(
    served_database: str, served_jwks: JwksServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    port = free_port()
    # Nothing from the caller's environment decides identity or limits here.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AUTH_", "DB_", "CORS_", "MAX_BODY"))}
    env.update(
        DATABASE_URL=served_database,
        AUTH_URL=ISSUER,
        AUTH_JWKS_URL=served_jwks.url,
        MAX_BODY_BYTES=str(MAX_BODY_BYTES),
        # Every event stream ends after this long, so that a fuzzer's read of one ends (test_schemathesis.py).
        EVENTS_MAX_STREAM_SECONDS=str(STREAM_SECONDS),
    )
    command = [sys.executable, "-m", "uvicorn", "todos_api.main:app", "--host", "127.0.0.1"]
    log = Path(tmp_path_factory.mktemp("served")) / "api.log"
    server = ServerProcess("api", [*command, "--port", str(port), "--no-access-log"], ROOT, env, log).start()
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready({f"{url}/readyz": server})
        yield url
    finally:
        server.stop()


@pytest.fixture(scope="session")
async def served_users(served_database: str, served_key: SigningKey) -> AsyncIterator[Users]:
    connection = await asyncpg.connect(served_database)
    yield Users(connection, served_key)
    await connection.close()


@pytest.fixture(scope="session")
async def two_users(served_users: Users) -> tuple[Caller, Caller]:
    """Two signed-in users (Better Auth user and session rows, a token each)."""
    return await served_users.create(), await served_users.create()
