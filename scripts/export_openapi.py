"""Write the API's OpenAPI schema to the root `openapi.json`, the one source the SDK and web types come from.

uv run python scripts/export_openapi.py            # write openapi.json
uv run python scripts/export_openapi.py --check    # exit 1 when openapi.json differs from the app
"""

from __future__ import annotations

import argparse
import sys

from todos_devstack.contract import SCHEMA_PATH, schema_is_current, write_schema
from todos_devstack.paths import ROOT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that openapi.json is up to date")
    args = parser.parse_args(argv)
    if args.check:
        if schema_is_current():
            return 0
        print(
            "openapi.json differs from the app's schema: run `uv run python scripts/generate_sdk.py`.",
            file=sys.stderr,
        )
        return 1
    changed = write_schema()
    print(f"{SCHEMA_PATH.relative_to(ROOT)} {'updated' if changed else 'unchanged'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
