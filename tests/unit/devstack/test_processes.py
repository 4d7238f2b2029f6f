"""todos_devstack's long-running children: stopping one stops its whole process group; start-up fails fast
when a server exits instead of answering."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from todos_devstack.paths import free_port
from todos_devstack.processes import ServerProcess, StackError, wait_ready


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie is gone


def test_stop_ends_the_children_of_the_server_too(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    # A parent that spawns a grandchild and waits, as `npm` does with `next`.
    script = f"sleep 60 & echo $! > {pid_file}; wait"
    server = ServerProcess("sh", ["sh", "-c", script], tmp_path, os.environ, tmp_path / "sh.log").start()
    deadline = time.monotonic() + 10
    while not (pid_file.exists() and pid_file.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.01)
    child = int(pid_file.read_text())

    server.stop()

    assert server.exited()
    # The grandchild got the same SIGTERM; it may need a moment to be reaped by whoever adopted it.
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not _alive(child)


def test_wait_ready_fails_with_the_output_when_the_server_exits(tmp_path: Path) -> None:
    command = [sys.executable, "-c", "print('cannot bind'); raise SystemExit(3)"]
    server = ServerProcess("api", command, tmp_path, os.environ, tmp_path / "api.log").start()

    with pytest.raises(StackError, match="api stopped during start-up") as raised:
        wait_ready({f"http://127.0.0.1:{free_port()}/readyz": server}, timeout=30)

    assert "cannot bind" in str(raised.value)
    server.stop()
