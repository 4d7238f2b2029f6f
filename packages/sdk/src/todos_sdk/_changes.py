"""What the change feed and the event stream hand out: one Change per task, and the SSE line parser.

Both `iter_changes()` (GET /todos/changes) and `watch()` (GET /todos/events) yield Change: the task's newest
state (or that it left the list) and the `cursor` to resume from, so a mirror can switch between polling and
streaming without missing anything.
"""

from __future__ import annotations

import codecs
import datetime
import re
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


# The event stream's only line breaks (WHATWG HTML, "event stream interpretation"): CRLF, LF, or CR. A CR
# at the end of what arrived so far is held back: it may be the first half of a CRLF still on its way.
# (str.splitlines, which httpx's iter_lines uses, also breaks at U+2028, U+0085, form feed…: characters a
# JSON `data:` line may carry raw, e.g. in a task's title.)
_LINE_BREAK = re.compile(r"\r\n|\n|\r(?!\Z)")


@dataclass
class SseParser:
    """The WHATWG event-stream interpretation, fed the raw bytes of a response as they arrive.

    Bytes are decoded as UTF-8 whatever the charset says (invalid bytes become U+FFFD), one leading BOM is
    dropped, lines end at CRLF, LF or CR only. Multi-line `data` is joined with newlines, comment lines
    (`: heartbeat`) are dropped, `retry` (ASCII digits only) updates `retry_ms`. An `id` takes effect at the
    blank line that ends its event, with or without data (an id-only frame is how the API tells the
    stream's opening position); an event cut off by the end of the stream is dropped together with its id,
    so a reconnection resumes before it, never after it.
    """

    last_id: str | None = None
    retry_ms: int | None = None
    _id: str | None = None
    _event: str = ""
    _data: list[str] = field(default_factory=list)
    _text: str = ""
    _at_start: bool = True
    _decoder: codecs.IncrementalDecoder = field(default_factory=lambda: _utf8_decoder(), repr=False)

    def __post_init__(self) -> None:
        self._id = self.last_id

    def begin_stream(self) -> None:
        """A new connection: whatever the last one left unfinished is dropped (the spec's "pending data")."""
        self._id, self._event, self._data = self.last_id, "", []
        self._text, self._at_start, self._decoder = "", True, _utf8_decoder()

    def feed_bytes(self, chunk: bytes) -> list[ServerSentEvent]:
        """Take the next bytes of the stream (split anywhere); the events they completed."""
        text = self._decoder.decode(chunk)
        if self._at_start and text:
            self._at_start = False
            text = text.removeprefix("\ufeff")
        *lines, self._text = _LINE_BREAK.split(self._text + text)
        return [event for line in lines if (event := self.feed(line)) is not None]

    def end_stream(self) -> list[ServerSentEvent]:
        """The stream ended: a final CR completes its line; anything after the last line break is dropped."""
        self._text += self._decoder.decode(b"", final=True)
        events = self.feed_bytes(b"\n") if self._text.endswith("\r") else []
        self.begin_stream()
        return events

    def feed(self, line: str) -> ServerSentEvent | None:
        """Take one decoded line (without its line break); an event when this (empty) line dispatched one."""
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
            self._id = value
        elif name == "retry" and value.isascii() and value.isdigit():
            self.retry_ms = int(value)
        return None

    def _dispatch(self) -> ServerSentEvent | None:
        self.last_id = self._id
        data, event = self._data, self._event or "message"
        self._data, self._event = [], ""
        if not data:
            return None
        return ServerSentEvent(event, "\n".join(data), self.last_id)


def _utf8_decoder() -> codecs.IncrementalDecoder:
    return codecs.getincrementaldecoder("utf-8")(errors="replace")
