"""Fail when the committed contract is stale: `make test` runs this (`uv run python scripts/check_sdk.py`).

1. openapi.json must equal the schema of the app as it is now (scripts/export_openapi.py).
2. Regenerating todos_sdk/_generated from openapi.json, into a temporary directory, must give exactly the
   committed files: nobody edited generated code, and nobody forgot to regenerate.
3. Likewise todos_sdk/_sync, the blocking SDK generated from todos_sdk/_async (todos_devstack.sync_sdk).
4. Every error code of the API (ErrorCode, openapi.json's enum) has an SDK exception family, a CLI exit code
   and a web message, and no client lists a code the API lacks (todos_devstack.error_codes).

Both failures say which command fixes them.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from todos_devstack import error_codes
from todos_devstack.contract import (
    GENERATED_DIR,
    GenerationFailed,
    generate_into,
    schema_is_current,
    tree_differences,
)
from todos_devstack.paths import ROOT
from todos_devstack.sync_sdk import SYNC_DIR, sync_sdk_differences

FIX = "run `uv run python scripts/generate_sdk.py`, then commit openapi.json and todos_sdk/_generated"
SYNC_FIX = (
    "edit todos_sdk/_async, not _sync; run `uv run python scripts/generate_sync_sdk.py` and commit both"
)


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
    problems += [f"error codes drifted: {line}" for line in error_codes.check()]
    for problem in problems:
        print(f"check_sdk: {problem}", file=sys.stderr)
    if not problems:
        generated = f"{GENERATED_DIR.relative_to(ROOT)} and {SYNC_DIR.relative_to(ROOT)}"
        print(f"check_sdk: openapi.json, {generated} are up to date", file=sys.stderr)
        print("check_sdk: each API error code has an SDK family, CLI exit code, web text", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
