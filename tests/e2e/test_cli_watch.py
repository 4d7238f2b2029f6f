"""`todo watch` end to end: the real console script sees writes made by another client of the same account
(through Better Auth and the API, as the web app makes them), and Ctrl-C ends it with exit 0."""

from __future__ import annotations

import json
import queue
import secrets
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

from todos_devstack.stack import Stack

from tests.support.cli_process import TODO, TodoCli

PASSWORD = "correct horse battery staple"


def _lines(process: subprocess.Popen[str]) -> queue.Queue[str]:
    """stdout's lines as they come, read by a thread (so that the test can wait with a timeout)."""
    found: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            found.put(line)

    threading.Thread(target=read, daemon=True).start()
    return found


def _next_change(lines: queue.Queue[str], timeout: float = 15.0) -> dict[str, Any]:
    change: dict[str, Any] = json.loads(lines.get(timeout=timeout))
    return change


def test_watch_sees_another_clients_edits_and_ctrl_c_exits_zero(stack: Stack, tmp_path: Path) -> None:
    cli = TodoCli(tmp_path / "alice", api_url=stack.api_url, auth_url=stack.web_url)
    email = f"watch-{secrets.token_hex(6)}@example.com"
    assert cli("signup", "--email", email, "--password-stdin", input=f"{PASSWORD}\n").returncode == 0
    # The other client: a second session of the same account, as a browser tab would hold.
    other = TodoCli(tmp_path / "alice-web", api_url=stack.api_url, auth_url=stack.web_url)
    login = other("login", "--email", email, "--password-stdin", input=f"{PASSWORD}\n")
    assert login.returncode == 0, login.stderr
    watcher = subprocess.Popen(
        [str(TODO), "watch", "--json"],
        env=cli.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        lines = _lines(watcher)
        time.sleep(2.0)  # the stream starts at "now": let it open before the first write

        adding = other("add", "Seen live", "--json")
        assert adding.returncode == 0, adding.stderr
        added = json.loads(adding.stdout)
        created = _next_change(lines)
        assert other("edit", str(added["id"]), "--title", "Renamed elsewhere").returncode == 0
        renamed = _next_change(lines)
        assert other("rm", str(added["id"]), "--yes").returncode == 0
        trashed = _next_change(lines)

        watcher.send_signal(signal.SIGINT)
        assert watcher.wait(timeout=10) == 0
    finally:
        if watcher.poll() is None:
            watcher.kill()
            watcher.wait()

    assert (created["id"], created["todo"]["title"], created["deleted_at"]) == (
        added["id"],
        "Seen live",
        None,
    )
    assert renamed["todo"]["title"] == "Renamed elsewhere"
    assert (trashed["id"], trashed["permanent"]) == (added["id"], False) and trashed["deleted_at"]
