"""``GET /api/v1/todos/events``: the change feed as Server-Sent Events (live.py wakes the streams)."""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from pydantic_core import to_json

from todos_api.auth.security import Identity
from todos_api.core.errors import ApiError, InvalidLastEventId, NotAuthenticated
from todos_api.db.pool import Database
from todos_api.feed import changes, feed_cursor
from todos_api.feed.feed_cursor import CursorCodec
from todos_api.feed.live import HORIZON_RETRY_SECONDS, Hub, Subscription
from todos_api.http import API_V1_PREFIX, generate_unique_id
from todos_api.http.deps import CurrentCaller
from todos_api.http.head import HeadAsGetRoute
from todos_api.http.responses import CURSOR_EXPIRED, INVALID, SERVER, UNAUTHORIZED, Responses, error_response
from todos_api.http.write_headers import parameters

router = APIRouter(
    prefix=f"{API_V1_PREFIX}/todos",
    tags=["todos"],
    responses={**UNAUTHORIZED, **INVALID, **SERVER},
    generate_unique_id_function=generate_unique_id,
    route_class=HeadAsGetRoute,
)
# Changes sent per feed read; a longer backlog is read again at once.
BATCH = 100

# The stream's event names (`event:` lines): a new kind of event is added here, and its schema to
# STREAM_EVENT's `oneOf`. `change` per change; `reauthenticate` last, when the credentials end.
CHANGE_EVENT = "change"
REAUTHENTICATE_EVENT = "reauthenticate"
EVENT_NAMES = (CHANGE_EVENT, REAUTHENTICATE_EVENT)
# Why a stream ended with `reauthenticate`: the token's exp passed, or its session (or user) is gone.
TOKEN_EXPIRED, SESSION_ENDED = "token_expired", "session_ended"
LAST_EVENT_ID = {
    "name": "Last-Event-ID",
    "in": "header",
    "required": False,
    "description": "The id of the last event received: the stream resumes after it (browsers send it).",
    "schema": {"type": "string", "pattern": feed_cursor.CURSOR_PATTERN},
}
# One event of the stream as OpenAPI 3.1 declares a `text/event-stream` item (the `schema` of the media type
# describes each event; 3.2 calls it `itemSchema`): its fields as an SSE parser reads them, `data` a JSON
# text with its schema (contentMediaType + contentSchema). Blocks without data (the opening `retry`/`id`,
# the heartbeat comment) are not events. schemathesis validates streamed bodies in this form, each event
# against one of the `oneOf`: a `change` (with its id) or the last `reauthenticate` (no id).
_RETRY = {"type": "integer", "minimum": 0, "description": "Reconnection delay in milliseconds."}
CHANGE_EVENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["event", "id", "data"],
    "properties": {
        "event": {"type": "string", "const": CHANGE_EVENT},
        "id": {
            "type": "string",
            "pattern": changes.CURSOR_PATTERN,
            "description": "The change's position in the feed: send it back as Last-Event-ID to resume.",
        },
        "data": {
            "type": "string",
            "contentMediaType": "application/json",
            "contentSchema": {"$ref": "#/components/schemas/TodoChange"},
            "description": "A TodoChange as JSON (one line).",
        },
        "retry": _RETRY,
    },
}
REAUTHENTICATE_EVENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["event", "data"],
    "properties": {
        "event": {"type": "string", "const": REAUTHENTICATE_EVENT},
        "data": {
            "type": "string",
            "contentMediaType": "application/json",
            "contentSchema": {
                "type": "object",
                "required": ["reason"],
                "properties": {"reason": {"type": "string", "enum": [TOKEN_EXPIRED, SESSION_ENDED]}},
            },
            "description": "Why the stream ended: reconnect with a fresh token and the last event id.",
        },
        "retry": _RETRY,
    },
}
# One schema per name of EVENT_NAMES, in that order.
STREAM_EVENT: dict[str, Any] = {"oneOf": [CHANGE_EVENT_SCHEMA, REAUTHENTICATE_EVENT_SCHEMA]}
EVENT_STREAM: Responses = {
    200: {
        "description": (
            "`text/event-stream`. It opens with `retry: 1000` and an `id:` line of the starting position "
            "(no data), then sends one `change` event per change (id: its cursor, data: a TodoChange as "
            "JSON), and a `: heartbeat` comment when idle. It ends when the client leaves, when the server "
            "shuts down, or after EVENTS_MAX_STREAM_SECONDS when that is set: resume with Last-Event-ID. "
            "When the token expires or its session is signed out or revoked it ends with a `reauthenticate` "
            'event (no id; data: `{"reason": "token_expired"}` or `{"reason": "session_ended"}`): reconnect '
            "with a fresh token and the last event id."
        ),
        "content": {"text/event-stream": {"schema": STREAM_EVENT}},
    }
}


def _event(change: dict[str, Any], event_id: bytes) -> bytes:
    return b"id: %s\nevent: %s\ndata: %s\n\n" % (event_id, CHANGE_EVENT.encode(), to_json(change))


def _reauthenticate(reason: str) -> bytes:
    return b"event: %s\ndata: %s\n\n" % (REAUTHENTICATE_EVENT.encode(), to_json({"reason": reason}))


