"""The change feed: the reading of one page (the statement is in queries_changes.py).

Positions are ``feed_cursor.Cursor`` (commit order, see queries_changes.py, and when the window started, for
the retention check); clients get them sealed (feed_cursor.py). The last page's cursor is the snapshot's
``xmin`` with id 0 — everything below is final and already returned — so an idle account's cursor still
moves forward in time and does not expire while its client keeps polling.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from todos_api.auth.security import Identity
from todos_api.core.errors import CursorExpired, SessionRevoked
from todos_api.db import queries
from todos_api.db.pool import Database
from todos_api.db.queries_changes import CHANGES
from todos_api.feed.feed_cursor import CURSOR_PATTERN, Cursor  # the cursor's one pattern lives in feed_cursor
from todos_api.model.etag import tagged_todo

__all__ = ["CURSOR_PATTERN", "ChangePage", "Cursor", "read_changes", "read_horizon"]


@dataclass(frozen=True, slots=True)
class ChangePage:
    items: list[dict[str, Any]]
    next_cursor: Cursor
    has_more: bool
    cursors: list[Cursor]  # each item's own position: an event stream's event ids


# A position past every transaction id: reading after it returns no change, only the horizon.
_END = 10**18 - 1


def _change(row: Any) -> dict[str, Any]:
    """A live task (``deleted_at`` null), a trashed one (its last state), or a tombstone (``todo`` null)."""
    permanent: bool = row["permanent"]
    return {
        "id": row["id"],
        "deleted_at": row["deleted_at"],
        "permanent": permanent,
        "todo": None if permanent else tagged_todo(row, queries.FIELDS),
    }


async def _read(db: Database, who: Identity, start: Cursor, rows: int, since: Cursor | None) -> Sequence[Any]:
    issued_at = datetime.fromtimestamp(since.issued, UTC) if since is not None else None
    found = await db.fetch(
        CHANGES, who.user_id, who.session_id, start.xid, start.todo_id, rows, issued_at, idempotent=True
    )
    if not found:
        raise SessionRevoked()
    if found[0]["expired"]:
        raise CursorExpired()
    return found


async def read_changes(db: Database, who: Identity, since: Cursor | None, limit: int) -> ChangePage:
    start = since or Cursor(0, 0)
    rows = await _read(db, who, start, limit + 1, since)
    head = rows[0]
    read_at = int(head["read_at"].timestamp())
    # Inside the page the time stays the one of the client's earlier position: what follows may be as old.
    issued = since.issued if since is not None else read_at
    found = [row for row in rows if row["id"] is not None][: limit + 1]
    cursors = [Cursor(row["change_xid"], row["id"], issued) for row in found]
    items = [_change(row) for row in found[:limit]]
    if len(found) > limit:
        return ChangePage(items, cursors[limit - 1], True, cursors[:limit])
    caught_up = max(start, Cursor(head["xmin"], 0))
    return ChangePage(items, Cursor(caught_up.xid, caught_up.todo_id, read_at), False, cursors)


async def read_horizon(db: Database, who: Identity) -> Cursor:
    """The position of "now" (no change returned): where a stream without ``Last-Event-ID`` starts."""
    head = (await _read(db, who, Cursor(_END, 0), 1, None))[0]
    return Cursor(head["xmin"], 0, int(head["read_at"].timestamp()))
