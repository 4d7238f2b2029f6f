"""Our Alembic migrations on a real server: idempotent, reversible, Better Auth's tables untouched."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime

import asyncpg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import SQLModel
from todos_api.core.config import Settings
from todos_api.db.dburl import parse_database_url
from todos_api.db.migrate import downgrade, upgrade
from todos_api.db.pool import Database
from todos_api.feed.cursor_key import CursorKeys, derive_key
from todos_api.feed.feed_cursor import Cursor, CursorCodec
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
        ("due_date", "date", "YES"),
        ("due_datetime", "timestamp with time zone", "YES"),
        ("due_timezone", "text", "YES"),
        ("due_string", "text", "YES"),
        ("due_rrule", "text", "YES"),
        ("due_from_completion", "boolean", "NO"),
        ("priority", "smallint", "NO"),
        ("labels", "ARRAY", "NO"),
        ("completed_at", "timestamp with time zone", "YES"),
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
    assert not {"todo", "idempotency_key", "todo_tombstone", "api_secret"} & tables
    assert {"user", "session"} <= tables
    await asyncio.to_thread(upgrade, empty_database)


async def test_models_match_the_migrated_schema(empty_database: str) -> None:
    await asyncio.to_thread(upgrade, empty_database)
    params = parse_database_url(empty_database)
    engine = create_async_engine(params.sqlalchemy_url(), connect_args=params.sqlalchemy_connect_args())

    def diff(connection: Connection) -> list[object]:
        from todos_api.model.models import EXTERNAL_TABLES, OPTIONAL_INDEXES

        context = MigrationContext.configure(
            connection,
            opts={
                "include_object": lambda _o, name, type_, _r, _c: (
                    not (type_ == "table" and name in EXTERNAL_TABLES)
                    and not (type_ == "index" and name in OPTIONAL_INDEXES)
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


async def test_index_migration_lets_writes_through_while_it_waits(empty_database: str) -> None:
    """0003 builds its indexes CONCURRENTLY: while the build waits for an open writer, other inserts still
    go through. A plain CREATE INDEX would queue its SHARE lock, and every later insert behind it."""
    await asyncio.to_thread(upgrade, empty_database, "0002")
    open_writer = await asyncpg.connect(empty_database)
    other_writer = await asyncpg.connect(empty_database, command_timeout=5)
    try:
        await open_writer.execute(
            """INSERT INTO "user" (id, name, email, "emailVerified") VALUES ('w', 'W', 'w@x.test', true)"""
        )
        transaction = open_writer.transaction()
        await transaction.start()
        await open_writer.execute("INSERT INTO todo (title, user_id) VALUES ('held open', 'w')")
        migration = asyncio.create_task(asyncio.to_thread(upgrade, empty_database))
        waiting = None
        for _ in range(200):
            waiting = await other_writer.fetchval(
                "SELECT query FROM pg_stat_activity WHERE datname = current_database()"
                " AND query ILIKE 'CREATE INDEX%' AND wait_event_type = 'Lock'"
            )
            if waiting is not None:
                break
            await asyncio.sleep(0.05)
        assert waiting is not None, "the index build never waited for the writer"
        assert "CONCURRENTLY" in waiting, waiting
        await other_writer.execute("SET statement_timeout = '2s'")
        await other_writer.execute("INSERT INTO todo (title, user_id) VALUES ('while building', 'w')")
        assert not migration.done()
        await transaction.commit()
        await asyncio.wait_for(migration, 60)
    finally:
        await open_writer.close()
        await other_writer.close()
    invalid = await _fetch(
        empty_database,
        "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
        " WHERE i.indrelid = 'todo'::regclass AND NOT i.indisvalid",
    )
    assert invalid == []
    indexes = {row["indexname"] for row in await _fetch(empty_database, "SELECT indexname FROM pg_indexes")}
    assert {"ix_todo_user_id_updated_at", "ix_todo_user_id_title"} <= indexes


async def test_index_migration_rebuilds_an_index_left_invalid(empty_database: str) -> None:
    """An interrupted CONCURRENTLY build leaves an INVALID index; running migrate again replaces it."""
    await asyncio.to_thread(upgrade, empty_database, "0003")  # the migration that builds it, and no later one
    connection = await asyncpg.connect(empty_database)
    try:
        await connection.execute("UPDATE alembic_version SET version_num = '0002'")
        await connection.execute(
            "UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'ix_todo_user_id_title'::regclass"
        )
    finally:
        await connection.close()
    await asyncio.to_thread(upgrade, empty_database, "0003")
    valid = await _fetch(
        empty_database,
        "SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = 'ix_todo_user_id_title'::regclass",
    )
    assert [row["indisvalid"] for row in valid] == [True]


async def test_cursor_secret_is_made_by_the_migration_or_else_by_the_api(empty_database: str) -> None:
    await asyncio.to_thread(upgrade, empty_database)
    (made,) = await _fetch(empty_database, "SELECT value FROM api_secret WHERE name = 'cursor'")
    assert len(made["value"]) == 32
    await _fetch(empty_database, "DELETE FROM api_secret")
    settings = Settings(database_url=empty_database, cursor_secret=None)
    database = Database(parse_database_url(empty_database), settings)
    await database.open()
    try:
        # Two processes starting at once: one creates the secret, both end up with the same key.
        first, second = await asyncio.gather(
            CursorKeys(settings).codec(database), CursorKeys(settings).codec(database)
        )
    finally:
        await database.close()
    (remade,) = await _fetch(empty_database, "SELECT value FROM api_secret WHERE name = 'cursor'")
    assert remade["value"] != made["value"] and len(remade["value"]) == 32
    expected = CursorCodec(derive_key(remade["value"]))
    for codec in (first, second):
        assert codec.open(expected.seal(Cursor(7, 1, 1_800_000_000), "u"), "u", now=1.8e9).xid == 7


async def test_task_fields_migration_keeps_rows_and_backfills_completed_at(empty_database: str) -> None:
    """0006 on a table with tasks: defaults for every new field, completed_at from a completed row's last
    change (the best we know of when it was done)."""
    await asyncio.to_thread(upgrade, empty_database, "0005")
    connection = await asyncpg.connect(empty_database)
    try:
        await connection.execute(
            'INSERT INTO "user" (id, name, email, "emailVerified")'
            " VALUES ('u', 'U', 'u@example.test', false)"
        )
        await connection.execute(
            "INSERT INTO todo (title, user_id, is_completed, updated_at) VALUES "
            "('open', 'u', false, '2026-01-02T03:04:05Z'), ('done', 'u', true, '2026-01-02T03:04:05Z')"
        )
    finally:
        await connection.close()
    await asyncio.to_thread(upgrade, empty_database)
    rows = await _fetch(
        empty_database,
        "SELECT title, due_date, priority, labels, completed_at, due_from_completion FROM todo ORDER BY id",
    )
    done_at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert [tuple(row) for row in rows] == [
        ("open", None, 4, [], None, False),
        ("done", None, 4, [], done_at, False),
    ]
