"""Optimistic concurrency and idempotent writes: ``todo.version`` and the ``idempotency_key`` table.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"


def upgrade() -> None:
    # A constant default: PostgreSQL 11+ adds the column without rewriting the table; existing rows are 1.
    op.add_column("todo", sa.Column("version", sa.BigInteger(), nullable=False, server_default=sa.text("1")))
    op.create_table(
        "idempotency_key",
        sa.Column("user_id", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.LargeBinary(), nullable=False),
        sa.Column("status_code", sa.SmallInteger(), nullable=False),
        sa.Column("body", postgresql.JSONB(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.PrimaryKeyConstraint("user_id", "key", name="idempotency_key_pkey"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name="idempotency_key_user_id_fkey", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_idempotency_key_created_at", "idempotency_key", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_idempotency_key_created_at", table_name="idempotency_key")
    op.drop_table("idempotency_key")
    op.drop_column("todo", "version")
