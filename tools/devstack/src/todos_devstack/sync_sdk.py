"""The blocking SDK, todos_sdk/_sync, written from the asyncio one, todos_sdk/_async
(scripts/generate_sync_sdk.py writes it, scripts/check_sdk.py checks it).

unasync (python-trio/unasync) turns `async def` into `def`, drops `await` and `async` (of `async with`,
`async for`), renames `__aenter__` → `__enter__`, `AsyncIterator` → `Iterator`, … and every name in RENAMES;
then ruff sorts the imports and formats, so that the output depends on the source only. The files are
committed: readers and type checkers see real code, and the check regenerates into a temporary directory and
fails when the committed files differ.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import unasync

from todos_devstack.contract import tree_differences
from todos_devstack.paths import ROOT

SDK_DIR = ROOT / "packages" / "sdk" / "src" / "todos_sdk"
ASYNC_DIR = SDK_DIR / "_async"
SYNC_DIR = SDK_DIR / "_sync"
HEADER = "# generated from _async by scripts/generate_sync_sdk.py — do not edit\n"
# The package docstring is the generator's own: the source's speaks of being the source.
SYNC_INIT = (
    HEADER + '"""The blocking SDK: generated from todos_sdk/_async, where its code and docs live."""\n'
)

# Token for token, asyncio name → blocking name (unasync's own list covers the dunders and typing names).
RENAMES = {
    # Ours.
    "AsyncApiKeyJWTAuth": "ApiKeyJWTAuth",
    "AsyncBetterAuth": "BetterAuth",
    "AsyncTodoChanges": "TodoChanges",
    "AsyncTodoEvents": "TodoEvents",
    "AsyncTodoReads": "TodoReads",
    "AsyncClosing": "Closing",
    "AsyncRetryTransport": "RetryTransport",
    "AsyncSessionJWTAuth": "SessionJWTAuth",
    "AsyncTodosClient": "TodosClient",
    "AsyncTodosClientWithRawResponse": "TodosClientWithRawResponse",
    "async_raise_for_error": "raise_for_error",
    "new_async_client": "new_client",
    # The pairs in todos_sdk/_twins.py.
    "AsyncLock": "Lock",
    "AsyncResponseHook": "ResponseHook",
    "AsyncSleep": "Sleep",
    # httpx.
    "AsyncBaseTransport": "BaseTransport",
    "AsyncClient": "Client",
    "AsyncHTTPTransport": "HTTPTransport",
    "aclose": "close",
    "aiter_bytes": "iter_bytes",
    "aiter_lines": "iter_lines",
    "aread": "read",
    "async_auth_flow": "sync_auth_flow",
    "handle_async_request": "handle_request",
    # The generated SDK (openapi-python-client).
    "asyncio_detailed": "sync_detailed",
    "get_async_httpx_client": "get_httpx_client",
    "set_async_httpx_client": "set_httpx_client",
    # The source imports asyncio for asyncio.sleep alone (its lock comes from _twins): time.sleep.
    "asyncio": "time",
}


def generate_into(target: Path) -> None:
    """Write the blocking modules for the current _async sources into target (created if missing)."""
    with tempfile.TemporaryDirectory(prefix="todos-unasync-") as tmp:
        source = Path(tmp) / "_async"
        shutil.copytree(ASYNC_DIR, source, ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
        rule = unasync.Rule(fromdir="/_async/", todir="/_sync/", additional_replacements=RENAMES)
        unasync.unasync_files(sorted(str(path) for path in source.glob("*.py")), [rule])
        target.mkdir(parents=True, exist_ok=True)
        target.joinpath("__init__.py").write_text(SYNC_INIT, encoding="utf-8")
        for produced in sorted((Path(tmp) / "_sync").glob("*.py")):
            text = HEADER + produced.read_text(encoding="utf-8")
            target.joinpath(produced.name).write_text(tidy(text, SYNC_DIR / produced.name), encoding="utf-8")


def tidy(source: str, path: Path) -> str:
    """ruff's fixes (import order changes with the names) and format, under the repository's configuration."""
    ruff = [sys.executable, "-m", "ruff"]
    name = str(path.relative_to(ROOT))
    # UP028 (`for x in xs: yield x` → `yield from xs`) is the one fix the blocking code needs that ruff calls
    # unsafe; an async generator cannot `yield from`, so the source cannot say it.
    fixes = ["check", "--fix", "--config", "lint.extend-safe-fixes = ['UP028']", "--exit-zero", "--quiet"]
    fixed = _run([*ruff, *fixes, "--stdin-filename", name, "-"], source)
    return _run([*ruff, "format", "--quiet", "--stdin-filename", name, "-"], fixed)


def _run(command: list[str], stdin: str) -> str:
    return subprocess.run(command, input=stdin, capture_output=True, text=True, check=True, cwd=ROOT).stdout


def sync_sdk_differences(committed: Path = SYNC_DIR) -> list[str]:
    """What in committed (todos_sdk/_sync) is not what generating from todos_sdk/_async writes now."""
    with tempfile.TemporaryDirectory(prefix="todos-sync-sdk-check-") as tmp:
        fresh = Path(tmp) / "_sync"
        generate_into(fresh)
        return tree_differences(fresh, committed)


def regenerate() -> None:
    """Replace todos_sdk/_sync with freshly generated code."""
    with tempfile.TemporaryDirectory(prefix="todos-sync-sdk-") as tmp:
        fresh = Path(tmp) / "_sync"
        generate_into(fresh)
        shutil.rmtree(SYNC_DIR, ignore_errors=True)
        shutil.copytree(fresh, SYNC_DIR)
