"""uvicorn's httptools protocol, with the rules an internet-facing server needs that uvicorn lacks.

uvicorn (0.54) reads request headers without a size cap (a 64 MB header was accepted) and without a
deadline (a connection that never finishes its headers, or never sends anything, stays open for as long as
the client likes); h11's ``h11_max_incomplete_event_size`` caps only the slower h11 protocol, answers in
plain text and has no deadline either. This subclass adds, per connection:

- a cap on the header block (request line and headers, ``MAX_HEADER_BYTES``): 431 ``headers_too_large``;
- a deadline for it (``HEADER_TIMEOUT_SECONDS``, counted from the request's first bytes): 408
  ``request_timeout``; a connection that sends nothing at all is closed silently after the same time;
- a deadline for the body (``BODY_TIMEOUT_SECONDS``, counted from the read that completed the headers):
  408 ``request_timeout`` (uvicorn waits for a trickled body for as long as the client likes);
- the parser's own refusal of malformed HTTP answered as 400 ``bad_request``, also inside a body (a broken
  chunked encoding), where uvicorn closes without a word once the request has reached the app. Every answer
  of this module is the service's one JSON error shape, after which the connection is closed (lingering: see
  ``_linger``). A refusal that comes once the app has begun answering can only close the connection;
- a gentler graceful shutdown: uvicorn closes idle keep-alive connections at once, which resets a request a
  client is sending at that moment (for a POST the client cannot know whether it ran). Here an idle
  connection stays open for ``IDLE_DRAIN_SECONDS`` more, and every request arriving on any connection after
  the shutdown began is answered with ``Connection: close``, so clients move to another replica cleanly.

Cost on the hot path: requests that arrive in one read (nearly all) pay one comparison of the read's size
with the cap; a deadline timer is armed only while a header block or a body is incomplete after a read (and
once per connection, for the connection that says nothing). ``todos-api serve`` selects this class; the real
process tests in tests/integration/edge exercise it, and they are what to run before raising uvicorn's
version (this subclass relies on uvicorn's ``HttpToolsProtocol`` callbacks and attributes).
"""

from __future__ import annotations

import asyncio
import json
from http import HTTPStatus
from typing import Any

from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from todos_api.core.config import Settings, get_settings
from todos_api.core.errors import ApiError, BadRequest, BodyTimeout, HeadersTooLarge, RequestTimeout
from todos_api.feed.live import shut_down_streams
from todos_api.http.handlers import error_body

# What `todos-api serve` passes to uvicorn as `http=`.
PROTOCOL = "todos_api.http.protocol:GuardedHttpToolsProtocol"
# How long an idle keep-alive connection stays open once shutdown began: long enough for a request already
# on the wire to arrive and be answered, short against any shutdown grace period.
IDLE_DRAIN_SECONDS = 1.0
# After refusing a request, what the client is still sending is read and dropped for a moment before the
# connection closes ("lingering close", as nginx does): closing with unread data makes the kernel send a
# reset, which can destroy our answer before the client reads it.
LINGER_SECONDS = 2.0
LINGER_BYTES = 1024 * 1024


