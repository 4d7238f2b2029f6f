"""`make run`: the whole product on this machine, in the foreground.

Starts PostgreSQL (the embedded one in .data/postgres unless DATABASE_URL is set), then the `Stack`: both
migrations, a web build when it is missing or stale, web and API, until both answer. Ctrl-C stops every
process it started; the data stays in .data/ for next time.

Settings (environment): WEB_PORT (3000), API_PORT (8000), DATABASE_URL, AUTH_URL, BETTER_AUTH_SECRET.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import sys
import time
from types import FrameType

from todos_devstack.embedded import embedded_postgres
from todos_devstack.paths import DATA_DIR
from todos_devstack.processes import StackError
from todos_devstack.stack import Stack


class RunError(Exception):
    """A problem the user can fix; its message is the one line that says how."""


def say(message: str) -> None:
    print(f"==> {message}", file=sys.stderr, flush=True)


def port_from_env(name: str, default: int) -> int:
    raw = os.environ.get(name, str(default))
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise RunError(f"{name}={raw!r} is not a port number: set it to a number between 1 and 65535.")
    port = int(raw)
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as err:
            raise RunError(
                f"Port {port} is already in use: stop what is using it or run `make run {name}=<free port>`."
            ) from err
    return port


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


def database_url(resources: contextlib.ExitStack) -> str:
    """The database to use; an embedded server this run starts is stopped when `resources` closes."""
    if url := os.environ.get("DATABASE_URL"):
        say("Using the PostgreSQL server in DATABASE_URL")
        return url
    data_dir = DATA_DIR / "postgres"
    first_time = not (data_dir / "PG_VERSION").exists()
    say(
        "Starting the embedded PostgreSQL"
        + (" (first run: creating the database in .data/postgres)…" if first_time else "…")
    )
    return resources.enter_context(embedded_postgres(data_dir))


# Where `todo` connects when nothing says otherwise (todos_sdk.DEFAULT_API_URL, DEFAULT_AUTH_URL).
CLI_DEFAULT_URLS = ("http://localhost:3000", "http://localhost:8000")


def cli_exports(web_url: str, api_url: str) -> list[str]:
    """The shell lines that point `todo` at this stack: none on the default ports, where it looks anyway.

    On other ports a bare `todo` would talk to :3000/:8000 (or to the URLs a login saved in its profile),
    so both variables are given; they win over the profile."""
    if (web_url, api_url) == CLI_DEFAULT_URLS:
        return []
    return [f"export TODO_API_URL={api_url}", f"export TODO_AUTH_URL={web_url}"]


def first_steps(web_url: str, api_url: str) -> str:
    exports = cli_exports(web_url, api_url)
    setup = "".join(f"  {line}\n" for line in exports)
    where = "; these are not todo's default ports, so point it here first" if exports else ""
    return f"""
Todos is running.
  Web app   {web_url}        (sign up, then manage your tasks at {web_url}/tasks)
  API       {api_url}        (OpenAPI docs at {api_url}/docs)

From a terminal (another shell, in this folder){where}:
{setup}  uv run todo signup --email you@example.com
  uv run todo add "Try Todos"
  uv run todo list

Press Ctrl-C to stop everything; your data stays in .data/ for next time.
"""


def _stop(signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt(signum)


def run() -> int:
    web_port, api_port = port_from_env("WEB_PORT", 3000), port_from_env("API_PORT", 8000)
    signal.signal(signal.SIGTERM, _stop)
    with contextlib.ExitStack() as resources:
        try:
            stack = Stack(
                database_url(resources),
                web_port=web_port,
                api_port=api_port,
                host="localhost",
                auth_url=os.environ.get("AUTH_URL", ""),
                secret=better_auth_secret(),
                say=say,
            )
            resources.callback(stack.stop)
            stack.start()
            print(first_steps(stack.web_url, stack.api_url), file=sys.stderr, flush=True)
            while (exited := stack.first_exited()) is None:
                time.sleep(0.5)
            raise RunError(f"The {exited.name} process stopped unexpectedly (its output is above).")
        except KeyboardInterrupt:
            say("Stopping…")
            return 0
        finally:
            # A second Ctrl-C (or one forwarded by a parent) must not cut the clean shutdown short.
            signal.signal(signal.SIGINT, signal.SIG_IGN)


def main() -> int:
    try:
        return run()
    except (RunError, StackError) as problem:
        print(f"make run: {problem}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
