"""A task's entity tag, and the task as the API answers it: its fields and that tag (``etag``).

A todo's ETag is ``"<id>-<version>"``: strong (the version moves on every write that changes the todo, and
on nothing else), and naming the id as well, so that an ETag sent to another todo's URL never matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol


def etag(todo_id: int, version: int) -> str:
    return f'"{todo_id}-{version}"'


class Row(Protocol):
    """A mapping or an asyncpg record: whatever gives a column by name."""

    def __getitem__(self, key: str, /) -> Any: ...


def tagged_todo(row: Row, fields: Sequence[str]) -> dict[str, Any]:
    """A task as the API answers it: its ``fields`` from a row, and its ``etag`` (the ETag header's value).

    The one place an answer's task gets its tag (single tasks, list items, feed and stream changes,
    idempotent replays), so that clients read it instead of rebuilding ``"<id>-<version>"`` themselves.
    """
    todo = {name: row[name] for name in fields}
    todo["etag"] = etag(todo["id"], todo["version"])
    return todo
