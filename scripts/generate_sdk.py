"""Regenerate the SDK's generated package from the API: openapi.json first, then todos_sdk/_generated.

    uv run python scripts/generate_sdk.py                  # export openapi.json from the app, regenerate
    uv run python scripts/generate_sdk.py --no-export      # regenerate from the committed openapi.json

openapi-python-client (settings in packages/sdk/openapi-python-client.yaml) writes into a temporary
directory, which then replaces packages/sdk/src/todos_sdk/_generated as a whole: that package is the
generator's, never edited by hand; the hand-written modules of todos_sdk live beside it and are never touched.
"""

from __future__ import annotations

import argparse
import sys

from todos_devstack.contract import GENERATED_DIR, SCHEMA_PATH, GenerationFailed, regenerate, write_schema
from todos_devstack.paths import ROOT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-export", action="store_true", help="use openapi.json as it is, without the app")
    args = parser.parse_args(argv)
    if not args.no_export:
        write_schema()
    try:
        regenerate()
    except GenerationFailed as err:
        print(err, file=sys.stderr)
        return 1
    print(
        f"regenerated {GENERATED_DIR.relative_to(ROOT)} from {SCHEMA_PATH.relative_to(ROOT)}", file=sys.stderr
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
