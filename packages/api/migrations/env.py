"""Alembic environment: async engine from the same DATABASE_URL translation as the service.

The URL comes from ``config.attributes["database_url"]`` (set by ``todos-api migrate``) or from
``DATABASE_URL``. Better Auth's tables are in our metadata only as foreign-key targets and are never
touched. An advisory lock makes concurrent ``migrate`` runs (several test processes) wait for each other.
Each migration runs in its own transaction, so one that needs an autocommit block (0003) commits only itself.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

import todos_api.model.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from alembic import context
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel
from todos_api.db.dburl import parse_database_url
from todos_api.model.models import EXTERNAL_TABLES, OPTIONAL_INDEXES

MIGRATION_LOCK_ID = 0x7D05A919  # arbitrary, constant: "todos migrations"

config = context.config
target_metadata = SQLModel.metadata


def _database_url() -> str:
    url = config.attributes.get("database_url") or os.environ.get("DATABASE_URL")
    if not url:
        raise RuntimeError("DATABASE_URL is not set")
    return str(url)


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    del obj, reflected, compare_to
    return not (type_ == "table" and name in EXTERNAL_TABLES) and not (
        type_ == "index" and name in OPTIONAL_INDEXES
    )


def _configure(connection: Connection | None = None, **kwargs: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        compare_type=True,
        **kwargs,
    )


def run_migrations_offline() -> None:
    params = parse_database_url(_database_url())
    _configure(url=params.sqlalchemy_url(), literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def _run_sync(connection: Connection) -> None:
    # A session-level lock, not a transaction's: a migration that builds indexes CONCURRENTLY commits in the
    # middle (autocommit_block), and the lock must outlast that. Closing the connection releases it.
    connection.execute(text("SELECT pg_advisory_lock(:id)"), {"id": MIGRATION_LOCK_ID})
    connection.commit()
    _configure(connection, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()


async def run_migrations_online() -> None:
    params = parse_database_url(_database_url())
    engine = create_async_engine(
        params.sqlalchemy_url(), connect_args=params.sqlalchemy_connect_args(), poolclass=NullPool
    )
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run_sync)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    asyncio.run(run_migrations_online())
