"""The change feed: its cursor and the reading of one page (the statement is in queries_changes.py).

A cursor is ``"<xid>.<id>.<unix seconds>"``: the feed position (commit order, see queries_changes.py) and
when it was issued, for the retention check. Clients treat it as opaque. The last page's cursor is the
snapshot's ``xmin`` with id 0 — everything below is final and already returned — so an idle account's
cursor still moves forward in time and does not expire while its client keeps polling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from todos_api import queries
from todos_api.core.db import Database
from todos_api.core.security import Identity
from todos_api.errors import CursorExpired, SessionRevoked
from todos_api.queries_changes import CHANGES

# At most 18 digits per number: always within bigint, so a cursor never overflows a parameter.
CURSOR_PATTERN = r"^[0-9]{1,18}\.[0-9]{1,18}\.[0-9]{1,12}$"
_CURSOR = re.compile(CURSOR_PATTERN)


@dataclass(frozen=True, slots=True, order=True)
class Cursor:
    xid: int
    todo_id: int
    issued: int = field(default=0, compare=False)  # unix seconds; not part of the position

    def __str__(self) -> str:
        return f"{self.xid}.{self.todo_id}.{self.issued}"

    @classmethod
    def parse(cls, text: str) -> Cursor:
        if not _CURSOR.match(text):
            raise ValueError(f"not a change-feed cursor: {text!r}")
        xid, todo_id, issued = (int(part) for part in text.split("."))
        return cls(xid, todo_id, issued)


@dataclass(frozen=True, slots=True)
class ChangePage:
    items: list[dict[str, Any]]
    next_cursor: Cursor
    has_more: bool


def _change(row: Any) -> dict[str, Any]:
    """A live task (``deleted_at`` null), a trashed one (its last state), or a tombstone (``todo`` null)."""
    permanent: bool = row["permanent"]
    return {
        "id": row["id"],
        "deleted_at": row["deleted_at"],
        "permanent": permanent,
        "todo": None if permanent else {name: row[name] for name in queries.FIELDS},
    }


async def read_changes(db: Database, who: Identity, since: Cursor | None, limit: int) -> ChangePage:
    start = since or Cursor(0, 0)
    issued = datetime.fromtimestamp(since.issued, UTC) if since is not None else None
    rows = await db.fetch(
        CHANGES, who.user_id, who.session_id, start.xid, start.todo_id, limit + 1, issued, idempotent=True
    )
    if not rows:
        raise SessionRevoked()
    head = rows[0]
    if head["expired"]:
        raise CursorExpired()
    found = [row for row in rows if row["id"] is not None]
    read_at = int(head["read_at"].timestamp())
    if len(found) > limit:
        last = found[limit - 1]
        # Still inside the cursor's window: the time stays the one the client's earlier position had.
        following = Cursor(last["change_xid"], last["id"], since.issued if since is not None else read_at)
        return ChangePage([_change(row) for row in found[:limit]], following, has_more=True)
    caught_up = max(start, Cursor(head["xmin"], 0))
    return ChangePage(
        [_change(row) for row in found], Cursor(caught_up.xid, caught_up.todo_id, read_at), False
    )
