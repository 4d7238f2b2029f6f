"""ASGI middleware of our own (CORS itself comes from Starlette)."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Mapping
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from todos_api.core.errors import AmbiguousRequest, ApiError, CorsRefused, PayloadTooLarge, ShuttingDown
from todos_api.http.handlers import error_body

logger = logging.getLogger(__name__)

DRAIN_BYTES_MIN = 4 * 1024 * 1024


async def _send_error(send: Send, error: type[ApiError], close: bool = False) -> None:
    """The error's JSON body, as the app's handlers would answer it (this runs outside them)."""
    payload = json.dumps(error_body(error.status_code, error.code, error.detail)).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
    headers += [(name.lower().encode(), value.encode()) for name, value in (error.headers or {}).items()]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": error.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


class GuardRequests:
    """Our one ASGI middleware, outermost (one layer costs less per request than several):

    - CORS: a request with an ``Origin`` header goes through Starlette's ``CORSMiddleware`` (around the two
      guards below, so 413 and 500 answers carry CORS headers too). Without ``Origin`` that middleware only
      adds ``Vary: Origin`` to the answer, which is done here instead: its header objects cost ~5 µs on
      every request of the CLI, the SDK and the server-side web app;
    - answers 413 for bodies over ``max_body_bytes``, declared (Content-Length) or streamed (chunked). A
      chunked body is read here up to the limit and replayed to the app, so the limit holds without depending
      on how the framework reads bodies; with Content-Length the server already enforces framing. Before
      answering, the rest of an oversized body is read and discarded up to ``drain_bytes``: a client (httpx,
      curl, browsers) sends its whole body before reading the answer, and a server that closes with unread
      data in its socket makes the kernel send a reset, which destroys the 413 on its way. Only a body
      declared or found larger than that bound gets the 413 with the connection closed unread; so does one
      declared with ``Expect: 100-continue``, whose client waits for our answer before sending anything;
    - answers 400 ``ambiguous_request`` to a request with more than one ``Authorization`` header (which
      one would be the caller? Starlette would silently take the first);
    - turns an unhandled exception into the JSON 500, inside CORS, and keeps the connection usable
      (Starlette's own last-resort handler sits outside every middleware and re-raises to the server);
    - answers 503 ``shutting_down`` to a request that uvicorn cancels because the shutdown grace period
      ended (uvicorn itself would answer a plain-text 500).
    """

    def __init__(self, app: ASGIApp, max_body_bytes: int, cors: Mapping[str, Any]) -> None:
        self.app = app
        self.max_bytes = max_body_bytes
        # Reading this much to answer a readable 413 costs little; past it the client is refused unread.
        self.drain_bytes = max(8 * max_body_bytes, DRAIN_BYTES_MIN)
        self.cors = JsonCorsMiddleware(self._guarded_with_cors, **cors)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if any(name == b"origin" for name, _ in scope["headers"]):
            await self.cors(scope, receive, send)
        else:
            await self._guarded(scope, receive, send, vary_origin=True)

    async def _guarded_with_cors(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._guarded(scope, receive, send, vary_origin=False)

    async def _guarded(self, scope: Scope, receive: Receive, send: Send, *, vary_origin: bool) -> None:
        started = False

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                if vary_origin:
                    _add_vary_origin(message)
            await send(message)

        declared: bytes | None = None
        chunked = expects_continue = False
        authorizations = 0
        for name, value in scope["headers"]:
            if name == b"content-length":
                declared = value
            elif name == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
            elif name == b"expect" and value.lower() == b"100-continue":
                expects_continue = True
            elif name == b"authorization":
                authorizations += 1
        if authorizations > 1:
            await _send_error(guarded_send, AmbiguousRequest)
            return
        if declared is not None:
            if not declared.isdigit():
                await _send_error(guarded_send, PayloadTooLarge, close=True)
                return
            if int(declared) > self.max_bytes:
                drain = not expects_continue and int(declared) <= self.drain_bytes
                await self._refuse(receive, guarded_send, drain=drain)
                return
        elif chunked:
            buffered = await self._read_limited(receive)
            if buffered is None:
                # Reading has begun (a 100 Continue, if asked for, is gone): the client is sending.
                await self._refuse(receive, guarded_send, drain=True)
                return
            receive = _replay(buffered, receive)
        try:
            await self.app(scope, receive, guarded_send)
        except asyncio.CancelledError:
            if not started:
                await _send_error(guarded_send, ShuttingDown, close=True)
            raise
        except Exception:
            logger.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            await _send_error(guarded_send, ApiError)

    async def _read_limited(self, receive: Receive) -> bytes | None:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return b"".join(chunks)
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    async def _refuse(self, receive: Receive, send: Send, *, drain: bool) -> None:
        """The 413; after reading what is left of the body (see the class docstring) when ``drain``."""
        if drain and await self._drained(receive):
            await _send_error(send, PayloadTooLarge)
        else:  # the rest of the body is not read: the connection cannot carry another request
            await _send_error(send, PayloadTooLarge, close=True)

    async def _drained(self, receive: Receive) -> bool:
        """Reads and discards the rest of the body; False when it goes past ``drain_bytes``."""
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return True  # the client went away: nothing left to read
            size += len(message.get("body", b""))
            if size > self.drain_bytes:
                return False
            if not message.get("more_body", False):
                return True


class JsonCorsMiddleware(CORSMiddleware):
    """Starlette's CORS, with a refused preflight (origin, ``Origin: null``, method or request headers not
    allowed) answered in the service's error shape instead of Starlette's plain text; same status (400)
    and headers. Requests that are not preflights are never refused by CORS: the browser withholds the
    answer from a page of another origin (no ``Access-Control-Allow-Origin``), and every API call carries
    ``Authorization``, which makes the browser send a preflight first."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code == 200:
            return response
        kept = {k: v for k, v in response.headers.items() if k not in ("content-type", "content-length")}
        detail = f"{bytes(response.body).decode()}."  # "Disallowed CORS origin, headers."
        body = error_body(response.status_code, CorsRefused.code, detail)
        return JSONResponse(body, status_code=response.status_code, headers=kept)


def _add_vary_origin(message: Message) -> None:
    """What CORSMiddleware does to an answer to a request without ``Origin``."""
    headers: list[tuple[bytes, bytes]] = message.setdefault("headers", [])
    if any(name.lower() == b"vary" for name, _ in headers):
        # Merge exactly as CORSMiddleware does (never the case for our own answers).
        mutable = MutableHeaders(scope=message)
        mutable["Vary"] = ", ".join([*mutable.getlist("Vary"), "Origin"])
    else:
        headers.append((b"vary", b"Origin"))


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
