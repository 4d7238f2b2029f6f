"""Task fields of issue 17: due (date, time, zone, phrase, RRULE), priority, labels, completed_at.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03

Every column is nullable or has a constant default, so adding them rewrites no row (PostgreSQL 11+); only
the backfill of ``completed_at`` touches the completed rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("todo", sa.Column("due_date", sa.Date(), nullable=True))
    op.add_column("todo", sa.Column("due_datetime", sa.DateTime(timezone=True), nullable=True))
    op.add_column("todo", sa.Column("due_timezone", sa.Text(), nullable=True))
    op.add_column("todo", sa.Column("due_string", sa.Text(), nullable=True))
    op.add_column("todo", sa.Column("due_rrule", sa.Text(), nullable=True))
    op.add_column(
        "todo",
        sa.Column("due_from_completion", sa.Boolean(), nullable=False, server_default=sa.text("false")),
    )
    op.add_column(
        "todo", sa.Column("priority", sa.SmallInteger(), nullable=False, server_default=sa.text("4"))
    )
    op.add_column(
        "todo",
        sa.Column(
            "labels", postgresql.ARRAY(sa.Text()), nullable=False, server_default=sa.text("'{}'::text[]")
        ),
    )
    op.add_column("todo", sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True))
    op.create_check_constraint("todo_priority_range", "todo", "priority BETWEEN 1 AND 4")
    # The best we know of an old completion: the task's last change.
    op.execute("UPDATE todo SET completed_at = updated_at WHERE is_completed")


def downgrade() -> None:
    op.drop_constraint("todo_priority_range", "todo", type_="check")
    for column in (
        "completed_at",
        "labels",
        "priority",
        "due_from_completion",
        "due_rrule",
        "due_string",
        "due_timezone",
        "due_datetime",
        "due_date",
    ):
        op.drop_column("todo", column)
