"""Create the todo table.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None


def upgrade() -> None:
    # "user" is Better Auth's table: its migrations must have run first (they own it; we only point at it).
    has_user = op.get_bind().execute(sa.text("SELECT to_regclass('public.\"user\"') IS NOT NULL")).scalar()
    if not has_user:
        raise RuntimeError(
            'table "user" is missing: run Better Auth\'s migrations first (npm run migrate in packages/web)'
        )
    op.create_table(
        "todo",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), primary_key=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("is_completed", sa.Boolean(), nullable=False, server_default=sa.text("false")),
        sa.Column("user_id", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name="todo_user_id_fkey", ondelete="CASCADE"),
        sa.CheckConstraint("char_length(title) BETWEEN 1 AND 200", name="todo_title_length"),
        sa.CheckConstraint("char_length(description) <= 1000", name="todo_description_length"),
    )
    op.create_index(
        "ix_todo_user_id_created_at",
        "todo",
        ["user_id", sa.text("created_at DESC"), sa.text("id DESC")],
    )


def downgrade() -> None:
    op.drop_index("ix_todo_user_id_created_at", table_name="todo")
    op.drop_table("todo")
