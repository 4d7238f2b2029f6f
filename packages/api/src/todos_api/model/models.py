"""The ``todo`` entity: request bodies, the table, and the response, as one SQLModel family; and the
``idempotency_key`` table (the stored first answers of requests sent with an ``Idempotency-Key``).

``"user"`` belongs to Better Auth. It appears here only as the target of the foreign key, marked so that our
migrations never create, alter or drop it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, ConfigDict, StrictBool, StringConstraints, field_validator
from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    LargeBinary,
    SmallInteger,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from todos_api.model.text_rules import NO_NUL, TITLE_TEXT, trim

TITLE_MAX = 200
DESCRIPTION_MAX = 1000

# The current transaction's id (xid8) as a bigint: the change feed's position of a write (queries_changes.py).
CURRENT_XID = "(pg_current_xact_id())::text::bigint"

# Tables owned by Better Auth that our metadata may mention; Alembic's env skips them.
EXTERNAL_TABLES = frozenset({"user", "session", "account", "verification", "jwks"})
# Indexes migration 0003 builds only where the server has pg_trgm: not in the models, skipped in comparisons.
OPTIONAL_INDEXES = frozenset({"ix_todo_title_trgm", "ix_todo_description_trgm"})

better_auth_user = Table(
    "user",
    SQLModel.metadata,
    Column("id", Text, primary_key=True),
    info={"external": True},
)


def not_null_in_schema(schema: dict[str, Any]) -> None:
    """The schema of a field typed ``X | None`` whose None only means "not sent": X's, without the null.

    ``X | None`` rather than ``X | SkipJsonSchema[None]``: pydantic validates the latter as a union, whose
    errors name each member in their ``loc`` (``["body", "title", "function-after[trim(), …]"]`` and again
    ``[…, "none"]``); a nullable field gives one error at ``["body", "title"]``, as POST's fields do.
    """
    # The Python default None means "not sent"; advertising `default: null` would contradict `type: string`.
    schema.pop("default", None)
    kept = [member for member in schema.pop("anyOf", ()) if member != {"type": "null"}]
    if len(kept) == 1:
        schema.update(kept[0])
    elif kept:
        schema["anyOf"] = kept


# Lengths count the text as sent; the title is trimmed after every check (text_rules.py says why).
Title = Annotated[
    str, StringConstraints(min_length=1, max_length=TITLE_MAX), TITLE_TEXT, AfterValidator(trim)
]
Description = Annotated[str, StringConstraints(max_length=DESCRIPTION_MAX), NO_NUL]


class TodoBase(SQLModel):
    title: Title = Field(
        description="1–200 characters as sent, not all whitespace; surrounding whitespace is trimmed."
    )
    description: Description | None = Field(default=None, description="Up to 1000 characters.")


class TodoCreate(TodoBase):
    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]


class TodoUpdate(SQLModel):
    """Every field optional: only the fields present are changed; `description: null` clears it."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    title: Title | None = Field(
        default=None,
        description="1–200 characters as sent, not all whitespace; surrounding whitespace is trimmed.",
        schema_extra={"json_schema_extra": not_null_in_schema},
    )
    description: Description | None = Field(default=None, description="Up to 1000 characters; null clears.")
    is_completed: StrictBool | None = Field(
        default=None, schema_extra={"json_schema_extra": not_null_in_schema}
    )

    @field_validator("title", "is_completed")
    @classmethod
    def _not_null(cls, value: object) -> object:
        # Present-but-null would otherwise read as "not given"; only description may be cleared.
        if value is None:
            raise ValueError("may not be null")
        return value


