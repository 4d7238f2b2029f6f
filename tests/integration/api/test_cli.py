"""`todos-api migrate` and `todos-api serve` as real processes."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from todos_devstack.embedded import stop_embedded_postgres

TODOS_API = str(Path(sys.executable).parent / "todos-api")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


# Start-up deadline, not what these tests assert: two uvicorn workers importing the app on a loaded 2-core
# machine (make test runs three pytest sessions at once) took over 30 s.
def _wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "todos-api serve exited early"
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} never answered 200")


def test_migrate_then_serve_answers_and_stops_on_sigterm(database_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    migrate = subprocess.run([TODOS_API, "migrate"], env=env, capture_output=True, text=True, timeout=60)
    assert migrate.returncode == 0, migrate.stderr
    assert "up to date" in migrate.stderr
    port = _free_port()
    command = [TODOS_API, "serve", "--port", str(port), "--workers", "2", "--no-access-log"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_ready(f"http://127.0.0.1:{port}/readyz", process)
        unauthenticated = httpx.get(f"http://127.0.0.1:{port}/api/v1/todos", timeout=5)
        assert unauthenticated.status_code == 401
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) in (0, 128 + signal.SIGTERM)


def test_serve_without_database_url_runs_and_stops_the_embedded_postgres() -> None:
    # Not pytest's tmp_path: concurrent pytest runs reset its parent to mode 0700, which the server's
    # unprivileged user (when we are root) cannot traverse.
    tmp_path = Path(tempfile.mkdtemp(prefix="todos-serve-"))
    (tmp_path / "uv.lock").write_text("")  # marks tmp_path as the repository root
    data_dir = tmp_path / ".data" / "postgres"
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    port = _free_port()
    command = [TODOS_API, "serve", "--port", str(port), "--no-access-log"]
    process = subprocess.Popen(
        command, env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        _wait_ready(f"http://127.0.0.1:{port}/readyz", process, timeout=60)
        assert (data_dir / "postmaster.pid").exists()
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    try:
        assert not (data_dir / "postmaster.pid").exists(), "serve left its embedded PostgreSQL running"
    finally:
        stop_embedded_postgres(data_dir)
        shutil.rmtree(tmp_path, ignore_errors=True)


def test_migrate_with_unreachable_database_says_so_in_one_line() -> None:
    env = {**os.environ, "DATABASE_URL": f"postgresql://postgres@127.0.0.1:{_free_port()}/postgres"}
    result = subprocess.run([TODOS_API, "migrate"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("todos-api: ") and "Traceback" not in result.stderr
