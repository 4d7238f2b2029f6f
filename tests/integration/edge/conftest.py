"""Edge fixtures: real `todos-api serve` processes on one throwaway PostgreSQL (TEST_DATABASE_URL, else the
embedded one). The behaviour tested here is the server's (HTTP parsing, signals), not the database's, so one
kind of PostgreSQL is enough."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import asyncpg
import pytest
from todos_devstack.databases import fresh_database

from tests.integration.api.helpers import Caller, Users
from tests.integration.edge.helpers import ApiProcess, api_env
from tests.support.postgres import test_server
from tests.support.tokens import JwksServer, SigningKey


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    with test_server() as server, fresh_database(server) as url:
        yield url


@pytest.fixture(scope="session")
def env(database_url: str, jwks: JwksServer) -> dict[str, str]:
    return api_env(database_url, jwks.url)


@pytest.fixture(scope="session")
def api(env: dict[str, str]) -> Iterator[ApiProcess]:
    """One server for the tests that do not stop it; short header and body deadlines keep them quick."""
    process = ApiProcess(env | {"HEADER_TIMEOUT_SECONDS": "1", "BODY_TIMEOUT_SECONDS": "2"}).start()
    yield process
    process.stop()


@pytest.fixture(scope="session")
async def admin(database_url: str) -> AsyncIterator[asyncpg.Connection]:
    connection = await asyncpg.connect(database_url)
    yield connection
    await connection.close()


@pytest.fixture(scope="session")
def users(admin: asyncpg.Connection, signing_key: SigningKey) -> Users:
    return Users(admin, signing_key)


@pytest.fixture
async def alice(users: Users) -> Caller:
    return await users.create()
