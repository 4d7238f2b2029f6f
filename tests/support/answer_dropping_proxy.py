"""A TCP proxy that can lose answers: the request reaches the server, the server acts and answers, and the
client's connection is closed before the answer reaches it — a network failing at the worst moment.

Also a fake Better Auth token endpoint, so that SDK clients get the JWTs the test signed.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["AnswerDroppingProxy", "TokenServer"]


_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"})


class AnswerDroppingProxy:
    """Forwards 127.0.0.1:<port> to upstream; `drop_answers = n` loses the next n answers (closing the client
    connection when the server's first answer bytes arrive, after the server has done the work).

    `drop_methods`: lose only answers to requests of these methods (e.g. the write after a command's read);
    None: any. A client waits for each answer before its next request on a connection, so the answer that
    arrives belongs to the last request line the connection sent.
    """

    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.drop_answers = 0
        self.drop_methods: frozenset[str] | None = None
        self.dropped = 0
        self._server: asyncio.Server | None = None

    async def start(self) -> AnswerDroppingProxy:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        return self

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.sockets[0].getsockname()[1]}"

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _handle(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection(*self.upstream)
        last_method = [""]  # of the request being answered on this connection

        async def requests() -> None:
            while data := await client_reader.read(65536):
                method = data.split(b" ", 1)[0].decode("latin-1")
                if method in _METHODS:
                    last_method[0] = method
                upstream_writer.write(data)
                await upstream_writer.drain()
            upstream_writer.close()

        def dropping() -> bool:
            wanted = self.drop_methods is None or last_method[0] in self.drop_methods
            return self.drop_answers > 0 and wanted

        async def answers() -> None:
            while data := await upstream_reader.read(65536):
                if dropping():
                    self.drop_answers -= 1
                    self.dropped += 1
                    break  # the answer is lost: close the client's connection without it
                client_writer.write(data)
                await client_writer.drain()
            client_writer.close()
            upstream_writer.close()

        forward = asyncio.ensure_future(requests())
        try:
            await answers()
        finally:
            forward.cancel()


class TokenServer:
    """Answers `GET /api/auth/token` with `{"token": <jwt>}` as Better Auth does, on a free port: always
    `token`, or a fresh one from `mint` each time (`issued` counts them)."""

    def __init__(self, token: str, mint: Callable[[], str] | None = None) -> None:
        self.token = token
        self.issued = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/api/auth/token":
                    outer.issued += 1
                    if mint is not None:
                        outer.token = mint()
                body = json.dumps({"token": outer.token}).encode()
                self.send_response(200 if self.path == "/api/auth/token" else 404)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                del format, args

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
