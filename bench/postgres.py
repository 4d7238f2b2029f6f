"""A throwaway PostgreSQL cluster for one benchmark run (Debian's PostgreSQL 15 binaries).

The benchmark needs two things the embedded server of the tests does not give: ``pg_stat_statements`` (to show
which statements each request runs) and control over durability settings. ``fsync`` and
``synchronous_commit`` are off so that POST measures the API's own overhead rather than this machine's disk:
both implementations commit the same rows, so the disk would only narrow the gap between them.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bench.net import free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_USER = "postgres"


def debian_postgres_available() -> bool:
    return (PG_BIN / "postgres").exists() and shutil.which("runuser") is not None


@dataclass
class ThrowawayPostgres:
    """A private cluster on a free port, owned by the `postgres` system user, removed on stop()."""

    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="todos-bench-pg-")))
    port: int = field(default_factory=free_port)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def url(self) -> str:
        return f"postgresql://{PG_USER}@127.0.0.1:{self.port}/postgres"

    def _as_postgres(self, *args: str) -> None:
        subprocess.run(
            ["runuser", "-u", PG_USER, "--", *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def start(self) -> ThrowawayPostgres:
        shutil.chown(self.root, PG_USER)
        self._as_postgres(
            str(PG_BIN / "initdb"), "-D", str(self.data_dir), "-A", "trust", "-U", PG_USER, "-E", "UTF8"
        )
        options = " ".join(
            [
                f"-h 127.0.0.1 -p {self.port} -k {self.root}",
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                "-c max_connections=200 -c shared_buffers=128MB",
                "-c shared_preload_libraries=pg_stat_statements",
                "-c pg_stat_statements.track=top -c pg_stat_statements.track_utility=on",
            ]
        )
        log = str(self.root / "log")
        self._as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data_dir), "-l", log, "-w", "-o", options, "start"
        )
        return self

    def postmaster_pid(self) -> int:
        return int((self.data_dir / "postmaster.pid").read_text().split()[0])

    def stop(self) -> None:
        if self.data_dir.exists():
            try:
                self._as_postgres(
                    str(PG_BIN / "pg_ctl"), "-D", str(self.data_dir), "-w", "-m", "immediate", "stop"
                )
            except subprocess.CalledProcessError:
                pass  # already down: nothing to stop, the directory still goes
        shutil.rmtree(self.root, ignore_errors=True)
