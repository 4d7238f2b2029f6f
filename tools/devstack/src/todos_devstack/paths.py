"""Where things are: the repository (this package is installed editable from tools/devstack), the web app,
this environment's console scripts; and free TCP ports."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
WEB_DIR = ROOT / "packages" / "web"
DATA_DIR = ROOT / ".data"
# The console scripts (todos-api, openapi-python-client) of the environment running us, not those on PATH.
BIN_DIR = Path(sys.executable).parent


def free_port() -> int:
    """A port the OS just handed out: other worktrees and agents share this machine, so never a fixed one."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
