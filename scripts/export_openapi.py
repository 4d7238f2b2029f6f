"""Write the API's OpenAPI schema to the root `openapi.json`, the one source the SDK and web types come from.

    uv run python scripts/export_openapi.py            # write openapi.json
    uv run python scripts/export_openapi.py --check    # exit 1 when openapi.json differs from the app

The output is deterministic (sorted keys, two-space indent, one trailing newline), so a diff means the API
changed. Building the schema imports the app but starts nothing and connects to nothing.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = ROOT / "openapi.json"


def render_schema() -> str:
    """The live app's schema, as the exact text openapi.json must hold."""
    app = importlib.import_module("todos_api.main").app
    return json.dumps(app.openapi(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def schema_is_current(path: Path = SCHEMA_PATH) -> bool:
    return path.exists() and path.read_text(encoding="utf-8") == render_schema()


def write_schema(path: Path = SCHEMA_PATH) -> bool:
    """Write the schema; whether the file changed."""
    text = render_schema()
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


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