@router.get(
    "/events",
    response_class=StreamingResponse,
    responses={
        **EVENT_STREAM,
        **error_response(400, "`invalid_last_event_id`: Last-Event-ID is not an event id of this stream."),
        **CURSOR_EXPIRED,
        **error_response(429, "`too_many_streams`: this user has the most streams open already."),
    },
    openapi_extra=parameters(LAST_EVENT_ID),
)
async def stream_events(request: Request, caller: CurrentCaller) -> StreamingResponse:
    """Live changes of your todos as Server-Sent Events, resuming after `Last-Event-ID`."""
    hub: Hub = request.app.state.hub
    last = request.headers.get("last-event-id")
    codec = await caller.cursor_keys.codec(caller.db)
    try:
        # Present but empty is malformed too (the declared pattern), not "no Last-Event-ID".
        since = codec.open(last, caller.identity.user_id) if last is not None else None
    except feed_cursor.CursorInvalid as err:
        raise InvalidLastEventId() from err
    stack = contextlib.ExitStack()
    subscription = stack.enter_context(hub.subscribe(caller.identity))
    try:
        # The first read checks the identity (401) and the cursor (410) before the stream starts.
        if since is None:
            first: changes.ChangePage | None = None
            cursor = await changes.read_horizon(caller.db, caller.identity)
        else:
            first = await changes.read_changes(caller.db, caller.identity, since, BATCH)
            cursor = since
    except BaseException:
        stack.close()
        raise
    if request.method == "HEAD":  # the stream's status and headers, then the end (http/head.py)
        stack.close()
        stream: AsyncIterator[bytes] = _nothing()
    else:
        stream = _closing(
            _Stream(hub, subscription, caller.db, codec, caller.identity).run(cursor, first), stack
        )
    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream, media_type="text/event-stream", headers=headers)


async def _nothing() -> AsyncIterator[bytes]:
    # A stream's answer without Content-Length (a Response with an empty body would say 0), as for GET.
    return
    yield


async def _closing(stream: AsyncIterator[bytes], stack: contextlib.ExitStack) -> AsyncIterator[bytes]:
    try:
        async for chunk in stream:
            yield chunk
    finally:
        stack.close()


class _CredentialsEnded(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Stream:
    """One open stream: sends the changes after its cursor until the client leaves, the server shuts down,
    EVENTS_MAX_STREAM_SECONDS pass, or the credentials end (the token's ``exp`` + leeway, or the session
    gone: then a last ``reauthenticate`` event)."""

    def __init__(
        self, hub: Hub, subscription: Subscription, db: Database, codec: CursorCodec, who: Identity
    ) -> None:
        self.hub, self.subscription, self.db, self.codec, self.who = hub, subscription, db, codec, who
        settings = hub.settings
        expires_at = who.expires_at if who.expires_at is not None else math.inf
        self.expires_at = expires_at + settings.auth_leeway_seconds

    def _id(self, cursor: changes.Cursor) -> bytes:
        return self.codec.seal(cursor, self.who.user_id).encode()

    def _check_credentials(self) -> None:
        if self.subscription.ended is not None:
            raise _CredentialsEnded(self.subscription.ended)
        if time.time() >= self.expires_at:
            raise _CredentialsEnded(TOKEN_EXPIRED)

    async def run(self, cursor: changes.Cursor, page: changes.ChangePage | None) -> AsyncIterator[bytes]:
        # The starting position as the stream's first id: a client whose stream drops before any change
        # reconnects from here with Last-Event-ID instead of from "now", and misses nothing in between.
        yield b"retry: 1000\nid: %s\n\n" % self._id(cursor)
        try:
            async for chunk in self._changes(cursor, page):
                yield chunk
        except _CredentialsEnded as ended:
            yield _reauthenticate(ended.reason)

    async def _changes(self, cursor: changes.Cursor, page: changes.ChangePage | None) -> AsyncIterator[bytes]:
        hub, subscription, settings = self.hub, self.subscription, self.hub.settings
        wait = settings.events_heartbeat_seconds if hub.listening else settings.events_poll_seconds
        last_sent = time.monotonic()
        lifetime = settings.events_max_stream_seconds
        ends_at = math.inf if lifetime is None else last_sent + lifetime
        while not subscription.closed:
            self._check_credentials()
            if page is not None:
                for change, position in zip(page.items, page.cursors, strict=True):
                    yield _event(change, self._id(position))
                    last_sent = time.monotonic()
                cursor = page.next_cursor
                if page.has_more or cursor.xid <= subscription.pending:
                    if not page.has_more:
                        # The notified change is still behind the feed's horizon: read again shortly.
                        await asyncio.sleep(HORIZON_RETRY_SECONDS)
                    page = await self._read(cursor)
                    if page is None:
                        return
                    continue
                page = None
            remaining = ends_at - time.monotonic()
            if remaining <= 0:
                break  # EVENTS_MAX_STREAM_SECONDS: the client resumes with its Last-Event-ID
            until_expiry = max(0.0, self.expires_at - time.time())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(subscription.wake.wait(), min(wait, remaining, until_expiry))
            if subscription.closed:
                break
            self._check_credentials()
            woken = subscription.wake.is_set()
            subscription.wake.clear()
            if woken or not hub.listening:
                page = await self._read(cursor)
                if page is None:
                    return
            if time.monotonic() - last_sent >= settings.events_heartbeat_seconds:
                yield b": heartbeat\n\n"
                last_sent = time.monotonic()

    async def _read(self, cursor: changes.Cursor) -> changes.ChangePage | None:
        """The next page, or None when the stream must end (cursor expired, database down): the client
        reconnects with its Last-Event-ID and gets the answer as a status code. The identity gone ends it
        with ``reauthenticate``."""
        try:
            return await changes.read_changes(self.db, self.who, cursor, BATCH)
        except NotAuthenticated as err:
            raise _CredentialsEnded(SESSION_ENDED) from err
        except ApiError:
            return None
