"""The real product on free ports, for end-to-end tests: PostgreSQL, both migrations, `next start` of a
production build of packages/web (Better Auth), and `todos-api serve` trusting that Better Auth.

Nothing here is mocked: the API fetches the web app's JWKS over HTTP, the browser talks to both.
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookiejar import CookieJar, DefaultCookiePolicy
from pathlib import Path
from typing import IO

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

ROOT = Path(__file__).resolve().parents[2]
WEB_DIR = ROOT / "packages" / "web"
BIN_DIR = Path(sys.executable).parent

# What a production build depends on; a change in any of these makes the build stale.
WEB_BUILD_INPUTS = (
    "app",
    "components",
    "lib",
    "public",
    "proxy.ts",
    "next.config.ts",
    "postcss.config.mjs",
    "tsconfig.json",
    "package-lock.json",
)
BUILD_HASH_FILE = WEB_DIR / ".next" / "todos-build-inputs.sha256"


class StackError(RuntimeError):
    """A part of the stack did not start; the message carries the tail of its log."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def web_build_inputs_hash() -> str:
    digest = hashlib.sha256()
    for name in WEB_BUILD_INPUTS:
        path = WEB_DIR / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.exists():
                digest.update(str(file.relative_to(WEB_DIR)).encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_web_build() -> None:
    """`next build` once, and again only when a build input changed (compared by content, not mtime)."""
    if not (WEB_DIR / "node_modules").exists():
        raise StackError("packages/web/node_modules is missing: run `npm ci` there (make test does).")
    # Concurrent test processes (pytest-xdist) must not build into the same .next at once.
    with _file_lock(WEB_DIR / "node_modules" / ".todos-build.lock"):
        wanted = web_build_inputs_hash()
        built = (WEB_DIR / ".next" / "BUILD_ID").exists() and BUILD_HASH_FILE.exists()
        if built and BUILD_HASH_FILE.read_text() == wanted:
            return
        env = {**os.environ, "NEXT_TELEMETRY_DISABLED": "1", "NODE_ENV": "production"}
        result = subprocess.run(["npm", "run", "build"], cwd=WEB_DIR, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise StackError(f"next build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        BUILD_HASH_FILE.write_text(wanted)


async def _execute_autocommit(database_url: str, statement: str) -> None:
    engine = create_async_engine(database_url.replace("postgresql://", "postgresql+asyncpg://", 1))
    try:
        async with engine.connect() as conn:
            await (await conn.execution_options(isolation_level="AUTOCOMMIT")).execute(text(statement))
    finally:
        await engine.dispose()


def execute_sql(database_url: str, statement: str) -> None:
    """Run one statement in autocommit mode, from sync code.

    In a thread of its own: Playwright's sync API keeps an event loop running in the main thread while a
    browser is open, and asyncio refuses to start a second loop there.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, _execute_autocommit(database_url, statement)).result()


def run_migrations(database_url: str) -> None:
    """Better Auth's tables first (our foreign key needs "user"), then ours."""
    env = {**os.environ, "DATABASE_URL": database_url}
    steps: list[tuple[Sequence[str], Path]] = [
        (["npm", "run", "--silent", "migrate"], WEB_DIR),
        ([str(BIN_DIR / "todos-api"), "migrate"], ROOT),
    ]
    for command, cwd in steps:
        result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise StackError(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")


@dataclass
class ServerProcess:
    """A long-running child in its own process group (stopping it stops its children), logging to a file."""

    name: str
    command: Sequence[str]
    cwd: Path
    env: Mapping[str, str]
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    _log: IO[bytes] | None = field(default=None, repr=False)

    def start(self) -> ServerProcess:
        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self.command,
            cwd=self.cwd,
            env=dict(self.env),
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def log_tail(self, chars: int = 3000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:] if self.log_path.exists() else ""

    def wait_ready(self, url: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        with httpx.Client(timeout=2.0) as client:
            while time.monotonic() < deadline:
                if self.process is not None and self.process.poll() is not None:
                    raise StackError(f"{self.name} exited with {self.process.returncode}:\n{self.log_tail()}")
                try:
                    if client.get(url).status_code < 500:
                        return
                except httpx.TransportError:
                    pass
                time.sleep(0.2)
        raise StackError(f"{self.name} not ready at {url} after {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None


@dataclass
class Stack:
    """Web (Better Auth) and API processes sharing one database; URLs use 127.0.0.1 and free ports."""

    database_url: str
    log_dir: Path
    web_port: int = field(default_factory=free_port)
    api_port: int = field(default_factory=free_port)
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    web: ServerProcess | None = None
    api: ServerProcess | None = None

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    def web_env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "AUTH_URL": self.web_url,
            "BETTER_AUTH_SECRET": self.secret,
            "TODO_API_URL": self.api_url,
            # Many sign-ups from one IP within seconds: Better Auth's per-IP limit would refuse them.
            "BETTER_AUTH_RATE_LIMIT": "off",
            "NODE_ENV": "production",
            "NEXT_TELEMETRY_DISABLED": "1",
        }

    def api_env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "AUTH_URL": self.web_url,
            "AUTH_JWKS_URL": f"{self.web_url}/api/auth/jwks",
            "CORS_ORIGINS": self.web_url,
        }

    def start(self) -> Stack:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        ensure_web_build()
        run_migrations(self.database_url)
        next_bin = str(WEB_DIR / "node_modules" / ".bin" / "next")
        self.web = ServerProcess(
            "web",
            [next_bin, "start", "--hostname", "127.0.0.1", "--port", str(self.web_port)],
            WEB_DIR,
            self.web_env(),
            self.log_dir / "web.log",
        ).start()
        self.start_api()
        self.web.wait_ready(f"{self.web_url}/api/auth/ok")
        return self

    def start_api(self) -> None:
        """Start (or restart, after stop_api) the API on the same port."""
        self.api = ServerProcess(
            "api",
            [str(BIN_DIR / "todos-api"), "serve", "--host", "127.0.0.1", "--port", str(self.api_port)],
            ROOT,
            self.api_env(),
            self.log_dir / "api.log",
        ).start()
        self.api.wait_ready(f"{self.api_url}/readyz")

    def stop_api(self) -> None:
        if self.api is not None:
            self.api.stop()

    def stop(self) -> None:
        for server in (self.api, self.web):
            if server is not None:
                server.stop()


def require_node() -> None:
    if shutil.which("npm") is None:
        raise StackError("Node.js 20+ with npm is required for the end-to-end tests.")


@dataclass(frozen=True)
class Account:
    """A Better Auth user and one of its sessions (the bearer session token, not a JWT)."""

    email: str
    password: str
    name: str
    user_id: str
    session_token: str


class BetterAuthClient:
    """Better Auth's HTTP API as a non-browser client uses it: JSON in, bearer session token out."""

    def __init__(self, web_url: str) -> None:
        # No cookie jar: a request carrying a cookie but no Origin is refused by Better Auth (CSRF check).
        no_cookies = CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))
        self.http = httpx.Client(base_url=f"{web_url}/api/auth", timeout=15.0, cookies=no_cookies)

    def close(self) -> None:
        self.http.close()

    def _post(self, path: str, body: Mapping[str, object], session_token: str = "") -> httpx.Response:
        headers = {"Authorization": f"Bearer {session_token}"} if session_token else {}
        response = self.http.post(path, json=body, headers=headers)
        if response.status_code != 200:
            raise StackError(f"POST /api/auth{path}: {response.status_code} {response.text[:500]}")
        return response

    def sign_up(self, name: str = "Test User", password: str = "correct horse battery") -> Account:
        email = f"user-{secrets.token_hex(6)}@example.com"
        body = self._post("/sign-up/email", {"name": name, "email": email, "password": password}).json()
        return Account(email, password, name, body["user"]["id"], body["token"])

    def sign_in(self, email: str, password: str) -> str:
        """A new session; returns its bearer token."""
        token: str = self._post("/sign-in/email", {"email": email, "password": password}).json()["token"]
        return token

    def token(self, session_token: str) -> str:
        """Trade the session token for a JWT (GET /api/auth/token), as the CLI and the browser do."""
        response = self.http.get("/token", headers={"Authorization": f"Bearer {session_token}"})
        if response.status_code != 200:
            raise StackError(f"GET /api/auth/token: {response.status_code} {response.text[:500]}")
        jwt: str = response.json()["token"]
        return jwt

    def sign_out(self, session_token: str) -> None:
        self._post("/sign-out", {}, session_token)

    def delete_user(self, account: Account) -> None:
        self._post("/delete-user", {"password": account.password}, account.session_token)
