"""Todo operations: each is one statement from ``queries.py`` and a mapping of its outcome."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import asyncpg

from todos_api import queries
from todos_api.core.db import Database
from todos_api.core.security import Identity
from todos_api.errors import SessionRevoked, TodoNotFound
from todos_api.schemas import TodoSort

Todo = dict[str, Any]


def _todo(record: asyncpg.Record) -> Todo:
    return {name: record[name] for name in queries.FIELDS}


def _found(rows: Sequence[asyncpg.Record]) -> asyncpg.Record:
    """The one row of an ``auth``-led statement: none → 401, todo columns NULL → 404."""
    if not rows:
        raise SessionRevoked()
    if rows[0]["id"] is None:
        raise TodoNotFound()
    return rows[0]


def _one(rows: Sequence[asyncpg.Record]) -> Todo:
    return _todo(_found(rows))


def like_pattern(text: str) -> str:
    """A case-insensitive substring pattern with ILIKE's wildcards escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def get_todo(db: Database, who: Identity, todo_id: int) -> Todo:
    rows = await db.fetch(queries.GET_TODO, who.user_id, who.session_id, todo_id, idempotent=True)
    return _one(rows)


async def create_todo(db: Database, who: Identity, title: str, description: str | None) -> Todo:
    try:
        rows = await db.fetch(
            queries.CREATE_TODO, who.user_id, who.session_id, title, description, idempotent=False
        )
    except asyncpg.ForeignKeyViolationError as err:
        # The user was deleted between the auth check and the insert of this very statement.
        raise SessionRevoked() from err
    return _one(rows)


async def update_todo(db: Database, who: Identity, todo_id: int, changes: dict[str, Any]) -> Todo:
    rows = await db.fetch(
        queries.UPDATE_TODO,
        who.user_id,
        who.session_id,
        todo_id,
        changes.get("title"),
        changes.get("description"),
        "description" in changes,
        changes.get("is_completed"),
        idempotent=True,
    )
    return _one(rows)


async def set_completion(db: Database, who: Identity, todo_id: int, state: bool | None) -> Todo:
    """``state=None`` toggles (not idempotent, so never retried); a bool sets it (safe to retry)."""
    rows = await db.fetch(
        queries.COMPLETE_TODO, who.user_id, who.session_id, todo_id, state, idempotent=state is not None
    )
    return _one(rows)


async def delete_todo(db: Database, who: Identity, todo_id: int) -> None:
    rows = await db.fetch(queries.DELETE_TODO, who.user_id, who.session_id, todo_id, idempotent=True)
    _found(rows)


async def list_todos(
    db: Database,
    who: Identity,
    *,
    skip: int,
    limit: int,
    completed: bool | None,
    search: str | None,
    sort: TodoSort,
) -> tuple[list[Todo], int]:
    rows = await db.fetch(
        queries.LIST_TODOS[sort],
        who.user_id,
        who.session_id,
        completed,
        like_pattern(search) if search else None,
        limit,
        skip,
        idempotent=True,
    )
    if not rows:
        raise SessionRevoked()
    items = [_todo(row) for row in rows if row["id"] is not None]
    return items, rows[0]["total"]
