"""`todo login` (device flow), `todo keys` and TODO_API_KEY, and `todo edit`'s If-Match, end to end: the real
console script against PostgreSQL, Better Auth (next start), the API and the real /device page in Chromium."""

from __future__ import annotations

import json
import re
import secrets
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect
from todos_cli.exit_codes import ExitCode
from todos_devstack.better_auth import Account
from todos_devstack.databases import execute_sql
from todos_devstack.stack import Stack

from tests.support.cli_process import TODO, TodoCli
from tests.support.meddling_proxy import meddling_proxy

PASSWORD = "correct horse battery staple"


@pytest.fixture
def cli(stack: Stack, tmp_path: Path) -> TodoCli:
    return TodoCli(tmp_path / "me", api_url=stack.api_url, auth_url=stack.web_url)


class PendingLogin:
    """`todo login --no-open` running in the background, its code and link read from its stderr."""

    def __init__(self, cli: TodoCli) -> None:
        self.process = subprocess.Popen(
            [str(TODO), "login", "--no-open"],
            env=cli.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        assert self.process.stderr is not None
        self.printed: list[str] = []
        while not (link := re.search(r"Approve this sign-in at (\S+)", "\n".join(self.printed))):
            line = self.process.stderr.readline()
            assert line, f"todo login ended early: {self.printed}"
            self.printed.append(line.rstrip("\n"))
        self.link = link.group(1)
        code = re.search(r"Your one-time code: (\w{4})-(\w{4})", "\n".join(self.printed))
        assert code, self.printed
        self.user_code = code.group(1) + code.group(2)

    def finish(self) -> tuple[int, str]:
        _, rest = self.process.communicate(timeout=120)
        return self.process.returncode, rest


@pytest.fixture
def pending(cli: TodoCli) -> Iterator[PendingLogin]:
    login = PendingLogin(cli)
    yield login
    if login.process.poll() is None:
        login.process.kill()
        login.process.wait()


def answer_in_browser(page: Page, login: PendingLogin, account: Account, button: str) -> None:
    """The person opens the printed link, signs in, and presses Approve or Deny on /device."""
    page.goto(login.link)
    page.get_by_label("Email").fill(account.email)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/device\?user_code="))
    page.get_by_role("button", name=button).click()


def test_device_login_approved_in_chromium_then_list_works(
    cli: TodoCli, pending: PendingLogin, page: Page, account: Account
) -> None:
    assert pending.link.endswith(f"/device?user_code={pending.user_code}")

    answer_in_browser(page, pending, account, "Approve")
    exit_code, printed = pending.finish()

    assert exit_code == 0, printed
    assert f"Signed in as {account.email}" in printed
    assert cli("add", "From the terminal").returncode == 0
    listed = cli("list")
    assert listed.returncode == 0, listed.stderr
    assert "From the terminal" in listed.stdout


def test_device_login_denied_exits_login_denied(pending: PendingLogin, page: Page, account: Account) -> None:
    answer_in_browser(page, pending, account, "Deny")
    exit_code, printed = pending.finish()

    assert exit_code == ExitCode.LOGIN_DENIED
    assert printed.strip().splitlines()[-1] == "error: the sign-in was denied in the browser"


def test_device_login_expired_code_exits_login_expired(pending: PendingLogin, stack: Stack) -> None:
    execute_sql(
        stack.database_url,
        f"""UPDATE "deviceCode" SET "expiresAt" = now() - interval '1 second'
            WHERE "userCode" = '{pending.user_code}'""",
    )
    exit_code, printed = pending.finish()

    assert exit_code == ExitCode.LOGIN_EXPIRED
    assert "the code expired before it was approved" in printed


def test_device_login_unknown_code_exits_login_invalid(pending: PendingLogin, stack: Stack) -> None:
    execute_sql(stack.database_url, f"""DELETE FROM "deviceCode" WHERE "userCode" = '{pending.user_code}'""")
    exit_code, printed = pending.finish()

    assert exit_code == ExitCode.LOGIN_INVALID
    assert "does not know this code" in printed


def signed_up(cli: TodoCli) -> None:
    email = f"cli-{secrets.token_hex(6)}@example.com"
    result = cli("signup", "--email", email, "--password-stdin", input=f"{PASSWORD}\n")
    assert result.returncode == 0, result.stderr


def test_api_key_created_used_by_todo_api_key_then_revoked_is_refused(cli: TodoCli, tmp_path: Path) -> None:
    signed_up(cli)
    created = cli("keys", "create", "nightly", "--json", "id,key")
    assert created.returncode == 0, created.stderr
    key = json.loads(created.stdout)
    assert key["key"].startswith("todo_")
    # A machine with no stored session at all: the key is its only credential.
    robot = replace(cli, config_dir=tmp_path / "robot", extra_env={"TODO_API_KEY": key["key"]})
    assert robot("add", "Backed up").returncode == 0
    assert "Backed up" in robot("list").stdout
    listed = json.loads(cli("keys", "list", "--json").stdout)
    assert [entry["name"] for entry in listed] == ["nightly"]
    assert listed[0]["last_used_at"] is not None and key["key"] not in cli("keys", "list").stdout

    assert cli("keys", "revoke", key["id"], "--yes").returncode == 0

    refused = robot("list")
    assert refused.returncode == ExitCode.NOT_SIGNED_IN
    assert refused.stderr == "error: the API key (TODO_API_KEY) is invalid, revoked or expired\n"


def test_edit_after_a_concurrent_change_exits_changed_elsewhere(cli: TodoCli, stack: Stack) -> None:
    signed_up(cli)
    task = json.loads(cli("add", "Call Bob", "--json").stdout)
    path = f"/api/v1/todos/{task['id']}"
    meddled: list[int] = []

    def someone_else_edits_first(method: str, request_path: str, headers: dict[str, str]) -> None:
        if method == "PUT" and request_path == path and not meddled:
            bearer = {"Authorization": headers["Authorization"]}
            answer = httpx.put(f"{stack.api_url}{path}", json={"title": "Call Carol"}, headers=bearer)
            meddled.append(answer.status_code)

    with meddling_proxy(stack.api_url, someone_else_edits_first) as proxy_url:
        through_proxy = replace(cli, api_url=proxy_url)
        refused = through_proxy("edit", str(task["id"]), "--title", "Call Alice")
        forced = through_proxy("edit", str(task["id"]), "--title", "Call Alice", "--force")

    assert meddled == [200]
    assert refused.returncode == ExitCode.CHANGED_ELSEWHERE, refused.stderr
    assert refused.stderr.startswith(f"error: task {task['id']} changed elsewhere (now 'Call Carol')")
    assert forced.returncode == 0, forced.stderr
    assert json.loads(cli("show", str(task["id"]), "--json").stdout)["title"] == "Call Alice"
