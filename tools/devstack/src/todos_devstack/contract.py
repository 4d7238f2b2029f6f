"""The committed contract: the root openapi.json (the API's schema) and todos_sdk/_generated (generated from
it by openapi-python-client, never edited by hand). scripts/export_openapi.py, generate_sdk.py and
check_sdk.py are the commands over these functions.

The schema text is deterministic (sorted keys, two-space indent, one trailing newline), so a diff means the
API changed. Building it imports the app but starts nothing and connects to nothing.
"""

from __future__ import annotations

import filecmp
import importlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from todos_devstack.paths import BIN_DIR, ROOT

SCHEMA_PATH = ROOT / "openapi.json"
SDK_DIR = ROOT / "packages" / "sdk"
CONFIG_PATH = SDK_DIR / "openapi-python-client.yaml"
GENERATED_DIR = SDK_DIR / "src" / "todos_sdk" / "_generated"
# Produced by running the code or the tools, never by the generator.
IGNORED = {"__pycache__", ".ruff_cache", ".mypy_cache"}


class GenerationFailed(RuntimeError):
    """openapi-python-client failed or warned; the message carries its output."""


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
