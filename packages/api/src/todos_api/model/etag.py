"""A task's entity tag, and the task as the API answers it: its fields and that tag (``etag``).

A todo's ETag is ``"<id>-<version>"``: strong (the version moves on every write that changes the todo, and
on nothing else), and naming the id as well, so that an ETag sent to another todo's URL never matches.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

# The columns of a task's due date (migration 0006), answered as one `due` object (TodoDue), in this order.
DUE_COLUMNS = ("due_date", "due_datetime", "due_timezone", "due_string", "due_rrule", "due_from_completion")


def etag(todo_id: int, version: int) -> str:
    return f'"{todo_id}-{version}"'


class Row(Protocol):
    """A mapping or an asyncpg record: whatever gives a column by name."""

    def __getitem__(self, key: str, /) -> Any: ...


def _due(row: Row) -> dict[str, Any] | None:
    """The ``due`` object of a task's due columns (None: no due date); ``datetime`` with the offset of the
    task's zone (the row has it in UTC), so that it reads as the user set it."""
    if row["due_date"] is None:
        return None
    zone: str = row["due_timezone"]
    at: datetime | None = row["due_datetime"]
    return {
        "date": row["due_date"],
        "datetime": at.astimezone(ZoneInfo(zone)) if at is not None else None,
        "timezone": zone,
        "string": row["due_string"],
        "is_recurring": row["due_rrule"] is not None,
        "rrule": row["due_rrule"],
        "from_completion": row["due_from_completion"],
    }


def tagged_todo(row: Row, fields: Sequence[str]) -> dict[str, Any]:
    """A task as the API answers it: its ``fields`` from a row, and its ``etag`` (the ETag header's value).

    The one place an answer's task gets its tag (single tasks, list items, feed and stream changes,
    idempotent replays), so that clients read it instead of rebuilding ``"<id>-<version>"`` themselves. The
    due columns among ``fields`` become one ``due`` object; ``labels`` comes as json text from a statement
    (db/queries.py says why) or as a list from a stored answer.
    """
    todo = {name: row[name] for name in fields if name not in DUE_COLUMNS}
    if "labels" in todo and isinstance(todo["labels"], str):
        todo["labels"] = json.loads(todo["labels"])
    if "due_date" in fields:
        todo["due"] = _due(row)
    todo["etag"] = etag(todo["id"], todo["version"])
    return todo
