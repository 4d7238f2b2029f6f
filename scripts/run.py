"""`make run`: the whole product on this machine, in the foreground.

Starts PostgreSQL (the embedded one unless DATABASE_URL is set), applies Better Auth's migrations and then
ours (our foreign key needs Better Auth's "user" table), builds the web app when its build is missing or
stale, starts web and API, waits until both answer, and prints where to go. Ctrl-C stops every process it
started; the data stays in .data/ for next time.

Settings (environment): WEB_PORT (3000), API_PORT (8000), DATABASE_URL, BETTER_AUTH_SECRET.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import IO

import httpx

ROOT = Path(__file__).resolve().parent.parent
WEB_DIR = ROOT / "packages" / "web"
DATA_DIR = ROOT / ".data"
BIN_DIR = Path(sys.executable).parent


class RunError(Exception):
    """A problem the user can fix; its message is the one line that says how."""


def say(message: str) -> None:
    print(f"==> {message}", file=sys.stderr, flush=True)


def port_from_env(name: str, default: int) -> int:
    raw = os.environ.get(name, str(default))
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise RunError(f"{name}={raw!r} is not a port number: set it to a number between 1 and 65535.")
    return int(raw)


def ensure_port_free(port: int, variable: str) -> None:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as err:
            raise RunError(
                f"Port {port} is already in use: stop what is using it "
                f"or run `make run {variable}=<free port>`."
            ) from err


def better_auth_secret() -> str:
    """The web app's secret: from the environment, else generated once into the git-ignored data folder."""
    if secret := os.environ.get("BETTER_AUTH_SECRET"):
        return secret
    path = DATA_DIR / "better-auth-secret"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(32))
    return path.read_text().strip()


def database_url(stack: contextlib.ExitStack) -> str:
    """The database to use; an embedded server this run starts is stopped when `stack` closes."""
    if url := os.environ.get("DATABASE_URL"):
        say("Using the PostgreSQL server in DATABASE_URL")
        return url
    from todos_api.embedded_db import embedded_postgres

    data_dir = DATA_DIR / "postgres"
    first_time = not (data_dir / "PG_VERSION").exists()
    say(
        "Starting the embedded PostgreSQL"
        + (" (first run: creating the database in .data/postgres)…" if first_time else "…")
    )
    return stack.enter_context(embedded_postgres(data_dir))


def run_step(description: str, command: Sequence[str], env: dict[str, str], cwd: Path = ROOT) -> None:
    say(description)
    result = subprocess.run(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout)
        raise RunError(
            f"{description.rstrip('…')} failed (output above): fix the cause and run `make run` again."
        )


def web_build_is_stale() -> bool:
    build_id = WEB_DIR / ".next" / "BUILD_ID"
    if not build_id.exists():
        return True
    built_at = build_id.stat().st_mtime
    sources = [WEB_DIR / name for name in ("app", "components", "lib", "public")]
    configs = list(WEB_DIR.glob("*.ts")) + list(WEB_DIR.glob("*.mjs")) + list(WEB_DIR.glob("*.json"))
    files = [f for d in sources if d.exists() for f in d.rglob("*") if f.is_file()] + configs
    return any(f.stat().st_mtime > built_at for f in files)


def pipe_with_prefix(stream: IO[str], prefix: str) -> None:
    for line in stream:
        sys.stdout.write(f"{prefix} {line}")
        sys.stdout.flush()


