"""Trash and change feed: ``todo.deleted_at``, ``todo.change_xid`` and the ``todo_tombstone`` table.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"

CURRENT_XID = "(pg_current_xact_id())::text::bigint"


def upgrade() -> None:
    op.add_column("todo", sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
    # A constant default first (no table rewrite; existing rows come first in the feed), then new rows'
    # transaction id.
    op.add_column(
        "todo", sa.Column("change_xid", sa.BigInteger(), nullable=False, server_default=sa.text("0"))
    )
    op.alter_column("todo", "change_xid", server_default=sa.text(CURRENT_XID))
    op.create_index("ix_todo_user_id_change_xid", "todo", ["user_id", "change_xid", "id"])
    op.create_index(
        "ix_todo_deleted_at", "todo", ["deleted_at"], postgresql_where=sa.text("deleted_at IS NOT NULL")
    )
    op.create_table(
        "todo_tombstone",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("user_id", sa.Text(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("change_xid", sa.BigInteger(), nullable=False, server_default=sa.text(CURRENT_XID)),
        sa.PrimaryKeyConstraint("id", name="todo_tombstone_pkey"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name="todo_tombstone_user_id_fkey", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_todo_tombstone_user_id_change_xid", "todo_tombstone", ["user_id", "change_xid", "id"])
    op.create_index("ix_todo_tombstone_deleted_at", "todo_tombstone", ["deleted_at"])


def downgrade() -> None:
    op.drop_index("ix_todo_tombstone_deleted_at", table_name="todo_tombstone")
    op.drop_index("ix_todo_tombstone_user_id_change_xid", table_name="todo_tombstone")
    op.drop_table("todo_tombstone")
    op.drop_index("ix_todo_deleted_at", table_name="todo")
    op.drop_index("ix_todo_user_id_change_xid", table_name="todo")
    op.drop_column("todo", "change_xid")
    op.drop_column("todo", "deleted_at")