class _Refused(Exception):
    """Raised inside a parser callback to stop parsing; uvicorn then calls ``send_400_response``."""


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        settings = get_settings()
        self._max_header_bytes = settings.max_header_bytes
        self._header_timeout = settings.header_timeout_seconds
        self._body_timeout = settings.body_timeout_seconds
        # Between requests and inside a header block, until the parser reports the headers complete.
        self._reading_headers = True
        self._block_started = False  # the parser has seen the first byte of the current request
        self._earlier_reads = 0  # bytes of earlier reads that belonged entirely to the current header block
        self._read_size = 0  # bytes of the read being parsed
        self._completed_in_read = False
        self._header_timer: asyncio.TimerHandle | None = None
        self._body_timer: asyncio.TimerHandle | None = None
        self._refusal: type[ApiError] = BadRequest
        self._draining = False
        self._lingering = False
        self._dropped = 0

    # Connection events

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_timer()  # also bounds a connection that never sends anything

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_timers()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._lingering:
            self._dropped += len(data)
            if self._dropped > LINGER_BYTES:
                self.transport.close()
            return
        was_reading_headers = self._reading_headers
        self._read_size = len(data)
        self._completed_in_read = False
        HttpToolsProtocol.data_received(self, data)
        if self._lingering or self.transport.is_closing():
            return
        if not self._reading_headers:  # the headers are complete, the body is not
            if self._body_timer is None:
                self._body_timer = self.loop.call_later(self._body_timeout, self._body_time_is_up)
            return
        if was_reading_headers and not self._completed_in_read:
            # The whole read belongs to the header block still being read (a read that also ended an
            # earlier request's body is not counted: the check when the headers complete still applies).
            self._earlier_reads += len(data)
            if self._earlier_reads > self._max_header_bytes:
                self._refuse(HeadersTooLarge)
                return
        if self._block_started and self._header_timer is None:
            self._arm_header_timer()

    # Parser callbacks

    # Base methods called directly (not through super()): these run for every request.

    def on_message_begin(self) -> None:
        HttpToolsProtocol.on_message_begin(self)
        self._reading_headers = True
        self._block_started = True
        self._earlier_reads = 0

    def on_headers_complete(self) -> None:
        self._block_started = False
        self._completed_in_read = True
        if self._header_timer is not None:
            self._cancel_header_timer()
        # A block that fits in what was read cannot exceed the cap: only count exactly when it might.
        if self._earlier_reads + self._read_size > self._max_header_bytes:
            size = len(self.url) + sum(len(name) + len(value) + 4 for name, value in self.headers)
            if size > self._max_header_bytes:
                self._refusal = HeadersTooLarge
                raise _Refused()
        HttpToolsProtocol.on_headers_complete(self)
        self._reading_headers = False  # after the cap: a refused block is refused as a header block
        if self._draining and self.cycle is not None:
            self.cycle.keep_alive = False

    def on_message_complete(self) -> None:
        HttpToolsProtocol.on_message_complete(self)
        self._reading_headers = True
        if self._body_timer is not None:
            self._body_timer.cancel()
            self._body_timer = None

    # Answers of our own

    def send_400_response(self, msg: str) -> None:
        """uvicorn's answer to what the parser refused (plain text there), and to ``_Refused``."""
        del msg
        self._refuse(self._refusal)

    def _refuse(self, error: type[ApiError]) -> None:
        self._cancel_timers()
        if self._may_answer():
            body = json.dumps(error_body(error.status_code, error.code, error.detail)).encode()
            head = [f"HTTP/1.1 {error.status_code} {_reason(error)}\r\n".encode()]
            head += [name + b": " + value + b"\r\n" for name, value in self.server_state.default_headers]
            head += [
                b"content-type: application/json\r\n",
                b"content-length: " + str(len(body)).encode() + b"\r\n",
                b"connection: close\r\n\r\n",
            ]
            self.transport.write(b"".join(head) + body)
        self._linger()

    def _may_answer(self) -> bool:
        """Whether an answer can go out now, before the connection closes.

        In a header block (or between requests), yes once the previous request is answered. In a body (the
        refusal is about it), yes if the app has not begun answering and no earlier pipelined request is
        still being answered: the app's request is then ended as if the client had gone (it reads a
        disconnect, what it sends is dropped). With any response under way, no: closing is all that is left.
        """
        cycle = self.cycle
        if self._reading_headers or cycle is None:
            return cycle is None or cycle.response_complete
        if cycle.response_started or self.pipeline:
            return False
        cycle.disconnected = True
        cycle.message_event.set()
        return True

    def _linger(self) -> None:
        """Close after ``LINGER_SECONDS``, dropping what still arrives; the answer's FIN goes out now."""
        if self._lingering:
            return
        if not self.transport.can_write_eof():  # TLS: no half-close, so close at once
            self.transport.close()
            return
        self._lingering = True
        self.transport.write_eof()
        self.flow.resume_reading()
        self.loop.call_later(LINGER_SECONDS, self.transport.close)

    # Timers

    def _arm_header_timer(self) -> None:
        self._header_timer = self.loop.call_later(self._header_timeout, self._header_time_is_up)

    def _cancel_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _cancel_timers(self) -> None:
        self._cancel_header_timer()
        if self._body_timer is not None:
            self._body_timer.cancel()
            self._body_timer = None

    def _header_time_is_up(self) -> None:
        self._header_timer = None
        if self._lingering or self.transport.is_closing() or not self._reading_headers:
            return
        if self._block_started:
            self.logger.info("closing a connection whose request headers did not arrive in time")
            self._refuse(RequestTimeout)
        elif self.cycle is None or self.cycle.response_complete:
            self.transport.close()  # connected, never sent a byte

    def _body_time_is_up(self) -> None:
        self._body_timer = None
        if self._lingering or self.transport.is_closing() or self._reading_headers:
            return
        if self.flow.read_paused:
            # We stopped reading (the app has not taken what came, or a pipelined request waits its turn):
            # the delay is ours, not the client's.
            self._body_timer = self.loop.call_later(self._body_timeout, self._body_time_is_up)
            return
        self.logger.info("closing a connection whose request body did not arrive in time")
        self._refuse(BodyTimeout)

    # Shutdown

    def shutdown(self) -> None:
        """Called by uvicorn once it has stopped accepting connections."""
        self._draining = True
        shut_down_streams()  # open event streams end now, their connections close with them
        if self.cycle is not None and not self.cycle.response_complete:
            self.cycle.keep_alive = False  # as uvicorn: close after this response
        elif not self._block_started:
            self.loop.call_later(IDLE_DRAIN_SECONDS, self._close_if_idle)
        # A header block being read: answered (with Connection: close) or timed out like any other.

    def _close_if_idle(self) -> None:
        idle = not self._block_started and (self.cycle is None or self.cycle.response_complete)
        if idle and not self.transport.is_closing():
            self.transport.close()


def _reason(error: type[ApiError]) -> str:
    return HTTPStatus(error.status_code).phrase


def uvicorn_options() -> dict[str, Any]:
    """What ``todos-api serve`` adds to ``uvicorn.run``: this protocol, the proxies whose forwarded headers
    are believed (none unless ``FORWARDED_ALLOW_IPS`` names them) and the shutdown grace period.

    A fresh ``Settings()``, not the cached one: the caller may still be about to set ``DATABASE_URL``.
    """
    settings = Settings()
    trusted = settings.forwarded_allow_ips.strip()
    return {
        "http": PROTOCOL,
        # uvicorn's own default believes X-Forwarded-* from 127.0.0.1, i.e. from any client on the host.
        "proxy_headers": bool(trusted),
        "forwarded_allow_ips": trusted or None,
        "timeout_graceful_shutdown": settings.shutdown_grace_seconds,
    }
