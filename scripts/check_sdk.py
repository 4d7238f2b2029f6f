"""Fail when the committed contract is stale: `make test` runs this (`uv run python scripts/check_sdk.py`).

1. openapi.json must equal the schema of the app as it is now (scripts/export_openapi.py).
2. Regenerating todos_sdk/_generated from openapi.json, into a temporary directory, must give exactly the
   committed files: nobody edited generated code, and nobody forgot to regenerate.

Both failures say which command fixes them.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from todos_devstack.contract import (
    GENERATED_DIR,
    GenerationFailed,
    generate_into,
    schema_is_current,
    tree_differences,
)
from todos_devstack.paths import ROOT

FIX = "run `uv run python scripts/generate_sdk.py`, then commit openapi.json and todos_sdk/_generated"


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
