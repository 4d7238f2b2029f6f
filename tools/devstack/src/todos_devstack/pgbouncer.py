"""A throwaway PgBouncer (Debian's package) in front of a PostgreSQL server: transaction pooling, the shape of
Neon's pooled endpoint, optionally with TLS towards its clients. Started and stopped like ``debian.py``'s
cluster (as the ``postgres`` user under root: PgBouncer refuses to run as root).

Install it with ``scripts/bootstrap/ensure-pgbouncer.sh`` (``make test`` does).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from todos_devstack.certificates import ServerCertificate, issue_server_certificate
from todos_devstack.debian import PG_USER, ServerUnavailable
from todos_devstack.paths import free_port

PGBOUNCER = Path(os.environ.get("PGBOUNCER_PATH", "/usr/sbin/pgbouncer"))


def pgbouncer_available() -> bool:
    return PGBOUNCER.exists() and (os.geteuid() != 0 or shutil.which("runuser") is not None)


@dataclass
class PgBouncer:
    """Pools every database of ``server_url`` (a wildcard entry) on a free port; ``tls`` makes clients
    connect over TLS with a certificate for 127.0.0.1 from a throwaway CA (``certificate.ca``)."""

    server_url: str
    tls: bool = True
    pool_size: int = 20
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="todos-pgbouncer-")))
    port: int = field(default_factory=free_port)
    certificate: ServerCertificate | None = None
    process: subprocess.Popen[bytes] | None = None

    def url(self, database: str = "postgres") -> str:
        """The URL a client uses: the server's user and ``database`` through us, verified TLS when on."""
        parts = urlsplit(self.server_url)
        user = f"{parts.username}@" if parts.username else ""
        query = f"sslmode=verify-full&sslrootcert={self.certificate.ca}" if self.certificate else ""
        return urlunsplit(
            parts._replace(netloc=f"{user}127.0.0.1:{self.port}", path=f"/{database}", query=query)
        )

    def _config(self) -> str:
        server = urlsplit(self.server_url)
        lines = [
            "[databases]",
            f"* = host={server.hostname} port={server.port}",
            "[pgbouncer]",
            "listen_addr = 127.0.0.1",
            f"listen_port = {self.port}",
            "unix_socket_dir =",
            # The server behind trusts local connections; the user must still be listed for "trust".
            "auth_type = trust",
            f"auth_file = {self.root / 'users.txt'}",
            "pool_mode = transaction",
            f"default_pool_size = {self.pool_size}",
            "max_client_conn = 1000",
            # A "select 1" before reusing an idle server connection would show in pg_stat_statements.
            "server_check_query =",
            "ignore_startup_parameters = extra_float_digits",
            f"logfile = {self.root / 'log'}",
        ]
        if self.certificate is not None:
            lines += [
                "client_tls_sslmode = require",
                f"client_tls_cert_file = {self.certificate.cert}",
                f"client_tls_key_file = {self.certificate.key}",
            ]
        return "\n".join(lines) + "\n"

    def start(self) -> PgBouncer:
        if not pgbouncer_available():
            raise ServerUnavailable(f"no PgBouncer at {PGBOUNCER} (scripts/bootstrap/ensure-pgbouncer.sh)")
        owner = PG_USER if os.geteuid() == 0 else None
        if self.tls:
            self.certificate = issue_server_certificate(self.root, ["localhost"], ["127.0.0.1"], owner=owner)
        (self.root / "users.txt").write_text(f'"{urlsplit(self.server_url).username or PG_USER}" ""\n')
        (self.root / "pgbouncer.ini").write_text(self._config())
        if owner is not None:
            for path in self.root.iterdir():
                shutil.chown(path, owner)
            shutil.chown(self.root, owner)
        runner = ["runuser", "-u", PG_USER, "--"] if owner else []
        self.process = subprocess.Popen(
            [*runner, str(PGBOUNCER), str(self.root / "pgbouncer.ini")],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self._wait_listening()
        return self

    def _wait_listening(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise ServerUnavailable(f"PgBouncer exited at start-up:\n{self.log_tail()}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return
            time.sleep(0.05)
        raise ServerUnavailable(f"PgBouncer did not listen within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, chars: int = 3000) -> str:
        log = self.root / "log"
        return log.read_text(errors="replace")[-chars:] if log.exists() else "(no log)"

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, 15)  # SIGTERM: immediate shutdown, clients are cut
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait(timeout=10)
        shutil.rmtree(self.root, ignore_errors=True)


@contextlib.contextmanager
def pgbouncer(server_url: str, *, tls: bool = True, pool_size: int = 20) -> Iterator[PgBouncer]:
    """A started PgBouncer in front of ``server_url`` for the body; ServerUnavailable where it is missing."""
    bouncer = PgBouncer(server_url, tls=tls, pool_size=pool_size)
    try:
        yield bouncer.start()
    finally:
        bouncer.stop()
