"""ASGI middleware of our own (CORS itself comes from Starlette)."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from todos_api.errors import ApiError, PayloadTooLarge
from todos_api.handlers import error_body

logger = logging.getLogger(__name__)


async def _send_error(send: Send, error: type[ApiError], close: bool = False) -> None:
    """The error's JSON body, as the app's handlers would answer it (this runs outside them)."""
    payload = json.dumps(error_body(error.status_code, error.code, error.detail)).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
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
      on how the framework reads bodies; with Content-Length the server already enforces framing;
    - turns an unhandled exception into the JSON 500, inside CORS, and keeps the connection usable
      (Starlette's own last-resort handler sits outside every middleware and re-raises to the server).
    """

    def __init__(self, app: ASGIApp, max_body_bytes: int, cors: Mapping[str, Any]) -> None:
        self.app = app
        self.max_bytes = max_body_bytes
        self.cors = CORSMiddleware(self._guarded_with_cors, **cors)

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
        chunked = False
        for name, value in scope["headers"]:
            if name == b"content-length":
                declared = value
            elif name == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
        if declared is not None:
            if not declared.isdigit() or int(declared) > self.max_bytes:
                await self._refuse(guarded_send)
                return
        elif chunked:
            buffered = await self._read_limited(receive)
            if buffered is None:
                await self._refuse(guarded_send)
                return
            receive = _replay(buffered, receive)
        try:
            await self.app(scope, receive, guarded_send)
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

    async def _refuse(self, send: Send) -> None:
        # Close the connection: the rest of the body was not read.
        await _send_error(send, PayloadTooLarge, close=True)


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
