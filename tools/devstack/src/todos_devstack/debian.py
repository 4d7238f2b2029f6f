"""A throwaway cluster of Debian's PostgreSQL 15 binaries, for what the embedded server does not give:
``pg_stat_statements`` (which statements each request runs) and settings chosen per run.

Durability is off by default (``FAST_SETTINGS``): a throwaway cluster has nothing to lose, and a benchmark
then measures the API's own overhead rather than this machine's disk.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from todos_devstack.embedded import FAST_SETTINGS
from todos_devstack.paths import free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_USER = "postgres"
STATEMENT_STATS = {
    "shared_preload_libraries": "pg_stat_statements",
    "pg_stat_statements.track": "top",
    "pg_stat_statements.track_utility": "on",
}


class ServerUnavailable(RuntimeError):
    """No server of the requested kind can be had on this machine."""


def debian_postgres_available() -> bool:
    return (PG_BIN / "postgres").exists() and (os.geteuid() != 0 or shutil.which("runuser") is not None)


@dataclass
class DebianPostgres:
    """A private cluster on a free port (as the ``postgres`` system user under root), removed on stop()."""

    settings: Mapping[str, str] = field(default_factory=dict)
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="todos-pg15-")))
    port: int = field(default_factory=free_port)
    _listen: str = field(default="", repr=False)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def url(self) -> str:
        return f"postgresql://{PG_USER}@127.0.0.1:{self.port}/postgres"

    def _pg(self, tool: str, *args: str) -> None:
        runner = ["runuser", "-u", PG_USER, "--"] if os.geteuid() == 0 else []
        subprocess.run([*runner, str(PG_BIN / tool), *args], check=True, capture_output=True, cwd="/")

    def start(self) -> DebianPostgres:
        if not debian_postgres_available():
            raise ServerUnavailable(f"no PostgreSQL binaries in {PG_BIN} (or no runuser to run them as root)")
        if os.geteuid() == 0:
            shutil.chown(self.root, PG_USER)
        options = {**FAST_SETTINGS, **STATEMENT_STATS, **self.settings}
        flags = " ".join(f"-c {name}={value}" for name, value in options.items())
        data = str(self.data_dir)
        self._pg("initdb", "-D", data, "-A", "trust", "-U", PG_USER, "-E", "UTF8", "--no-sync")
        self._listen = f"-h 127.0.0.1 -p {self.port} -k {self.root} {flags}"
        self._start_postmaster()
        return self

    def _start_postmaster(self) -> None:
        self._pg(
            "pg_ctl",
            "-D",
            str(self.data_dir),
            "-l",
            str(self.root / "log"),
            "-w",
            "-o",
            self._listen,
            "start",
        )

    def restart(self, down_for: float = 0.0) -> None:
        """A fast shutdown (every backend ends, clients see their connections drop), ``down_for`` seconds
        with nothing listening, then the same server again on the same port: faults for bench/faults.py."""
        self._pg("pg_ctl", "-D", str(self.data_dir), "-w", "-m", "fast", "stop")
        time.sleep(down_for)
        self._start_postmaster()

    def postmaster_pid(self) -> int:
        return int((self.data_dir / "postmaster.pid").read_text().split()[0])

    def stop(self) -> None:
        if self.data_dir.exists():
            with contextlib.suppress(subprocess.CalledProcessError):  # already down: the directory still goes
                self._pg("pg_ctl", "-D", str(self.data_dir), "-w", "-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


@contextlib.contextmanager
def debian_server(settings: Mapping[str, str] | None = None) -> Iterator[str]:
    """A started DebianPostgres's URL for the body; ServerUnavailable where the binaries are missing."""
    server = DebianPostgres(settings=settings or {})
    try:
        yield server.start().url
    finally:
        server.stop()
