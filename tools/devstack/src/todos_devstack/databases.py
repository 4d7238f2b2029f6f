"""Databases on a PostgreSQL server: a fresh one per test session or benchmark, Better Auth's tables, and
one-off statements from sync code."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import asyncpg

T = TypeVar("T")

# Better Auth 1.7's "user" and "session" tables exactly as its migrations create them on PostgreSQL
# (measured; the same text as ../shared/tools/contract_smoke.py). For API integration tests and benchmarks,
# which run no Node: the e2e tests and `make run` run Better Auth's real migrations.
BETTER_AUTH_DDL = """
create table if not exists "user" (id text primary key, name text not null, email text not null unique,
  "emailVerified" boolean not null, image text, "createdAt" timestamptz not null default current_timestamp,
  "updatedAt" timestamptz not null default current_timestamp);
create table if not exists "session" (id text primary key, "expiresAt" timestamptz not null, token text not null unique,
  "createdAt" timestamptz not null default current_timestamp, "updatedAt" timestamptz not null,
  "ipAddress" text, "userAgent" text, "userId" text not null references "user"(id) on delete cascade);
"""  # noqa: E501


def with_database(url: str, database: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{database}"))


async def execute(database_url: str, statement: str, *args: object) -> None:
    """One statement on a connection of its own (asyncpg runs it in autocommit: no transaction is open)."""
    connection = await asyncpg.connect(database_url)
    try:
        await connection.execute(statement, *args)
    finally:
        await connection.close()


def run_sync(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion from sync code, in a thread of its own: Playwright's sync API keeps an
    event loop running in the main thread while a browser is open, and asyncio refuses a second one there."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def execute_sql(database_url: str, statement: str) -> None:
    run_sync(execute(database_url, statement))


async def install_better_auth_tables(database_url: str) -> None:
    await execute(database_url, BETTER_AUTH_DDL)


@contextlib.contextmanager
def fresh_database(server_url: str, *, better_auth: bool = True, migrate: bool = True) -> Iterator[str]:
    """A new database (Better Auth's tables, then our migrations), dropped afterwards. Synchronous, so it
    works from sync fixtures and scripts; async fixtures can run it in a thread."""
    name = f"todos_test_{secrets.token_hex(4)}"
    url = with_database(server_url, name)
    run_sync(execute(server_url, f'CREATE DATABASE "{name}"'))
    try:
        if better_auth:
            run_sync(install_better_auth_tables(url))
        if migrate:
            from todos_api.db.migrate import upgrade

            upgrade(url)
        yield url
    finally:
        run_sync(
            execute(with_database(server_url, "postgres"), f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        )
