"""Indexes for every list order and for text search, built without blocking writes.

``(user_id, updated_at DESC, id DESC)`` and ``(user_id, title, id)`` serve the updated_at and title sorts (the
created_at one has had its index since 0001), so that a cursor page of any sort is an index range scan
(docs/decisions.md, "Keyset pagination"). Where the server offers pg_trgm (Debian/Neon do, the embedded
wheel does not) GIN trigram indexes on title and description serve ``q`` (``ILIKE '%…%'``) for rare
words; without them search still works, by walking the caller's rows.

``CREATE INDEX CONCURRENTLY`` cannot run inside a transaction, hence the autocommit blocks (env.py runs
each migration in its own transaction, under a session-level advisory lock). An interrupted concurrent
build leaves an INVALID index behind; it is dropped and built again, so ``todos-api migrate`` can simply be
re-run.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"

SORT_INDEXES = {
    "ix_todo_user_id_updated_at": "(user_id, updated_at DESC, id DESC)",
    "ix_todo_user_id_title": "(user_id, title, id)",
}
SEARCH_INDEXES = {
    "ix_todo_title_trgm": "USING gin (title gin_trgm_ops)",
    "ix_todo_description_trgm": "USING gin (description gin_trgm_ops)",
}


def _build_concurrently(name: str, definition: str) -> None:
    """CREATE INDEX CONCURRENTLY, after dropping an INVALID leftover of an interrupted earlier build."""
    invalid = op.get_bind().execute(
        sa.text(
            "SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " WHERE c.relname = :name AND NOT i.indisvalid"
        ),
        {"name": name},
    )
    if invalid.first() is not None:
        op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
    op.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON todo {definition}")


def _has_pg_trgm() -> bool:
    query = "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'"
    return op.get_bind().execute(sa.text(query)).first() is not None


def upgrade() -> None:
    search = _has_pg_trgm()
    if search:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    with op.get_context().autocommit_block():
        for name, definition in SORT_INDEXES.items():
            _build_concurrently(name, definition)
        if search:
            for name, definition in SEARCH_INDEXES.items():
                _build_concurrently(name, definition)


def downgrade() -> None:
    # The extension stays: other schemas of the database may use it, and it costs nothing unused.
    with op.get_context().autocommit_block():
        for name in [*SEARCH_INDEXES, *SORT_INDEXES]:
            op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
