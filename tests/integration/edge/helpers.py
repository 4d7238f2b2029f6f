"""`todos-api serve` as a real process for the edge tests, and raw HTTP over a socket."""

from __future__ import annotations

import os
import signal
import socket
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from todos_devstack.paths import ROOT, free_port
from todos_devstack.processes import ServerProcess, wait_ready

from tests.support.tokens import ISSUER

TODOS_API = str(Path(sys.executable).parent / "todos-api")
ALLOWED_ORIGIN = "https://app.example"


def api_env(database_url: str, jwks_url: str, **overrides: str) -> dict[str, str]:
    """The API's own variables only (nothing from the caller's configuration leaks in), plus ``overrides``."""
    ours = ("AUTH_", "DB_", "CORS_", "MAX_", "HEADER_", "BODY_", "SHUTDOWN_", "FORWARDED_", "DATABASE_URL")
    env = {key: value for key, value in os.environ.items() if not key.startswith(ours)}
    env |= {
        "DATABASE_URL": database_url,
        "AUTH_URL": ISSUER,
        "AUTH_JWKS_URL": jwks_url,
        "CORS_ORIGINS": ALLOWED_ORIGIN,
    }
    return env | overrides


@dataclass
class ApiProcess:
    """One `todos-api serve` (one worker), started on ``port`` (a free one unless given)."""

    env: dict[str, str]
    port: int = field(default_factory=free_port)
    access_log: bool = False
    server: ServerProcess | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ApiProcess:
        log_flag = "--access-log" if self.access_log else "--no-access-log"
        command = [TODOS_API, "serve", "--port", str(self.port), log_flag]
        log = Path(tempfile.mkstemp(prefix="todos-api-", suffix=".log")[1])
        self.server = ServerProcess("todos-api", command, ROOT, self.env, log).start()
        wait_ready({f"{self.url}/readyz": self.server}, timeout=30)
        return self

    def sigterm(self) -> None:
        assert self.server is not None and self.server.process is not None
        self.server.process.send_signal(signal.SIGTERM)

    def wait(self, timeout: float) -> int:
        assert self.server is not None and self.server.process is not None
        return self.server.process.wait(timeout=timeout)

    def log(self) -> str:
        assert self.server is not None
        return self.server.output_tail(20_000)

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()


def raw_exchange(port: int, request: bytes, timeout: float = 10.0) -> bytes:
    """Send bytes, read until the server closes the connection; what came back."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        return read_until_closed(sock)


def read_until_closed(sock: socket.socket) -> bytes:
    received = b""
    while chunk := sock.recv(65536):
        received += chunk
    return received


def parse_response(raw: bytes) -> tuple[int, dict[str, str], bytes]:
    """Status, headers (last value wins, names lowercased) and body of one HTTP/1.1 answer."""
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, body


def elapsed_until_closed(sock: socket.socket) -> tuple[float, bytes]:
    started = time.monotonic()
    received = read_until_closed(sock)
    return time.monotonic() - started, received
