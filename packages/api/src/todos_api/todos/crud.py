"""Todo operations: each is one statement from ``queries.py`` and a mapping of its outcome."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg

from todos_api.auth.security import Identity
from todos_api.core.errors import (
    IdempotencyInProgress,
    IdempotencyKeyReused,
    InvalidCursor,
    PreconditionFailed,
    SessionRevoked,
    TodoNotFound,
)
from todos_api.db import queries, queries_trash
from todos_api.db.pool import Database
from todos_api.model.etag import etag, tagged_todo
from todos_api.model.schemas import TodoSort
from todos_api.todos import task_fields
from todos_api.todos.cursor import decode as decode_cursor
from todos_api.todos.cursor import encode as encode_cursor
from todos_api.todos.idempotency import KeyedRequest, stored_todo

Todo = dict[str, Any]
# A keyed statement ran into another request's key (committed after this statement's snapshot) or into an
# expired key it has just deleted: running it again resolves both, once more is plenty.
KEYED_ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class Written:
    """A write's answer: the todo, and whether it is the stored answer of an earlier request (a replay)."""

    todo: Todo
    replayed: bool = False


def _todo(record: asyncpg.Record) -> Todo:
    return tagged_todo(record, queries.FIELDS)


def _found(rows: Sequence[asyncpg.Record], todo_id: int | None = None) -> asyncpg.Record:
    """The one row of an ``auth``-led statement: none → 401, todo columns NULL → 412 or 404.

    412 when an If-Match write found the todo at another version (``current_version``), else 404.
    """
    if not rows:
        raise SessionRevoked()
    row = rows[0]
    if row["id"] is None:
        current = row.get("current_version")
        if current is not None and todo_id is not None:
            raise PreconditionFailed(etag(todo_id, current))
        raise TodoNotFound()
    return row


def _one(rows: Sequence[asyncpg.Record], todo_id: int | None = None) -> Todo:
    return _todo(_found(rows, todo_id))


async def _run_keyed(db: Database, query: str, args: Sequence[Any], keyed: KeyedRequest) -> asyncpg.Record:
    """A keyed statement (``queries.keyed``): its row, which holds either a stored answer (``prior_body``:
    a replay) or the work's own outcome; a reused key (422) and one in flight (409) are raised here."""
    for _ in range(KEYED_ATTEMPTS):
        try:
            # Safe to retry on a lost connection: a run that committed is found as the stored answer.
            rows = await db.fetch(query, *args, keyed.key, keyed.fingerprint, idempotent=True)
        except asyncpg.UniqueViolationError:
            continue  # the same key was stored after this statement's snapshot: its answer is there now
        except asyncpg.ForeignKeyViolationError as err:
            raise SessionRevoked() from err  # the user was deleted while the statement ran
        if not rows:
            raise SessionRevoked()
        row = rows[0]
        if row["prior_body"] is not None:
            if not row["prior_fresh"]:
                continue  # an expired key, deleted by this statement: the next run stores it afresh
            if row["prior_fingerprint"] != keyed.fingerprint:
                raise IdempotencyKeyReused()
            return row
        if not row["lock_free"]:
            raise IdempotencyInProgress()
        return row
    raise IdempotencyInProgress()  # keeps meeting other requests with this key: let the client come back


async def _write_todo(
    db: Database,
    statements: tuple[str, str],
    args: Sequence[Any],
    keyed: KeyedRequest | None,
    todo_id: int | None = None,
    *,
    idempotent: bool,
) -> Written:
    """A write that answers the todo: the plain statement, or with a key its keyed twin (replay included).

    ``idempotent``: whether the plain statement may run again after a lost connection.
    """
    plain, keyed_query = statements
    if keyed is None:
        return Written(_one(await db.fetch(plain, *args, idempotent=idempotent), todo_id))
    row = await _run_keyed(db, keyed_query, args, keyed)
    if row["prior_body"] is not None:
        return Written(stored_todo(row["prior_body"], queries.FIELDS), replayed=True)
    return Written(_one([row], todo_id))


def like_pattern(text: str) -> str:
    """A case-insensitive substring pattern with ILIKE's wildcards escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def get_todo(db: Database, who: Identity, todo_id: int) -> Todo:
    rows = await db.fetch(queries.GET_TODO, who.user_id, who.session_id, todo_id, idempotent=True)
    return _one(rows)


async def create_todo(
    db: Database,
    who: Identity,
    title: str,
    description: str | None,
    keyed: KeyedRequest | None = None,
    *,
    due_string: str | None = None,
    timezone: str | None = None,
    priority: int = 4,
    labels: Sequence[str] = (),
) -> Written:
    """``due_string`` is read here (422 ``invalid_due``), before the statement, at the server's clock."""
    due = task_fields.due_param(due_string, timezone)
    args = (
        who.user_id,
        who.session_id,
        title,
        description,
        due,
        priority,
        task_fields.labels_param(list(labels)),
    )
    statements = (queries.CREATE_TODO, queries.CREATE_TODO_KEYED)
    try:
        return await _write_todo(db, statements, args, keyed, idempotent=False)
    except asyncpg.ForeignKeyViolationError as err:
        # The user was deleted between the auth check and the insert of this very statement.
        raise SessionRevoked() from err


