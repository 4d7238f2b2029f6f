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
from todos_api.core.errors import ApiError, InvalidLastEventId
from todos_api.db.pool import Database
from todos_api.feed import changes
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

# The stream's event names (`event:` lines). One `change` per change today; a new kind of event is added
# here, and its data schema beside TodoChange's in EVENT_STREAM.
CHANGE_EVENT = "change"
EVENT_NAMES = (CHANGE_EVENT,)
LAST_EVENT_ID = {
    "name": "Last-Event-ID",
    "in": "header",
    "required": False,
    "description": "The id of the last event received: the stream resumes after it (browsers send it).",
    "schema": {"type": "string", "pattern": changes.CURSOR_PATTERN},
}
# One event of the stream as OpenAPI 3.1 declares a `text/event-stream` item (the `schema` of the media type
# describes each event; 3.2 calls it `itemSchema`): its fields as an SSE parser reads them, `data` a JSON
# text whose schema is TodoChange (contentMediaType + contentSchema). Blocks without data (the opening
# `retry`/`id`, the heartbeat comment) are not events. schemathesis validates streamed bodies in this form.
STREAM_EVENT: dict[str, Any] = {
    "type": "object",
    "required": ["event", "id", "data"],
    "properties": {
        "event": {"type": "string", "enum": list(EVENT_NAMES)},
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
        "retry": {"type": "integer", "minimum": 0, "description": "Reconnection delay in milliseconds."},
    },
}
EVENT_STREAM: Responses = {
    200: {
        "description": (
            "`text/event-stream`. It opens with `retry: 1000` and an `id:` line of the starting position "
            "(no data), then sends one `change` event per change (id: its cursor, data: a TodoChange as "
            "JSON), and a `: heartbeat` comment when idle. It ends when the client leaves, when the server "
            "shuts down, or after EVENTS_MAX_STREAM_SECONDS when that is set: resume with Last-Event-ID."
        ),
        "content": {"text/event-stream": {"schema": STREAM_EVENT}},
    }
}


def _event(change: dict[str, Any], cursor: changes.Cursor) -> bytes:
    return b"id: %s\nevent: %s\ndata: %s\n\n" % (str(cursor).encode(), CHANGE_EVENT.encode(), to_json(change))


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
    try:
        # Present but empty is malformed too (the declared pattern), not "no Last-Event-ID".
        since = changes.Cursor.parse(last) if last is not None else None
    except ValueError as err:
        raise InvalidLastEventId() from err
    stack = contextlib.ExitStack()
    subscription = stack.enter_context(hub.subscribe(caller.identity.user_id))
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
        stream = _closing(_stream(hub, subscription, caller.db, caller.identity, cursor, first), stack)
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


async def _stream(
    hub: Hub,
    subscription: Subscription,
    db: Database,
    who: Identity,
    cursor: changes.Cursor,
    page: changes.ChangePage | None,
) -> AsyncIterator[bytes]:
    settings = hub.settings
    wait = settings.events_heartbeat_seconds if hub.listening else settings.events_poll_seconds
    last_sent = time.monotonic()
    lifetime = settings.events_max_stream_seconds
    ends_at = math.inf if lifetime is None else last_sent + lifetime
    # The starting position as the stream's first id: a client whose stream drops before any change
    # reconnects from here with Last-Event-ID instead of from "now", and misses nothing in between.
    yield b"retry: 1000\nid: %s\n\n" % str(cursor).encode()
    while not subscription.closed:
        if page is not None:
            for change, position in zip(page.items, page.cursors, strict=True):
                yield _event(change, position)
                last_sent = time.monotonic()
            cursor = page.next_cursor
            if page.has_more or cursor.xid <= subscription.pending:
                if not page.has_more:
                    # The notified change is still behind the feed's horizon: read again shortly.
                    await asyncio.sleep(HORIZON_RETRY_SECONDS)
                page = await _read(db, who, cursor)
                if page is None:
                    return
                continue
            page = None
        remaining = ends_at - time.monotonic()
        if remaining <= 0:
            break  # EVENTS_MAX_STREAM_SECONDS: the client resumes with its Last-Event-ID
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(subscription.wake.wait(), min(wait, remaining))
        if subscription.closed:
            break
        woken = subscription.wake.is_set()
        subscription.wake.clear()
        if woken or not hub.listening:
            page = await _read(db, who, cursor)
            if page is None:
                return
        if time.monotonic() - last_sent >= settings.events_heartbeat_seconds:
            yield b": heartbeat\n\n"
            last_sent = time.monotonic()


async def _read(db: Database, who: Identity, cursor: changes.Cursor) -> changes.ChangePage | None:
    """The next page, or None when the stream must end (identity gone, cursor expired, database down):
    the client reconnects with its Last-Event-ID and gets the answer as a status code."""
    try:
        return await changes.read_changes(db, who, cursor, BATCH)
    except ApiError:
        return None
