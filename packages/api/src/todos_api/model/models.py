"""The ``todo`` entity: request bodies, the table, and the response, as one SQLModel family; and the
``idempotency_key`` table (the stored first answers of requests sent with an ``Idempotency-Key``).

``"user"`` belongs to Better Auth. It appears here only as the target of the foreign key, marked so that our
migrations never create, alter or drop it.
"""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Strict,
    StrictBool,
    StringConstraints,
    field_validator,
)
from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
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
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlmodel import Field, SQLModel

from todos_api.model.text_rules import NO_NUL, TITLE_TEXT, trim

TITLE_MAX = 200
DESCRIPTION_MAX = 1000
DUE_STRING_MAX = 200  # todos_api.due.PHRASE_MAX_LENGTH (a layer this one does not import)
TIMEZONE_MAX = 64
LABEL_MAX = 50
LABELS_PER_TASK = 20

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
DueString = Annotated[str, StringConstraints(max_length=DUE_STRING_MAX), NO_NUL]
TimeZoneName = Annotated[str, StringConstraints(min_length=1, max_length=TIMEZONE_MAX), NO_NUL]


def _whole_number(value: object) -> object:
    """4.0 is the integer 4 in JSON (and to JSON Schema's ``integer``); "4" and true stay refused (Strict)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


Priority = Annotated[int, Field(ge=1, le=4), Strict(), BeforeValidator(_whole_number)]
Label = Annotated[str, StringConstraints(min_length=1, max_length=LABEL_MAX), NO_NUL]


def distinct_labels(labels: list[str]) -> list[str]:
    """Labels are names compared case-insensitively (as Todoist's): the first spelling of each is kept."""
    seen: set[str] = set()
    kept = []
    for label in labels:
        folded = label.casefold()
        if folded not in seen:
            seen.add(folded)
            kept.append(label)
    if len(kept) > LABELS_PER_TASK:
        raise ValueError(f"at most {LABELS_PER_TASK} different labels per task")
    return kept


# The count is checked after de-duplication, so the schema states no maxItems (it would refuse
# ["a", "A", ...] that the API accepts).
Labels = Annotated[list[Label], AfterValidator(distinct_labels)]

_DUE_STRING_HELP = (
    'The due date in words ("tomorrow 5pm", "every monday 9am", "every! 3 days"), read at the time of the '
    "request in `timezone`; 422 `invalid_due` when it cannot be read."
)
_TIMEZONE_HELP = "The IANA time zone `due_string` is read in (e.g. Europe/Berlin); default UTC."
_PRIORITY_HELP = "1 (most urgent, p1) to 4 (the default)."
_LABELS_HELP = (
    f"Label names, 1–{LABEL_MAX} characters each; duplicates (ignoring case) are dropped keeping the first "
    f"spelling; at most {LABELS_PER_TASK} different ones."
)


class TodoBase(SQLModel):
    title: Title = Field(
        description="1–200 characters as sent, not all whitespace; surrounding whitespace is trimmed."
    )
    description: Description | None = Field(default=None, description="Up to 1000 characters.")


class TodoCreate(TodoBase):
    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    # Absent rather than defaulted in the schema, so that generated clients send nothing they were not given
    # (a body of an older client stays byte for byte the same); the API applies UTC, 4 and no labels.
    due_string: DueString | None = Field(default=None, description=_DUE_STRING_HELP + " Null: no due date.")
    timezone: TimeZoneName | None = Field(
        default=None, description=_TIMEZONE_HELP, schema_extra={"json_schema_extra": not_null_in_schema}
    )
    priority: Priority | None = Field(
        default=None,
        description=_PRIORITY_HELP,
        schema_extra={"json_schema_extra": not_null_in_schema},
    )
    labels: Labels | None = Field(
        default=None, description=_LABELS_HELP, schema_extra={"json_schema_extra": not_null_in_schema}
    )

    @field_validator("timezone", "priority", "labels")
    @classmethod
    def _not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("may not be null")
        return value


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
        default=None,
        description="Also sets `completed_at` (true) or clears it (false).",
        schema_extra={"json_schema_extra": not_null_in_schema},
    )
    due_string: DueString | None = Field(default=None, description=_DUE_STRING_HELP + " Null clears it.")
    timezone: TimeZoneName | None = Field(
        default=None,
        description=_TIMEZONE_HELP + " Only read with `due_string`.",
        schema_extra={"json_schema_extra": not_null_in_schema},
    )
    priority: Priority | None = Field(
        default=None, description=_PRIORITY_HELP, schema_extra={"json_schema_extra": not_null_in_schema}
    )
    labels: Labels | None = Field(
        default=None,
        description=_LABELS_HELP + " Replaces the task's labels; [] removes them all.",
        schema_extra={"json_schema_extra": not_null_in_schema},
    )

    @field_validator("title", "is_completed", "timezone", "priority", "labels")
    @classmethod
    def _not_null(cls, value: object) -> object:
        # Present-but-null would otherwise read as "not given"; only description and due may be cleared.
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
        CheckConstraint("priority BETWEEN 1 AND 4", name="todo_priority_range"),
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
    # The due date as todos_api.due.Due holds it (migration 0006): NULL due_date means no due date.
    # due_datetime only for a task with a time of day; due_rrule only for a recurring one.
    due_date: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    due_datetime: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    due_timezone: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    due_string: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    due_rrule: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    due_from_completion: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=text("false"))
    )
    priority: int = Field(default=4, sa_column=Column(SmallInteger, nullable=False, server_default=text("4")))
    labels: list[str] = Field(
        default_factory=list,
        sa_column=Column(ARRAY(Text), nullable=False, server_default=text("'{}'::text[]")),
    )
    completed_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )


class TodoDue(SQLModel):
    """A task's due date (todos_api.due.Due as the API answers it)."""

    # dt.: these field names are the types' own names.
    date: dt.date = Field(description="The day it is due (YYYY-MM-DD), in `timezone`.")
    datetime: dt.datetime | None = Field(
        description="RFC 3339 with the offset of `timezone`; only for a task due at a time of day."
    )
    timezone: str = Field(description="The IANA time zone the due date was set in.")
    string: str = Field(description="The phrase it was set from.")
    is_recurring: bool
    rrule: str | None = Field(description="An RFC 5545 RRULE (without DTSTART) for a recurring task.")
    from_completion: bool = Field(
        description="True for `every!`: the next date counts from the completion, not the schedule."
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
    # The task fields of issue 17 have defaults, so that a client built from this schema still reads a
    # task from a server that predates them (as TodoPage's later fields).
    due: TodoDue | None = Field(default=None, description="Null: no due date.")
    priority: int = Field(default=4, ge=1, le=4, description="1 (most urgent) to 4.")
    labels: list[str] = Field(default_factory=list, description="Label names.")
    completed_at: datetime | None = Field(
        default=None, description="When it was last completed (null: open). Timezone-aware UTC."
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