async def update_todo(
    db: Database,
    who: Identity,
    todo_id: int,
    changes: dict[str, Any],
    if_match: str | None = None,
    keyed: KeyedRequest | None = None,
) -> Written:
    # A due_string sent (also null: it clears) replaces the whole due; a timezone alone is only checked.
    due = task_fields.due_param(changes.get("due_string"), changes.get("timezone"))
    args = (
        who.user_id,
        who.session_id,
        todo_id,
        changes.get("title"),
        changes.get("description"),
        "description" in changes,
        changes.get("is_completed"),
        if_match,
        "due_string" in changes,
        due,
        changes.get("priority"),
        task_fields.labels_param(changes.get("labels")),
    )
    statements = (queries.UPDATE_TODO, queries.UPDATE_TODO_KEYED)
    # Run again after a lost connection, a conditional write that went through would answer 412 about its
    # own change: 503 instead, and the client decides (with an Idempotency-Key it just retries).
    return await _write_todo(db, statements, args, keyed, todo_id, idempotent=if_match is None)


async def set_completion(
    db: Database,
    who: Identity,
    todo_id: int,
    state: bool | None,
    if_match: str | None = None,
    keyed: KeyedRequest | None = None,
) -> Written:
    """``state=None`` toggles (not idempotent, so never retried without a key); a bool sets it."""
    args = (who.user_id, who.session_id, todo_id, state, if_match)
    statements = (queries.COMPLETE_TODO, queries.COMPLETE_TODO_KEYED)
    idempotent = state is not None and if_match is None
    return await _write_todo(db, statements, args, keyed, todo_id, idempotent=idempotent)


async def delete_todo(
    db: Database,
    who: Identity,
    todo_id: int,
    if_match: str | None = None,
    *,
    permanent: bool = False,
    keyed: KeyedRequest | None = None,
) -> bool:
    """To the trash (a live task), or for good (live or trashed) when ``permanent``; True when this is the
    replay of an earlier request with the same key (it answers 204 again)."""
    args = (who.user_id, who.session_id, todo_id, if_match)
    if keyed is not None:
        query = queries_trash.DELETE_TODO_PERMANENTLY_KEYED if permanent else queries_trash.TRASH_TODO_KEYED
        row = await _run_keyed(db, query, args, keyed)
        if row["prior_body"] is not None:
            return True
        _found([row], todo_id)
        return False
    query = queries_trash.DELETE_TODO_PERMANENTLY if permanent else queries_trash.TRASH_TODO
    # Retried after a lost connection like the delete it replaces (a run that committed then answers 404).
    _found(await db.fetch(query, *args, idempotent=True), todo_id)
    return False


async def restore_todo(
    db: Database,
    who: Identity,
    todo_id: int,
    if_match: str | None = None,
    keyed: KeyedRequest | None = None,
) -> Written:
    args = (who.user_id, who.session_id, todo_id, if_match)
    statements = (queries_trash.RESTORE_TODO, queries_trash.RESTORE_TODO_KEYED)
    return await _write_todo(db, statements, args, keyed, todo_id, idempotent=if_match is None)


@dataclass(frozen=True, slots=True)
class Page:
    items: list[Todo]
    total: int
    total_is_exact: bool
    next_cursor: str | None


async def list_todos(
    db: Database,
    who: Identity,
    *,
    skip: int,
    limit: int,
    completed: bool | None,
    search: str | None,
    sort: TodoSort,
    trashed: bool = False,
    cursor: str | None = None,
) -> Page:
    """A page, and the cursor of the next one (None on the last page). ``cursor`` with ``skip`` is a 422."""
    args: tuple[Any, ...] = (
        who.user_id,
        who.session_id,
        completed,
        like_pattern(search) if search else None,
        limit + 1,  # one more than asked: whether it comes back says whether there is a next page
        skip,
        trashed,
    )
    query = queries.LIST_TODOS[sort]
    if cursor is not None:
        if skip:
            raise InvalidCursor("cursor and skip cannot be combined: the cursor already says where to start.")
        after = decode_cursor(cursor, sort)
        args += (after.key, after.id)
        query = queries.LIST_TODOS_AFTER[sort]
    rows = await db.fetch(query, *args, idempotent=True)
    if not rows:
        raise SessionRevoked()
    items = [_todo(row) for row in rows if row["id"] is not None]
    next_cursor = encode_cursor(sort, items[limit - 1]) if len(items) > limit else None
    counted: int = rows[0]["total"]
    return Page(
        items=items[:limit],
        total=min(counted, queries.TOTAL_BOUND),
        total_is_exact=counted <= queries.TOTAL_BOUND,
        next_cursor=next_cursor,
    )


async def list_labels(db: Database, who: Identity) -> list[dict[str, Any]]:
    """The caller's labels with their live task counts (queries.LIST_LABELS), sorted by name ignoring case."""
    rows = await db.fetch(queries.LIST_LABELS, who.user_id, who.session_id, idempotent=True)
    if not rows:
        raise SessionRevoked()
    return [{"name": row["name"], "count": row["count"]} for row in rows if row["name"] is not None]
