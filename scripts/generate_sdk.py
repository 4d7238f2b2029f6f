"""Regenerate the SDK's generated package from the API: openapi.json first, then todos_sdk/_generated.

    uv run python scripts/generate_sdk.py                  # export openapi.json from the app, regenerate
    uv run python scripts/generate_sdk.py --no-export      # regenerate from the committed openapi.json

openapi-python-client (settings in packages/sdk/openapi-python-client.yaml) writes into a temporary
directory, which then replaces packages/sdk/src/todos_sdk/_generated as a whole: that package is the
generator's, never edited by hand; the hand-written modules of todos_sdk live beside it and are never touched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from export_openapi import SCHEMA_PATH, write_schema

ROOT = Path(__file__).resolve().parent.parent
SDK_DIR = ROOT / "packages" / "sdk"
CONFIG_PATH = SDK_DIR / "openapi-python-client.yaml"
GENERATED_DIR = SDK_DIR / "src" / "todos_sdk" / "_generated"
BIN_DIR = Path(sys.executable).parent


class GenerationFailed(RuntimeError):
    """openapi-python-client failed or warned; the message carries its output."""


def generate_into(output_dir: Path, schema_path: Path = SCHEMA_PATH) -> None:
    """Run the generator into output_dir (which must not exist yet); warnings count as failures."""
    command = [
        str(BIN_DIR / "openapi-python-client"),
        "generate",
        "--path",
        str(schema_path),
        "--config",
        str(CONFIG_PATH),
        "--meta",
        "none",
        "--output-path",
        str(output_dir),
        "--fail-on-warning",
    ]
    # The post-hooks run `ruff` from PATH: make it this environment's ruff, the version uv.lock pins.
    env = {**os.environ, "PATH": f"{BIN_DIR}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    if result.returncode != 0:
        raise GenerationFailed(f"openapi-python-client failed:\n{result.stdout}\n{result.stderr}")


def regenerate(schema_path: Path = SCHEMA_PATH, target: Path = GENERATED_DIR) -> None:
    """Replace target with freshly generated code (nothing changes if generation fails)."""
    with tempfile.TemporaryDirectory(prefix="todos-sdk-", dir=target.parent) as tmp:
        fresh = Path(tmp) / target.name
        generate_into(fresh, schema_path)
        shutil.rmtree(target, ignore_errors=True)
        fresh.rename(target)


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
