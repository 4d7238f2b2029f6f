"""The one rule for a stale web build: `next build` again when the content of any build input changed.

Content, not file dates: a checkout, a `git stash` or an editor's save-without-change moves dates without
changing what the build would produce, and a clock skew can hide a real change.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from todos_devstack.paths import WEB_DIR
from todos_devstack.processes import StackError, run_step

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


def web_build_inputs_hash(web_dir: Path = WEB_DIR) -> str:
    digest = hashlib.sha256()
    for name in WEB_BUILD_INPUTS:
        path = web_dir / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.exists():
                digest.update(str(file.relative_to(web_dir)).encode())
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


def ensure_web_build(say: Callable[[str], None] = lambda _message: None) -> None:
    """`next build` when the build is missing or stale; otherwise nothing."""
    if not (WEB_DIR / "node_modules").exists():
        raise StackError("packages/web/node_modules is missing: run `npm ci` there (make install does).")
    # Concurrent test processes (pytest-xdist) and `make run` must not build into the same .next at once.
    with _file_lock(WEB_DIR / "node_modules" / ".todos-build.lock"):
        wanted = web_build_inputs_hash()
        built = (WEB_DIR / ".next" / "BUILD_ID").exists() and BUILD_HASH_FILE.exists()
        if built and BUILD_HASH_FILE.read_text() == wanted:
            return
        say("Building the web app (next build; about a minute the first time)…")
        env = {**os.environ, "NEXT_TELEMETRY_DISABLED": "1", "NODE_ENV": "production"}
        run_step(["npm", "run", "build"], WEB_DIR, env)
        BUILD_HASH_FILE.write_text(wanted)