@dataclass
class Processes:
    """Long-running children, each in its own process group so that stopping one stops its whole tree."""

    running: dict[str, subprocess.Popen[str]] = field(default_factory=dict)

    def start(self, name: str, command: Sequence[str], env: dict[str, str], cwd: Path) -> None:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        assert process.stdout is not None
        threading.Thread(target=pipe_with_prefix, args=(process.stdout, f"[{name}]"), daemon=True).start()
        self.running[name] = process

    def first_exited(self) -> str | None:
        return next((name for name, p in self.running.items() if p.poll() is not None), None)

    def stop_all(self) -> None:
        for process in self.running.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for process in self.running.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def wait_until_ready(processes: Processes, urls: dict[str, str], timeout: float = 90.0) -> None:
    pending = dict(urls)
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=2.0) as client:
        while pending:
            if (name := processes.first_exited()) is not None:
                raise RunError(f"The {name} process stopped during start-up (its output is above).")
            if time.monotonic() > deadline:
                raise RunError(
                    f"{', '.join(pending)} did not become ready in {timeout:.0f} s (output above)."
                )
            for name, url in list(pending.items()):
                try:
                    if client.get(url).status_code < 500:
                        del pending[name]
                except httpx.TransportError:
                    pass
            time.sleep(0.3)


def first_steps(web_url: str, api_url: str) -> str:
    # The CLI saves the URLs it signed up with, so only the first command needs them on other ports.
    defaults = web_url == "http://localhost:3000" and api_url == "http://localhost:8000"
    urls = "" if defaults else f"--api-url {api_url} --auth-url {web_url} "
    return f"""
Todos is running.
  Web app   {web_url}        (sign up, then manage your tasks at {web_url}/tasks)
  API       {api_url}        (OpenAPI docs at {api_url}/docs)

From a terminal (another shell, in this folder):
  uv run todo {urls}signup --email you@example.com
  uv run todo add "Try Todos"
  uv run todo list

Press Ctrl-C to stop everything; your data stays in .data/ for next time.
"""


def main() -> int:
    web_port = port_from_env("WEB_PORT", 3000)
    api_port = port_from_env("API_PORT", 8000)
    ensure_port_free(web_port, "WEB_PORT")
    ensure_port_free(api_port, "API_PORT")
    web_url, api_url = f"http://localhost:{web_port}", f"http://localhost:{api_port}"

    processes = Processes()
    stack = contextlib.ExitStack()

    def stop(signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt(signum)

    signal.signal(signal.SIGTERM, stop)
    try:
        db_url = database_url(stack)
        env = {
            **os.environ,
            "DATABASE_URL": db_url,
            "AUTH_URL": os.environ.get("AUTH_URL", web_url),
            "BETTER_AUTH_URL": os.environ.get("AUTH_URL", web_url),
            "BETTER_AUTH_SECRET": better_auth_secret(),
            "TODO_API_URL": api_url,
            "NODE_ENV": "production",
            "NEXT_TELEMETRY_DISABLED": "1",
        }
        run_step(
            "Migrating: Better Auth's tables (npm run migrate)…",
            ["npm", "run", "--silent", "migrate"],
            env,
            WEB_DIR,
        )
        run_step(
            "Migrating: the todo table (todos-api migrate)…", [str(BIN_DIR / "todos-api"), "migrate"], env
        )
        if web_build_is_stale():
            run_step(
                "Building the web app (next build; about a minute the first time)…",
                ["npm", "run", "build"],
                env,
                WEB_DIR,
            )

        say(f"Starting the API on {api_url} and the web app on {web_url}…")
        processes.start(
            "api",
            [str(BIN_DIR / "todos-api"), "serve", "--host", "127.0.0.1", "--port", str(api_port)],
            env,
            ROOT,
        )
        processes.start(
            "web", ["npm", "run", "--silent", "start", "--", "--port", str(web_port)], env, WEB_DIR
        )
        wait_until_ready(processes, {"API": f"{api_url}/readyz", "web app": f"{web_url}/api/auth/ok"})
        print(first_steps(web_url, api_url), file=sys.stderr, flush=True)

        while (name := processes.first_exited()) is None:
            time.sleep(0.5)
        raise RunError(f"The {name} process stopped unexpectedly (its output is above).")
    except KeyboardInterrupt:
        say("Stopping…")
        return 0
    finally:
        # A second Ctrl-C (or one forwarded by a parent) must not cut the clean shutdown short.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        processes.stop_all()
        stack.close()


if __name__ == "__main__":
    try:
        sys.exit(main())
    except RunError as problem:
        print(f"make run: {problem}", file=sys.stderr)
        sys.exit(1)
