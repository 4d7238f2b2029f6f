"""Fail when the committed contract is stale: `make test` runs this (`uv run python scripts/check_sdk.py`).

1. openapi.json must equal the schema of the app as it is now (scripts/export_openapi.py).
2. Regenerating todos_sdk/_generated from openapi.json, into a temporary directory, must give exactly the
   committed files: nobody edited generated code, and nobody forgot to regenerate.
3. Likewise todos_sdk/_sync, the blocking SDK generated from todos_sdk/_async (scripts/generate_sync_sdk.py).

Each failure says which command fixes it.
"""

from __future__ import annotations

import filecmp
import sys
import tempfile
from pathlib import Path

from export_openapi import schema_is_current
from generate_sdk import GENERATED_DIR, ROOT, GenerationFailed, generate_into
from generate_sync_sdk import SYNC_DIR
from generate_sync_sdk import generate_into as generate_sync_into

FIX = "run `uv run python scripts/generate_sdk.py`, then commit openapi.json and todos_sdk/_generated"
SYNC_FIX = (
    "edit todos_sdk/_async, not _sync; run `uv run python scripts/generate_sync_sdk.py` and commit both"
)
# Produced by running the code or the tools, never by the generator.
IGNORED = {"__pycache__", ".ruff_cache", ".mypy_cache"}


def tree_differences(expected: Path, actual: Path) -> list[str]:
    """Paths (relative to the trees) that are missing, extra or different in actual."""
    differences: list[str] = []

    def walk(comparison: filecmp.dircmp[str], prefix: str) -> None:
        differences.extend(f"missing: {prefix}{name}" for name in comparison.left_only)
        differences.extend(f"unexpected: {prefix}{name}" for name in comparison.right_only)
        differences.extend(f"changed: {prefix}{name}" for name in comparison.funny_files)
        # dircmp trusts equal size and mtime; compare every common file's contents instead.
        _, mismatch, errors = filecmp.cmpfiles(
            comparison.left, comparison.right, comparison.common_files, shallow=False
        )
        differences.extend(f"changed: {prefix}{name}" for name in [*mismatch, *errors])
        for name, sub in sorted(comparison.subdirs.items()):
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(expected, actual, ignore=sorted(IGNORED)), "")
    return sorted(differences)


def sync_sdk_differences(committed: Path = SYNC_DIR) -> list[str]:
    """What in committed (todos_sdk/_sync) is not what generating from todos_sdk/_async writes now."""
    with tempfile.TemporaryDirectory(prefix="todos-sync-sdk-check-") as tmp:
        fresh = Path(tmp) / "_sync"
        generate_sync_into(fresh)
        return tree_differences(fresh, committed)


def main() -> int:
    problems: list[str] = []
    if not schema_is_current():
        problems.append(f"openapi.json differs from the app's live schema: {FIX}.")
    with tempfile.TemporaryDirectory(prefix="todos-sdk-check-") as tmp:
        fresh = Path(tmp) / "_generated"
        try:
            generate_into(fresh)
        except GenerationFailed as err:
            problems.append(str(err))
        else:
            if differences := tree_differences(fresh, GENERATED_DIR):
                listed = "\n  ".join(differences[:20])
                problems.append(f"the generated SDK is not what openapi.json generates ({FIX}):\n  {listed}")
    if differences := sync_sdk_differences():
        listed = "\n  ".join(differences[:20])
        problems.append(f"the blocking SDK is not what todos_sdk/_async generates ({SYNC_FIX}):\n  {listed}")
    for problem in problems:
        print(f"check_sdk: {problem}", file=sys.stderr)
    if not problems:
        generated = f"{GENERATED_DIR.relative_to(ROOT)} and {SYNC_DIR.relative_to(ROOT)}"
        print(f"check_sdk: openapi.json, {generated} are up to date", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
