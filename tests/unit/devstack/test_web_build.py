"""todos_devstack's one stale-build rule: the web build is stale when a build input's content changes."""

from __future__ import annotations

import os
from pathlib import Path

from todos_devstack.web_build import web_build_inputs_hash


def _web_app(root: Path) -> Path:
    (root / "app").mkdir(parents=True)
    (root / "app" / "page.tsx").write_text("export default function Page() {}\n")
    (root / "next.config.ts").write_text("export default {};\n")
    return root


def test_inputs_hash_ignores_file_dates(tmp_path: Path) -> None:
    web = _web_app(tmp_path / "web")
    before = web_build_inputs_hash(web)

    os.utime(web / "app" / "page.tsx", (0, 0))

    assert web_build_inputs_hash(web) == before


def test_inputs_hash_changes_when_a_source_changes(tmp_path: Path) -> None:
    web = _web_app(tmp_path / "web")
    before = web_build_inputs_hash(web)

    (web / "app" / "page.tsx").write_text("export default function Page() { return null; }\n")

    assert web_build_inputs_hash(web) != before


def test_inputs_hash_changes_when_a_source_is_renamed(tmp_path: Path) -> None:
    web = _web_app(tmp_path / "web")
    before = web_build_inputs_hash(web)

    (web / "app" / "page.tsx").rename(web / "app" / "layout.tsx")

    assert web_build_inputs_hash(web) != before


def test_inputs_hash_ignores_files_that_are_not_build_inputs(tmp_path: Path) -> None:
    web = _web_app(tmp_path / "web")
    before = web_build_inputs_hash(web)

    (web / "README.md").write_text("notes\n")

    assert web_build_inputs_hash(web) == before
