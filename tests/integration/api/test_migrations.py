"""Our Alembic migrations on a real server: idempotent, reversible, Better Auth's tables untouched."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import asyncpg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import SQLModel
from todos_api.core.dburl import parse_database_url
from todos_api.migrate import downgrade, upgrade
from todos_devstack.databases import fresh_database


@pytest.fixture
def empty_database(pg_server: str) -> Iterator[str]:
    with fresh_database(pg_server, migrate=False) as url:
        yield url


async def _fetch(url: str, query: str) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(url)
    try:
        return await connection.fetch(query)
    finally:
        await connection.close()


async def test_upgrade_is_idempotent_and_creates_the_schema(empty_database: str) -> None:
    await asyncio.to_thread(upgrade, empty_database)
    await asyncio.to_thread(upgrade, empty_database)
    columns = await _fetch(
        empty_database,
        "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
        "WHERE table_name = 'todo' ORDER BY ordinal_position",
    )
    assert [tuple(row) for row in columns] == [
        ("id", "bigint", "NO"),
        ("title", "text", "NO"),
        ("description", "text", "YES"),
        ("is_completed", "boolean", "NO"),
        ("user_id", "text", "NO"),
        ("created_at", "timestamp with time zone", "NO"),
        ("updated_at", "timestamp with time zone", "NO"),
        ("version", "bigint", "NO"),
        ("deleted_at", "timestamp with time zone", "YES"),
        ("change_xid", "bigint", "NO"),
    ]
    indexes = await _fetch(empty_database, "SELECT indexdef FROM pg_indexes WHERE tablename = 'todo'")
    assert any("(user_id, created_at DESC, id DESC)" in row["indexdef"] for row in indexes), indexes
    fks = await _fetch(
        empty_database,
        "SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint"
        " WHERE conrelid = 'todo'::regclass AND contype = 'f'",
    )
    assert [row["def"] for row in fks] == ['FOREIGN KEY (user_id) REFERENCES "user"(id) ON DELETE CASCADE']


async def test_downgrade_drops_only_our_table(empty_database: str) -> None:
    await asyncio.to_thread(upgrade, empty_database)
    await asyncio.to_thread(downgrade, empty_database, "base")
    tables = {
        row["tablename"]
        for row in await _fetch(empty_database, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    }
    assert not {"todo", "idempotency_key", "todo_tombstone"} & tables
    assert {"user", "session"} <= tables
    await asyncio.to_thread(upgrade, empty_database)


async def test_models_match_the_migrated_schema(empty_database: str) -> None:
    await asyncio.to_thread(upgrade, empty_database)
    params = parse_database_url(empty_database)
    engine = create_async_engine(params.sqlalchemy_url(), connect_args=params.sqlalchemy_connect_args())

    def diff(connection: Connection) -> list[object]:
        from todos_api.models import EXTERNAL_TABLES

        context = MigrationContext.configure(
            connection,
            opts={
                "include_object": lambda _o, name, type_, _r, _c: (
                    not (type_ == "table" and name in EXTERNAL_TABLES)
                ),
                "compare_type": True,
            },
        )
        return list(compare_metadata(context, SQLModel.metadata))

    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(diff) == []
    finally:
        await engine.dispose()


def test_upgrade_without_better_auth_tables_explains_what_to_do(pg_server: str) -> None:
    with fresh_database(pg_server, better_auth=False, migrate=False) as url:
        with pytest.raises(RuntimeError, match='"user" is missing.*Better Auth'):
            upgrade(url)
