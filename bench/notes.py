"""The environment line of the API benchmark's report: when, which commit, which machine and tools."""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
from datetime import UTC, datetime

from todos_devstack.paths import ROOT as REPO_ROOT
from todos_devstack.pgbouncer import PGBOUNCER as PGBOUNCER_BINARY

from bench.implementations import POOL_SIZE
from bench.wrk import WRK


def environment_notes(args: argparse.Namespace) -> list[str]:
    wrk_version = subprocess.run([WRK, "--version"], capture_output=True, text=True).stdout.splitlines()
    git = ["git", "-C", str(REPO_ROOT)]
    commit = subprocess.run(
        [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        [*git, "status", "--porcelain", "packages/api"], capture_output=True, text=True
    ).stdout
    source = f"todos_api from {args.real_src}" if args.real_src else "todos_api as installed (editable)"
    return [
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit or '?'}"
        f"{' with uncommitted changes in packages/api' if dirty.strip() else ''}; {source}",
        f"{os.cpu_count()} CPUs shared with other work (load average at start: {os.getloadavg()[0]:.2f}); "
        f"Python {platform.python_version()}, {wrk_version[0] if wrk_version else 'wrk'}, PostgreSQL 15 "
        "(fsync off), everything on one host over loopback",
        f"data: {args.users} users with a live session, {args.todos_per_user} todos each; "
        "EdDSA JWTs with `sid`; "
        f"both servers: 1 uvicorn worker, uvloop + httptools, no access log, pool of {POOL_SIZE} connections"
        + (
            f"; `--pgbouncer`: PgBouncer {_pgbouncer_version()} in transaction mode, pool of {POOL_SIZE} "
            "server connections, plain TCP, `DB_STATEMENT_CACHE_SIZE=0`"
            if args.pgbouncer
            else ""
        ),
    ]


def _pgbouncer_version() -> str:
    out = subprocess.run([str(PGBOUNCER_BINARY), "--version"], capture_output=True, text=True).stdout.split()
    return out[1] if len(out) > 1 else "?"
