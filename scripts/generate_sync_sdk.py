"""Write the blocking SDK, todos_sdk/_sync, from the asyncio one, todos_sdk/_async (todos_devstack.sync_sdk).

uv run python scripts/generate_sync_sdk.py
"""

from __future__ import annotations

import sys

from todos_devstack.paths import ROOT
from todos_devstack.sync_sdk import SYNC_DIR, regenerate


def main() -> int:
    regenerate()
    print(f"generate_sync_sdk: wrote {SYNC_DIR.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
