"""scripts/contract.py's checks (todos_devstack.contract): regenerating is deterministic, and any edit,
extra or missing file is reported."""

from __future__ import annotations

from pathlib import Path

from todos_devstack import contract


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
