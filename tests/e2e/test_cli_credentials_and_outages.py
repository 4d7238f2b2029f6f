"""`todo whoami` with TODO_API_KEY, and `todo watch` while the API is down, end to end: the real console
script against PostgreSQL, Better Auth (next start) and the API, the API cut off by a TCP switch. Also the
device approval over plain HTTP that docs/sign-in-flows.md spells out (claim, then approve)."""

from __future__ import annotations

import json
import queue
import secrets
import signal
import subprocess
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

import pytest
from todos_cli.exit_codes import ExitCode
from todos_devstack.better_auth import Account, BetterAuthClient
from todos_devstack.paths import free_port
from todos_devstack.stack import Stack

from tests.support.cli_process import TODO, TodoCli
from tests.support.device_flow import poll_until_answered, request_device_code
from tests.support.tcp_switch import TcpSwitch

PASSWORD = "correct horse battery staple"


@pytest.fixture
def cli(stack: Stack, tmp_path: Path) -> TodoCli:
    """A signed-up user's `todo`, its session stored in its own config dir."""
    me = TodoCli(tmp_path / "me", api_url=stack.api_url, auth_url=stack.web_url)
    email = f"creds-{secrets.token_hex(6)}@example.com"
    result = me("signup", "--email", email, "--password-stdin", input=f"{PASSWORD}\n")
    assert result.returncode == 0, result.stderr
    return me


class Watcher:
    """`todo watch --json …` in the background, its stdout and stderr read line by line as they come."""

    def __init__(self, cli: TodoCli, *args: str) -> None:
        self.process = subprocess.Popen(
            [str(TODO), "watch", "--json", *args],
            env=cli.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self.stdout: queue.Queue[str] = queue.Queue()
        self.stderr: list[str] = []
        self._stderr_lines: queue.Queue[str] = queue.Queue()
        for stream, lines in ((self.process.stdout, self.stdout), (self.process.stderr, self._stderr_lines)):
            threading.Thread(target=_read_lines, args=(stream, lines), daemon=True).start()

    def wait_for_stderr(self, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not any(text in line for line in self.stderr):
            self.stderr.append(self._stderr_lines.get(timeout=max(deadline - time.monotonic(), 0.01)))

    def finish(self, timeout: float) -> int:
        code = self.process.wait(timeout=timeout)
        time.sleep(0.2)  # the reader threads take the last lines
        while not self._stderr_lines.empty():
            self.stderr.append(self._stderr_lines.get())
        return code

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def _read_lines(stream: IO[str] | None, lines: queue.Queue[str]) -> None:
    assert stream is not None
    for line in stream:
        lines.put(line)


def test_whoami_with_only_todo_api_key_names_the_key_and_its_user(cli: TodoCli, tmp_path: Path) -> None:
    created = cli("keys", "create", "ci", "--json", "key")
    assert created.returncode == 0, created.stderr
    key = json.loads(created.stdout)["key"]
    # A machine with no stored session: the key is its only credential, and whoami says so.
    robot = replace(cli, config_dir=tmp_path / "robot", extra_env={"TODO_API_KEY": key})

    plain = robot("whoami")
    as_json = robot("whoami", "--json")

    session_email = json.loads(cli("whoami", "--json").stdout)["user"]["email"]
    assert plain.returncode == 0, plain.stderr
    assert "not signed in" not in plain.stderr
    assert plain.stdout.startswith(session_email)
    assert f"the API key {key[:6]}… from TODO_API_KEY" in plain.stderr
    report = json.loads(as_json.stdout)
    assert (report["credential"], report["user"]["email"]) == ("TODO_API_KEY", session_email)
    assert key not in plain.stdout + plain.stderr + as_json.stdout


def test_whoami_json_does_not_print_the_session_token(cli: TodoCli) -> None:
    token = (cli.config_dir / "session-token").read_text().strip()

    result = cli("whoami", "--json")

    assert result.returncode == 0, result.stderr
    assert token not in result.stdout
    assert json.loads(result.stdout)["credential"] == "stored_session"


def test_watch_with_the_api_down_says_reconnecting_once_and_exits_unavailable_at_its_timeout(
    cli: TodoCli,
) -> None:
    cli.extra_env["TODO_API_URL"] = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    started = time.monotonic()

    watcher = Watcher(cli, "--timeout", "4")
    try:
        code = watcher.finish(timeout=30)
    finally:
        watcher.kill()

    took = time.monotonic() - started
    assert code == ExitCode.UNAVAILABLE, watcher.stderr
    assert sum("reconnecting…" in line for line in watcher.stderr) == 1, watcher.stderr
    assert watcher.stderr[-1].endswith("gave up after 4 s without the API (--timeout)\n")
    assert 4 <= took < 15


def test_watch_says_reconnecting_while_the_api_is_cut_off_then_resumes_without_missing_a_change(
    cli: TodoCli, stack: Stack
) -> None:
    switch = TcpSwitch(upstream_port=urlsplit(stack.api_url).port or 80)
    switch.on()
    watcher = Watcher(replace(cli, api_url=switch.url))
    try:
        # The stream starts at "now": wait for its first frame (its starting position) before the cut.
        switch.wait_for_answer(b"id: ", timeout=30)
        switch.off()
        watcher.wait_for_stderr("reconnecting…", timeout=15)
        # Written while the watcher cannot reach the API: it must come after the reconnection.
        added = cli("add", "Written during the outage", "--json")
        assert added.returncode == 0, added.stderr
        switch.on()

        change = json.loads(watcher.stdout.get(timeout=30))
        watcher.process.send_signal(signal.SIGINT)
        code = watcher.finish(timeout=10)
    finally:
        watcher.kill()
        switch.off()

    assert code == 0
    assert change["todo"]["title"] == "Written during the outage"
    assert sum("reconnecting…" in line for line in watcher.stderr) == 1, watcher.stderr


def test_device_code_approved_over_http_needs_the_claim_step_first(
    better_auth: BetterAuthClient, account: Account
) -> None:
    """docs/sign-in-flows.md's approval without a browser: claim with GET /device, then approve."""
    code = request_device_code(better_auth.http)
    bearer = {"Authorization": f"Bearer {account.session_token}"}

    unclaimed = better_auth.http.post("/device/approve", json={"userCode": code.user_code}, headers=bearer)
    claimed = better_auth.http.get("/device", params={"user_code": code.user_code}, headers=bearer)
    approved = better_auth.http.post("/device/approve", json={"userCode": code.user_code}, headers=bearer)
    answer = poll_until_answered(better_auth.http, code)

    assert unclaimed.status_code == 400, unclaimed.text
    assert "GET /device" in unclaimed.json()["error_description"]
    assert claimed.status_code == 200, claimed.text
    assert (claimed.json()["status"], claimed.json()["client_id"]) == ("pending", "todo-cli")
    assert (approved.status_code, approved.json()) == (200, {"success": True})
    assert answer.status_code == 200, answer.text
    assert better_auth.token(answer.json()["access_token"])
