"""The API's folders are its layers, and its imports say so (docs/architecture.md, "The API's layers").

Read from the source with ``ast`` (nothing is imported), so an import inside a function counts as much as one
at the top of a module.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from todos_devstack.paths import ROOT

PACKAGE = ROOT / "packages" / "api" / "src" / "todos_api"
# Who else imports the API's modules, and is held to the same rule about private names.
OUTSIDE = [ROOT / name for name in ("packages/api/migrations", "tests", "bench", "scripts", "tools")]
# Each folder may import its own modules and those of folders on a LOWER rank, never a higher or an equal one:
# http -> todos, feed -> db, auth -> model, core. "entry" is the top level: main.py (the app) and cli.py.
RANKS = {
    "core": 0,
    "model": 0,
    "due": 0,
    "filters": 0,
    "db": 1,
    "auth": 1,
    "todos": 2,
    "feed": 2,
    "http": 3,
    "entry": 4,
}


def _modules(root: Path) -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(root.rglob("*.py")):
        if ".venv" not in path.parts and "node_modules" not in path.parts:
            yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(tree: ast.Module) -> Iterator[tuple[int, str, list[ast.alias]]]:
    """(line, module, the names taken from it) of every import statement, at any depth."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, []
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module, node.names


def _folder(module: str) -> str:
    """The layer of a ``todos_api`` module: its folder under the package, or "entry" for a top-level file."""
    parts = module.split(".")
    if len(parts) > 1 and (PACKAGE / parts[1]).is_dir():
        return parts[1]
    return "entry"


def _is_module(dotted: str) -> bool:
    path = PACKAGE.parent.joinpath(*dotted.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def test_every_folder_of_the_package_has_a_rank() -> None:
    folders = {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").exists()}

    assert folders == set(RANKS) - {"entry"}


def test_api_never_imports_the_dev_package() -> None:
    # todos-devstack depends on todos-api: the other way round would put the dev tooling (and the embedded
    # PostgreSQL's binaries) under the service. The embedded database reaches the API through the entry-point
    # group of db/provider.py instead, so not even a string may name the dev package.
    found = []
    for path, tree in _modules(PACKAGE):
        found += [f"{path.name}:{line} imports {module}" for line, module, _ in _imported(tree)]
        found += [
            f"{path.name}:{node.lineno} names {node.value!r}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and "todos_devstack" in str(node.value)
        ]

    assert not [entry for entry in found if "todos_devstack" in entry]


def test_imports_run_down_the_layers() -> None:
    upward = []
    for path, tree in _modules(PACKAGE):
        source = _module_name(path)
        for line, module, names in _imported(tree):
            if module != "todos_api" and not module.startswith("todos_api."):
                continue
            # `from todos_api.db import queries` imports the module todos_api.db.queries.
            targets = [f"{module}.{a.name}" for a in names if _is_module(f"{module}.{a.name}")] or [module]
            for target in targets:
                mine, theirs = _folder(source), _folder(target)
                if mine != theirs and RANKS[theirs] >= RANKS[mine]:
                    upward.append(f"{source}:{line} ({mine}) imports {target} ({theirs})")

    assert not upward


@pytest.mark.parametrize("root", [PACKAGE, *OUTSIDE], ids=lambda root: root.name)
def test_no_module_imports_a_private_name_of_another(root: Path) -> None:
    # A name with a leading underscore is its module's own business: what another module needs is made
    # public (and then kept stable) or moved to where it is used.
    private = []
    for path, tree in _modules(root):
        modules = set()
        for line, module, names in _imported(tree):
            if not module.startswith("todos_api"):
                continue
            private += [f"{path}:{line} {module}.{a.name}" for a in names if a.name.startswith("_")]
            modules |= {a.asname or a.name for a in names if _is_module(f"{module}.{a.name}")}
        private += [
            f"{path}:{node.lineno} {node.value.id}.{node.attr}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ]

    assert not private
