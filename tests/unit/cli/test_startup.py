"""Start-up cost guards: `todo` loads the SDK only for commands that call it, Rich only for terminals."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import sys
from todos_cli.main import app
sys.argv = ["todo", *sys.argv[1:]]
try:
    app()
except SystemExit:
    pass
watched = ("httpx", "keyring", "rich", "todos_sdk")
print("loaded:", *sorted(name for name in watched if name in sys.modules), file=sys.stderr)
"""


def loaded_modules(*args: str, config_dir: Path) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TODO_", "DBUS_", "PYTHON_KEYRING"))}
    env.update(TODO_CONFIG_DIR=str(config_dir), TODO_TOKEN="t0k3n")
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True, timeout=60, check=True
    )
    return result.stderr.splitlines()[-1].split()[1:]


def test_help_loads_neither_the_sdk_nor_rich(tmp_path: Path) -> None:
    assert loaded_modules("--help", config_dir=tmp_path) == []


def test_list_in_a_pipe_loads_the_sdk_but_not_rich_or_keyring(tmp_path: Path) -> None:
    # Nothing listens on port 9: the command fails fast (exit 5), after loading what a real run loads.
    urls = ["--api-url", "http://127.0.0.1:9", "--auth-url", "http://127.0.0.1:9"]

    assert loaded_modules(*urls, "list", config_dir=tmp_path) == ["httpx", "todos_sdk"]
