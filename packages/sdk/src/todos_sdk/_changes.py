"""What the change feed and the event stream hand out: one Change per task, and the SSE line parser.

Both `iter_changes()` (GET /todos/changes) and `watch()` (GET /todos/events) yield Change: the task's newest
state (or that it left the list) and the `cursor` to resume from, so a mirror can switch between polling and
streaming without missing anything.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ._exceptions import ServerUnreachable
from ._generated.models import TodoChange, TodoPublic

__all__ = ["Change", "Reconnecting", "ServerSentEvent", "SseParser"]


@dataclass(frozen=True)
class Change:
    """A task created or changed (`kind` "changed", `todo` its state now), trashed ("trashed", `todo` its
    last state) or deleted for good ("deleted", `todo` None).

    `cursor`: pass it back as `since=` (or to `watch`) to get what happened after this change. From the
    event stream it is the change's own position; from the feed, every change but a page's last carries the
    page's starting point, so resuming there may repeat the rest of that page (each change is the task's
    newest state: applying one twice is harmless). None means "from the beginning".
    """

    id: int
    todo: TodoPublic | None
    deleted_at: datetime.datetime | None
    permanent: bool
    cursor: str | None
    raw: Mapping[str, Any] = field(repr=False, compare=False)  # the API's JSON object, untouched

    @property
    def kind(self) -> Literal["changed", "trashed", "deleted"]:
        if self.permanent:
            return "deleted"
        return "changed" if self.deleted_at is None else "trashed"

    @classmethod
    def from_json(cls, raw: Mapping[str, Any], cursor: str | None) -> Change:
        parsed = TodoChange.from_dict(raw)
        return cls(parsed.id, parsed.todo, parsed.deleted_at, parsed.permanent, cursor, raw)


@dataclass(frozen=True)
class Reconnecting:
    """What watch() tells its `on_reconnect` before waiting to reopen the event stream.

    `error`: why it is down (the API unreachable, or the connection broke); None when the server ended the
    stream. `attempt`: 1 for the first reconnection since the stream was last open, so a caller can say
    "reconnecting" once per outage. `down_for`: seconds since the stream was last open. `delay`: seconds
    until the next try.
    """

    error: ServerUnreachable | None
    attempt: int
    down_for: float
    delay: float


@dataclass(frozen=True)
class ServerSentEvent:
    """One dispatched event: `id` is the stream's last event id when it was dispatched (SSE keeps it)."""

    event: str
    data: str
    id: str | None


@dataclass
class SseParser:
    """The WHATWG event-stream interpretation, one decoded line at a time (httpx's iter_lines splits them).

    Multi-line `data` is joined with newlines, comment lines (`: heartbeat`) are dropped, `retry` updates
    `retry_ms`, and an `id` with no data still moves `last_id` (it is what a reconnection resumes after).
    """

    last_id: str | None = None
    retry_ms: int | None = None
    _event: str = ""
    _data: list[str] = field(default_factory=list)

    def feed(self, line: str) -> ServerSentEvent | None:
        """Take one line; an event when this (empty) line dispatched one."""
        if line == "":
            return self._dispatch()
        if line.startswith(":"):
            return None
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self.last_id = value
        elif name == "retry" and value.isdigit():
            self.retry_ms = int(value)
        return None

    def _dispatch(self) -> ServerSentEvent | None:
        data, event = self._data, self._event or "message"
        self._data, self._event = [], ""
        if not data:
            return None
        return ServerSentEvent(event, "\n".join(data), self.last_id)
