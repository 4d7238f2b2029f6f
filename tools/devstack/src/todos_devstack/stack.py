"""The whole product on this machine: both migrations in order, `next start` of a production build of
packages/web (Better Auth) and `todos-api serve` trusting it, on a database the caller brings.

Nothing is mocked: the API fetches the web app's JWKS over HTTP, the browser talks to both. `make run`, the
end-to-end tests and the benchmarks all start it through `Stack`.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from todos_devstack.paths import BIN_DIR, ROOT, WEB_DIR, free_port
from todos_devstack.processes import ServerProcess, StackError, run_step, wait_ready
from todos_devstack.web_build import ensure_web_build


def require_node() -> None:
    if shutil.which("npm") is None:
        raise StackError("Node.js 20+ with npm is required (e.g. apt-get install nodejs npm).")


def _quiet(_message: str) -> None:
    pass


def _api_command(port: int) -> list[str]:
    return [str(BIN_DIR / "todos-api"), "serve", "--host", "127.0.0.1", "--port", str(port)]


@dataclass
class Stack:
    """Web (Better Auth) and API sharing one database, both bound to 127.0.0.1.

    ``host`` is the name the URLs use (``make run`` prints ``localhost``); ``log_dir`` None sends the servers'
    output to our stdout (``make run``), else into ``web.log`` and ``api.log`` there. ``auth_url`` is what the
    JWTs' issuer and audience are (the web URL unless the caller knows better). Tests and benchmarks turn
    ``rate_limited`` off: they sign up and trade tokens from one IP faster than Better Auth's per-IP
    limit allows.
    """

    database_url: str
    log_dir: Path | None = None
    web_port: int = field(default_factory=free_port)
    api_port: int = field(default_factory=free_port)
    host: str = "127.0.0.1"
    auth_url: str = ""
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    rate_limited: bool = True
    say: Callable[[str], None] = _quiet
    web: ServerProcess | None = None
    api: ServerProcess | None = None
    # More API processes on the same database (start_another_api): replicas behind a load balancer.
    replicas: list[ServerProcess] = field(default_factory=list)

    @property
    def web_url(self) -> str:
        return self.url_for(self.web_port)

    @property
    def api_url(self) -> str:
        return self.url_for(self.api_port)

    def url_for(self, port: int) -> str:
        """The base URL of our server on ``port``, by the name the caller gave (``host``)."""
        return f"http://{self.host}:{port}"

    def env(self) -> dict[str, str]:
        """One environment for both servers and both migrations (each reads only its own names)."""
        return {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "AUTH_URL": self.auth_url or self.web_url,
            # The JWKS comes from the web app we started, whatever public name AUTH_URL gives it.
            "AUTH_JWKS_URL": f"http://127.0.0.1:{self.web_port}/api/auth/jwks",
            "BETTER_AUTH_SECRET": self.secret,
            "TODO_API_URL": self.api_url,
            "NODE_ENV": "production",
            "NEXT_TELEMETRY_DISABLED": "1",
            **({} if self.rate_limited else {"BETTER_AUTH_RATE_LIMIT": "off"}),
        }

    def _server(self, name: str, command: list[str], cwd: Path) -> ServerProcess:
        log_path = None if self.log_dir is None else self.log_dir / f"{name}.log"
        return ServerProcess(name, command, cwd, self.env(), log_path).start()

    def migrate(self) -> None:
        """Better Auth's tables first (our foreign key needs its "user" table), then ours."""
        require_node()
        self.say("Migrating: Better Auth's tables (npm run migrate)…")
        run_step(["npm", "run", "--silent", "migrate"], WEB_DIR, self.env())
        self.say("Migrating: the todo table (todos-api migrate)…")
        run_step([str(BIN_DIR / "todos-api"), "migrate"], ROOT, self.env())

    def start(self) -> Stack:
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
        self.migrate()
        ensure_web_build(self.say)
        self.say(f"Starting the API on {self.api_url} and the web app on {self.web_url}…")
        next_bin = str(WEB_DIR / "node_modules" / ".bin" / "next")
        web_command = [next_bin, "start", "--hostname", "127.0.0.1", "--port", str(self.web_port)]
        self.web = self._server("web", web_command, WEB_DIR)
        self.start_api(wait=False)
        assert self.api is not None
        wait_ready({f"{self.web_url}/api/auth/ok": self.web, f"{self.api_url}/readyz": self.api})
        return self

    def start_api(self, *, wait: bool = True) -> None:
        """Start (or restart, after stop_api) the API on the same port."""
        self.api = self._server("api", _api_command(self.api_port), ROOT)
        if wait:
            wait_ready({f"{self.api_url}/readyz": self.api})

    def start_another_api(self) -> str:
        """One more `todos-api serve` on a port of its own, same database and JWKS, as a second replica
        would run; returns its base URL. Stopped with the stack."""
        port = free_port()
        replica = self._server(f"api-{len(self.replicas) + 2}", _api_command(port), ROOT)
        self.replicas.append(replica)
        url = self.url_for(port)
        wait_ready({f"{url}/readyz": replica})
        return url

    def stop_api(self) -> None:
        if self.api is not None:
            self.api.stop()

    def first_exited(self) -> ServerProcess | None:
        return next((server for server in (self.web, self.api) if server and server.exited()), None)

    def stop(self) -> None:
        for server in (*self.replicas, self.api, self.web):
            if server is not None:
                server.stop()
