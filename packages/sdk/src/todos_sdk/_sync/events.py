# generated from _async by scripts/generate_sync_sdk.py — do not edit
"""watch(): the live changes of your tasks (GET /todos/events, Server-Sent Events), reconnecting by itself.

A dropped stream (network, a restarting API replica) is reopened with `Last-Event-ID`, so the server first
sends what was missed: nothing lost, nothing twice. The API ends a stream whose credentials ran out with a
`reauthenticate` event (the JWT expired, or its session was signed out or its API key revoked): watch() then
drops that JWT and reconnects at once with a fresh one — after a sign-out, getting one fails and the
iteration ends with Unauthorized. Errors the server answers (401, 410 cursor_expired, 429 too many
streams, 503 after the retries) end the iteration as the SDK's exceptions. A caller that must tell its
user about an outage, or stop waiting one out, passes `on_reconnect` and `give_up_after`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Generator, Iterator
from typing import Unpack

import httpx

from .._changes import Change, Reconnecting, ServerSentEvent, SseParser
from .._client import RequestOptions, with_options
from .._exceptions import ServerUnreachable
from .._generated.api.todos import todos_stream_events
from .._generated.types import UNSET
from .._http import unreachable_as_error
from .._logging import logger
from .._retry_policy import RECONNECT
from .auth import SessionJWTAuth
from .changes import TodoChanges

__all__ = ["TodoEvents"]

# The API sends a heartbeat every 15 s (EVENTS_HEARTBEAT_SECONDS); three missed ones: the stream is dead.
STREAM_READ_TIMEOUT = 45.0


class TodoEvents(TodoChanges):
    """The live event stream."""

    def watch(
        self,
        since: str | None = None,
        *,
        reconnect: bool = True,
        read_timeout: float = STREAM_READ_TIMEOUT,
        on_reconnect: Callable[[Reconnecting], None] | None = None,
        give_up_after: float | None = None,
        **options: Unpack[RequestOptions],
    ) -> Generator[Change, None]:
        """Each change of your tasks as it happens, for as long as you iterate.

        `since`: a cursor (a Change's `cursor`, or a feed's `next_cursor`): changes after it come first;
        None: from now on. With `reconnect` (default) a broken stream is reopened after the server's
        `retry` delay (doubling while it keeps failing, up to 30 s: the SDK's RECONNECT policy) with the
        last event id; each reconnect's request is itself retried by the client's policy first.
        `on_reconnect` is called before each wait to reopen (a `Reconnecting`: why, for how long the stream
        has been down, the delay). `give_up_after`: seconds; when the stream has not been open for that long
        and the API is still unreachable, the ServerUnreachable is raised instead of waiting on.
        """
        parser = SseParser(last_id=since)
        failures = 0  # drives the backoff; reset by an event, as before
        attempt = 0  # reconnections since the stream was last open
        down_since: float | None = time.monotonic()  # None while the stream is open

        def opened() -> None:
            nonlocal attempt, down_since
            attempt, down_since = 0, None

        while True:
            reauthenticate = False
            try:
                for event in self._stream_events(parser, read_timeout, options, opened):
                    failures = 0
                    if event.event == "change":
                        yield Change.from_json(json.loads(event.data), event.id)
                    elif event.event == "reauthenticate":
                        reauthenticate = True
            except ServerUnreachable as err:
                if not reconnect:
                    raise
                error: ServerUnreachable | None = err
            else:
                if not reconnect:
                    return
                error = None
            if down_since is None:
                down_since = time.monotonic()
            attempt += 1
            down_for = time.monotonic() - down_since
            if reauthenticate:  # not a failure: come back at once, with the fresh token
                delay = 0.0
                reason = "the server asked to reauthenticate"
            else:
                # The SDK's one policy (RECONNECT): from the server's `retry:`, doubling, capped.
                asked = None if parser.retry_ms is None else parser.retry_ms / 1000
                delay = RECONNECT.delay(failures, base=asked)
                if give_up_after is not None and error is not None:
                    if down_for >= give_up_after:
                        raise error
                    delay = min(delay, give_up_after - down_for)  # one last try right at the deadline
                failures += 1
                reason = "stream ended" if error is None else str(error.__cause__ or error)
            logger.debug("event stream: %s; reconnecting in %.1f s after %s", reason, delay, parser.last_id)
            if on_reconnect is not None:
                on_reconnect(Reconnecting(error, attempt, down_for, delay))
            time.sleep(delay)

    def _stream_events(
        self, parser: SseParser, read_timeout: float, options: RequestOptions, opened: Callable[[], None]
    ) -> Iterator[ServerSentEvent]:
        # An empty id (a bare `id` field resets it) means "no Last-Event-ID", as in EventSource.
        last_id = parser.last_id or UNSET
        request = with_options(todos_stream_events._get_kwargs(last_event_id=last_id), options)
        request["headers"] = {"Accept": "text/event-stream", **request["headers"]}
        request.setdefault("timeout", httpx.Timeout(read_timeout, connect=5.0))
        parser.begin_stream()
        with unreachable_as_error(self.api_url):
            with self._http.stream(**request) as response:
                opened()  # error answers were raised as ApiError before this: the stream is open
                # Raw bytes, not aiter_lines: the parser splits lines as SSE does (see SseParser).
                for chunk in response.iter_bytes():
                    for event in parser.feed_bytes(chunk):
                        if event.event == "reauthenticate":
                            self._forget_token(response.request)
                        yield event
                for event in parser.end_stream():
                    if event.event == "reauthenticate":
                        self._forget_token(response.request)
                    yield event

    def _forget_token(self, request: httpx.Request) -> None:
        """The stream's JWT no longer holds: the next request must not reuse it from the cache."""
        auth = self._http.auth
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if isinstance(auth, SessionJWTAuth) and scheme == "Bearer" and token:
            auth.discard(token)
