"""The ``api_secret`` table, with the random secret that seals change-feed cursors (todos_api/cursor_key.py).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    table = op.create_table(
        "api_secret",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("value", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    # Made here so that every replica finds it; an API process also creates it when it is missing.
    op.bulk_insert(table, [{"name": "cursor", "value": secrets.token_bytes(32)}])


def downgrade() -> None:
    op.drop_table("api_secret")
