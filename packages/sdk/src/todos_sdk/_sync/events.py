# generated from _async by scripts/generate_sync_sdk.py — do not edit
"""watch(): the live changes of your tasks (GET /todos/events, Server-Sent Events), reconnecting by itself.

A dropped stream (network, a restarting API replica) is reopened with `Last-Event-ID`, so the server first
sends what was missed: nothing lost, nothing twice. The API ends a stream whose credentials ran out with a
`reauthenticate` event (the JWT expired, or its session was signed out or its API key revoked): watch() then
drops that JWT and reconnects at once with a fresh one — after a sign-out, getting one fails and the
iteration ends with Unauthorized. Errors the server answers (401, 410 cursor_expired, 429 too many
streams, 503 after the retries) end the iteration as the SDK's exceptions.
"""

from __future__ import annotations

import json
import time
from collections.abc import Generator, Iterator
from typing import Unpack

import httpx

from .._changes import Change, ServerSentEvent, SseParser
from .._client import RequestOptions, with_options
from .._exceptions import ServerUnreachable
from .._generated.api.todos import todos_stream_events
from .._generated.types import UNSET
from .._http import unreachable_as_error
from .._logging import logger
from .auth import SessionJWTAuth
from .changes import TodoChanges

__all__ = ["TodoEvents"]

# The API sends a heartbeat every 15 s (EVENTS_HEARTBEAT_SECONDS); three missed ones: the stream is dead.
STREAM_READ_TIMEOUT = 45.0
MAX_RECONNECT_DELAY = 30.0


class TodoEvents(TodoChanges):
    """The live event stream."""

    def watch(
        self,
        since: str | None = None,
        *,
        reconnect: bool = True,
        read_timeout: float = STREAM_READ_TIMEOUT,
        **options: Unpack[RequestOptions],
    ) -> Generator[Change, None]:
        """Each change of your tasks as it happens, for as long as you iterate.

        `since`: a cursor (a Change's `cursor`, or a feed's `next_cursor`): changes after it come first;
        None: from now on. With `reconnect` (default) a broken stream is reopened after the server's
        `retry` delay (doubling while it keeps failing, up to 30 s) with the last event id.
        """
        parser = SseParser(last_id=since)
        failures = 0
        while True:
            reauthenticate = False
            try:
                for event in self._stream_events(parser, read_timeout, options):
                    failures = 0
                    if event.event == "change":
                        yield Change.from_json(json.loads(event.data), event.id)
                    elif event.event == "reauthenticate":
                        reauthenticate = True
            except ServerUnreachable as err:
                if not reconnect:
                    raise
                reason = str(err.__cause__ or err)
            else:
                if not reconnect:
                    return
                reason = "the server asked to reauthenticate" if reauthenticate else "stream ended"
            if reauthenticate:  # not a failure: come back at once, with the fresh token
                delay = 0.0
            else:
                delay = min((parser.retry_ms or 1000) / 1000 * 2**failures, MAX_RECONNECT_DELAY)
                failures += 1
            logger.debug("event stream: %s; reconnecting in %.1f s after %s", reason, delay, parser.last_id)
            time.sleep(delay)

    def _stream_events(
        self, parser: SseParser, read_timeout: float, options: RequestOptions
    ) -> Iterator[ServerSentEvent]:
        last_id = UNSET if parser.last_id is None else parser.last_id
        request = with_options(todos_stream_events._get_kwargs(last_event_id=last_id), options)
        request["headers"] = {"Accept": "text/event-stream", **request["headers"]}
        request.setdefault("timeout", httpx.Timeout(read_timeout, connect=5.0))
        with unreachable_as_error(self.api_url):
            with self._http.stream(**request) as response:
                for line in response.iter_lines():
                    event = parser.feed(line)
                    if event is not None:
                        if event.event == "reauthenticate":
                            self._forget_token(response.request)
                        yield event

    def _forget_token(self, request: httpx.Request) -> None:
        """The stream's JWT no longer holds: the next request must not reuse it from the cache."""
        auth = self._http.auth
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if isinstance(auth, SessionJWTAuth) and scheme == "Bearer" and token:
            auth.discard(token)
