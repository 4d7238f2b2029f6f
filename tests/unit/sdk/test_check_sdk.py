"""scripts/check_sdk.py: regenerating is deterministic, and any edit, extra or missing file is reported."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPTS = Path(__file__).resolve().parents[3] / "scripts"


@pytest.fixture(scope="module")
def check_sdk() -> ModuleType:
    # The scripts import each other as top-level modules, the way `python scripts/check_sdk.py` runs them.
    sys.path.insert(0, str(SCRIPTS))
    try:
        return importlib.import_module("check_sdk")
    finally:
        sys.path.remove(str(SCRIPTS))


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_tree_differences_names_changed_missing_and_unexpected_files(
    check_sdk: ModuleType, tmp_path: Path
) -> None:
    expected = write(tmp_path / "fresh", {"a.py": "A", "models/b.py": "B", "models/c.py": "C"})
    actual = write(tmp_path / "committed", {"a.py": "A", "models/b.py": "b", "models/d.py": "D"})

    assert check_sdk.tree_differences(expected, actual) == [
        "changed: models/b.py",
        "missing: models/c.py",
        "unexpected: models/d.py",
    ]


def test_tree_differences_sees_same_size_edits_and_ignores_caches(
    check_sdk: ModuleType, tmp_path: Path
) -> None:
    expected = write(tmp_path / "fresh", {"a.py": "x = 1"})
    actual = write(tmp_path / "committed", {"a.py": "x = 2", "__pycache__/a.cpython-313.pyc": "bytes"})

    assert check_sdk.tree_differences(expected, actual) == ["changed: a.py"]


def test_generation_from_the_committed_schema_is_deterministic(check_sdk: ModuleType, tmp_path: Path) -> None:
    check_sdk.generate_into(tmp_path / "first")
    check_sdk.generate_into(tmp_path / "second")

    assert check_sdk.tree_differences(tmp_path / "first", tmp_path / "second") == []
    assert (tmp_path / "first" / "api" / "todos" / "todos_list_todos.py").exists()
