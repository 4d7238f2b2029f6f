"""scripts/contract.py's checks (todos_devstack.contract): regenerating is deterministic, and any edit,
extra or missing file is reported."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

from todos_devstack import contract, sync_sdk


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_tree_differences_names_changed_missing_and_unexpected_files(
    tmp_path: Path,
) -> None:
    expected = write(tmp_path / "fresh", {"a.py": "A", "models/b.py": "B", "models/c.py": "C"})
    actual = write(tmp_path / "committed", {"a.py": "A", "models/b.py": "b", "models/d.py": "D"})

    assert contract.tree_differences(expected, actual) == [
        "changed: models/b.py",
        "missing: models/c.py",
        "unexpected: models/d.py",
    ]


def test_tree_differences_sees_same_size_edits_and_ignores_caches(
    tmp_path: Path,
) -> None:
    expected = write(tmp_path / "fresh", {"a.py": "x = 1"})
    actual = write(tmp_path / "committed", {"a.py": "x = 2", "__pycache__/a.cpython-313.pyc": "bytes"})

    assert contract.tree_differences(expected, actual) == ["changed: a.py"]


def test_generation_from_the_committed_schema_is_deterministic(tmp_path: Path) -> None:
    contract.generate_into(tmp_path / "first")
    contract.generate_into(tmp_path / "second")

    assert contract.tree_differences(tmp_path / "first", tmp_path / "second") == []
    assert (tmp_path / "first" / "api" / "todos" / "todos_list_todos.py").exists()


def committed_sync_sdk(destination: Path) -> Path:
    shutil.copytree(sync_sdk.SYNC_DIR, destination, ignore=shutil.ignore_patterns("__pycache__"))
    return destination


def test_sync_sdk_check_passes_on_the_committed_files(tmp_path: Path) -> None:
    assert sync_sdk.sync_sdk_differences(committed_sync_sdk(tmp_path / "_sync")) == []


def test_sync_sdk_check_fails_on_a_hand_edit(tmp_path: Path) -> None:
    committed = committed_sync_sdk(tmp_path / "_sync")
    client = committed / "client.py"
    client.write_text(client.read_text() + "# edited by hand\n")
    (committed / "extra.py").write_text("x = 1\n")

    assert sync_sdk.sync_sdk_differences(committed) == ["changed: client.py", "unexpected: extra.py"]


def test_sync_sdk_is_the_async_source_without_async(tmp_path: Path) -> None:
    sync_sdk.generate_into(tmp_path / "_sync")
    client = (tmp_path / "_sync" / "client.py").read_text()
    tree = ast.parse(client)
    asynchronous = (ast.AsyncFunctionDef, ast.Await, ast.AsyncWith, ast.AsyncFor)
    names = {
        name
        for node in ast.walk(tree)
        for name in [getattr(node, "id", None), getattr(node, "name", None)]
        if isinstance(name, str)
    }

    assert client.startswith("# generated from _async by scripts/generate_sync_sdk.py — do not edit\n")
    assert [type(node).__name__ for node in ast.walk(tree) if isinstance(node, asynchronous)] == []
    assert {"TodosClient", "BetterAuth", "SessionJWTAuth", "new_client"} <= names
    assert not {name for name in names if name.startswith("Async")}
