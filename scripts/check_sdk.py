"""Fail when the committed contract is stale: `make test` runs this (`uv run python scripts/check_sdk.py`).

1. openapi.json must equal the schema of the app as it is now (scripts/export_openapi.py).
2. Regenerating todos_sdk/_generated from openapi.json, into a temporary directory, must give exactly the
   committed files: nobody edited generated code, and nobody forgot to regenerate.

Both failures say which command fixes them.
"""

from __future__ import annotations

import filecmp
import sys
import tempfile
from pathlib import Path

from export_openapi import schema_is_current
from generate_sdk import GENERATED_DIR, ROOT, GenerationFailed, generate_into

FIX = "run `uv run python scripts/generate_sdk.py`, then commit openapi.json and todos_sdk/_generated"
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
    for problem in problems:
        print(f"check_sdk: {problem}", file=sys.stderr)
    if not problems:
        print(
            f"check_sdk: openapi.json and {GENERATED_DIR.relative_to(ROOT)} are up to date", file=sys.stderr
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