class Todo(TodoBase, table=True):
    __tablename__ = "todo"
    __table_args__ = (
        # Serve the list query in each sort (either direction), ties by id, so a cursor page is a range scan.
        Index("ix_todo_user_id_created_at", "user_id", text("created_at DESC"), text("id DESC")),
        Index("ix_todo_user_id_updated_at", "user_id", text("updated_at DESC"), text("id DESC")),
        Index("ix_todo_user_id_title", "user_id", "title", "id"),
        # Serves the change feed: one user's rows in commit order (docs/decisions.md, "change feed").
        Index("ix_todo_user_id_change_xid", "user_id", "change_xid", "id"),
        # Serves the purge of tasks trashed over 30 days ago, which runs inside the trash statements.
        Index("ix_todo_deleted_at", "deleted_at", postgresql_where=text("deleted_at IS NOT NULL")),
        CheckConstraint("char_length(title) BETWEEN 1 AND 200", name="todo_title_length"),
        CheckConstraint("char_length(description) <= 1000", name="todo_description_length"),
    )

    id: int | None = Field(
        default=None, sa_column=Column(BigInteger, Identity(always=False), primary_key=True)
    )
    title: str = Field(sa_column=Column(Text, nullable=False))
    description: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    is_completed: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=text("false"))
    )
    user_id: str = Field(
        sa_column=Column(
            Text, ForeignKey("user.id", ondelete="CASCADE", name="todo_user_id_fkey"), nullable=False
        ),
    )
    created_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), nullable=False, server_default=func.now())
    )
    updated_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), nullable=False, server_default=func.now())
    )
    # Optimistic concurrency (docs/decisions.md): +1 on every write that changes the task, the ETag's source.
    version: int = Field(default=1, sa_column=Column(BigInteger, nullable=False, server_default=text("1")))
    # Set when the task moves to the trash (NULL: live).
    deleted_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    # The id of the transaction that last changed the task: the change feed's commit-order position.
    change_xid: int | None = Field(
        default=None, sa_column=Column(BigInteger, nullable=False, server_default=text(CURRENT_XID))
    )


class TodoPublic(SQLModel):
    id: int
    title: str
    description: str | None
    is_completed: bool
    user_id: str
    created_at: datetime = Field(description="Timezone-aware UTC.")
    updated_at: datetime = Field(description="Timezone-aware UTC.")
    version: int = Field(
        description='Changes on every write of this todo; its ETag is `"<id>-<version>"` (If-Match).'
    )
    deleted_at: datetime | None = Field(
        default=None, description="When the todo moved to the trash (null: not trashed). Timezone-aware UTC."
    )
    etag: str = Field(
        description=(
            'The task\'s entity tag, `"<id>-<version>"`, equal to the ETag header of an answer about it: '
            "send it as If-Match. Read it, never build it."
        )
    )


class IdempotencyKey(SQLModel, table=True):
    """The first answer to a request sent with an ``Idempotency-Key``, kept 24 h (docs/decisions.md)."""

    __tablename__ = "idempotency_key"
    __table_args__ = (
        # Serves the purge of expired keys (oldest first), which runs inside the requests that store a key.
        Index("ix_idempotency_key_created_at", "created_at"),
    )

    user_id: str = Field(
        sa_column=Column(
            Text,
            ForeignKey("user.id", ondelete="CASCADE", name="idempotency_key_user_id_fkey"),
            primary_key=True,
        ),
    )
    key: str = Field(sa_column=Column(Text, primary_key=True))
    fingerprint: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    status_code: int = Field(sa_column=Column(SmallInteger, nullable=False))
    body: dict[str, Any] = Field(sa_column=Column(JSONB, nullable=False))
    created_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), nullable=False, server_default=func.now())
    )


class TodoTombstone(SQLModel, table=True):
    """A task deleted for good (``?permanent=true`` or purged from the trash), kept for the change feed."""

    __tablename__ = "todo_tombstone"
    __table_args__ = (
        Index("ix_todo_tombstone_user_id_change_xid", "user_id", "change_xid", "id"),
        Index("ix_todo_tombstone_deleted_at", "deleted_at"),
    )

    id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    user_id: str = Field(
        sa_column=Column(
            Text,
            ForeignKey("user.id", ondelete="CASCADE", name="todo_tombstone_user_id_fkey"),
            nullable=False,
        ),
    )
    deleted_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), nullable=False, server_default=func.now())
    )
    change_xid: int = Field(sa_column=Column(BigInteger, nullable=False, server_default=text(CURRENT_XID)))


class ApiSecret(SQLModel, table=True):
    """Secrets every API replica must share, created once (cursor_key.py: the change-feed cursor's key)."""

    __tablename__ = "api_secret"

    name: str = Field(sa_column=Column(Text, primary_key=True))
    value: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
