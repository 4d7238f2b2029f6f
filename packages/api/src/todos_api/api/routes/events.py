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

from todos_api import changes, feed_cursor
from todos_api.api import API_V1_PREFIX, generate_unique_id
from todos_api.api.deps import CurrentCaller
from todos_api.api.responses import CURSOR_EXPIRED, INVALID, SERVER, UNAUTHORIZED, Responses, error_response
from todos_api.api.write_headers import parameters
from todos_api.core.db import Database
from todos_api.core.security import Identity
from todos_api.errors import ApiError, InvalidLastEventId, NotAuthenticated
from todos_api.feed_cursor import CursorCodec
from todos_api.live import HORIZON_RETRY_SECONDS, Hub, Subscription

router = APIRouter(
    prefix=f"{API_V1_PREFIX}/todos",
    tags=["todos"],
    responses={**UNAUTHORIZED, **INVALID, **SERVER},
    generate_unique_id_function=generate_unique_id,
)
# Changes sent per feed read; a longer backlog is read again at once.
BATCH = 100

LAST_EVENT_ID = {
    "name": "Last-Event-ID",
    "in": "header",
    "required": False,
    "description": "The id of the last event received: the stream resumes after it (browsers send it).",
    "schema": {"type": "string", "pattern": feed_cursor.CURSOR_PATTERN},
}
EVENT_STREAM: Responses = {
    200: {
        "description": (
            "`text/event-stream`: one `change` event per change (id: its cursor, data: a TodoChange), "
            "and a comment line as heartbeat. The stream ends with a `reauthenticate` event (data: "
            '`{"reason": "token_expired"}` or `{"reason": "session_ended"}`) when the token expires or its '
            "session is signed out or revoked: reconnect with a fresh token and the last event id."
        ),
        "content": {"text/event-stream": {"schema": {"type": "string"}}},
    }
}


def _event(change: dict[str, Any], event_id: str) -> bytes:
    return b"id: %s\nevent: change\ndata: %s\n\n" % (event_id.encode(), to_json(change))


def _reauthenticate(reason: str) -> bytes:
    return b"event: reauthenticate\ndata: %s\n\n" % to_json({"reason": reason})


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
        since = codec.open(last, caller.identity.user_id) if last else None
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
    stream = _Stream(hub, subscription, caller.db, codec, caller.identity).run(cursor, first)
    return StreamingResponse(
        _closing(stream, stack),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


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
    or the credentials end (the token's ``exp`` + leeway, or the session gone: ``reauthenticate``)."""

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
            raise _CredentialsEnded("token_expired")

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
        while not subscription.closed:
            self._check_credentials()
            if page is not None:
                for change, position in zip(page.items, page.cursors, strict=True):
                    yield _event(change, self._id(position).decode())
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
            until_expiry = max(0.0, self.expires_at - time.time())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(subscription.wake.wait(), min(wait, until_expiry))
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
            raise _CredentialsEnded("session_ended") from err
        except ApiError:
            return None
