"""`todo` end to end: the real console script against PostgreSQL, Better Auth (next start) and the API."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest
from todos_cli.exit_codes import ExitCode
from todos_devstack.better_auth import Account
from todos_devstack.paths import free_port
from todos_devstack.stack import Stack

from tests.support.cli_process import TodoCli

PASSWORD = "correct horse battery staple"


@pytest.fixture
def cli(stack: Stack, tmp_path: Path) -> TodoCli:
    return TodoCli(tmp_path / "alice", api_url=stack.api_url, auth_url=stack.web_url)


@pytest.fixture
def other_cli(stack: Stack, tmp_path: Path) -> TodoCli:
    return TodoCli(tmp_path / "bob", api_url=stack.api_url, auth_url=stack.web_url)


def new_email() -> str:
    return f"cli-{secrets.token_hex(6)}@example.com"


def signup(cli: TodoCli, email: str) -> None:
    result = cli("signup", "--email", email, "--password-stdin", input=f"{PASSWORD}\n")
    assert result.returncode == 0, result.stderr


def add(cli: TodoCli, title: str, *extra: str) -> dict[str, object]:
    result = cli("add", title, *extra, "--json")
    assert result.returncode == 0, result.stderr
    task: dict[str, object] = json.loads(result.stdout)
    return task


def test_signup_then_every_command_then_logout(cli: TodoCli) -> None:
    email = new_email()
    signup(cli, email)
    token_file = cli.config_dir / "session-token"
    assert token_file.stat().st_mode & 0o777 == 0o600
    assert PASSWORD not in "".join(path.read_text() for path in cli.config_dir.iterdir())

    whoami = cli("whoami")
    assert whoami.stdout.startswith(email)

    milk = add(cli, "Buy milk", "-d", "2 litres")
    bob = add(cli, "Call Bob")
    assert milk["description"] == "2 litres" and milk["is_completed"] is False

    page = json.loads(cli("list", "--json").stdout)
    assert set(page) == {"items", "total", "skip", "limit", "next_cursor", "total_is_exact"}
    assert [item["title"] for item in page["items"]] == ["Call Bob", "Buy milk"]  # newest first
    assert page["total"] == 2

    piped = cli("list")
    assert piped.stdout == f"#{bob['id']} [ ] Call Bob\n#{milk['id']} [ ] Buy milk\n"

    done = cli("done", str(milk["id"]))
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"#{milk['id']} [x] Buy milk\n"
    assert cli("done", str(milk["id"])).returncode == 0  # setting a state twice is fine
    done_only = json.loads(cli("list", "--done", "--json").stdout)
    assert [item["id"] for item in done_only["items"]] == [milk["id"]]

    edited = json.loads(cli("edit", str(milk["id"]), "--title", "Buy oat milk", "--json").stdout)
    assert edited["title"] == "Buy oat milk"
    shown = json.loads(cli("show", str(milk["id"]), "--json").stdout)
    assert (shown["title"], shown["description"], shown["is_completed"]) == ("Buy oat milk", "2 litres", True)

    assert cli("undo", str(milk["id"])).stdout == f"#{milk['id']} [ ] Buy oat milk\n"

    removed = cli("rm", str(bob["id"]), "--yes")
    assert removed.returncode == 0, removed.stderr
    missing = cli("show", str(bob["id"]))
    assert missing.returncode == ExitCode.NOT_FOUND
    assert missing.stderr == f"error: task {bob['id']} not found\n"

    logout = cli("logout")
    assert logout.returncode == 0, logout.stderr
    after = cli("list")
    assert after.returncode == ExitCode.NOT_SIGNED_IN
    assert "todo login" in after.stderr


def test_logout_revokes_the_session_at_better_auth(cli: TodoCli) -> None:
    signup(cli, new_email())
    token = (cli.config_dir / "session-token").read_text().strip()
    assert cli("list").returncode == 0

    assert cli("logout").returncode == 0

    # The same token, given back through TODO_TOKEN, no longer works: it was revoked, not just forgotten.
    cli.extra_env["TODO_TOKEN"] = token
    result = cli("list")
    assert result.returncode == ExitCode.NOT_SIGNED_IN
    assert result.stderr == "error: your session has expired or was revoked: run `todo login`\n"


def test_login_to_an_existing_account_and_wrong_password(cli: TodoCli, account: Account) -> None:
    wrong = cli("login", "--email", account.email, "--password-stdin", input="not the password\n")
    assert wrong.returncode == ExitCode.NOT_SIGNED_IN
    assert wrong.stderr == "error: wrong email or password\n"

    right = cli("login", "--email", account.email, "--password-stdin", input=f"{account.password}\n")
    assert right.returncode == 0, right.stderr
    assert json.loads(cli("whoami", "--json").stdout)["user"]["id"] == account.user_id


def test_second_user_never_sees_the_first_users_tasks(cli: TodoCli, other_cli: TodoCli) -> None:
    signup(cli, new_email())
    signup(other_cli, new_email())
    secret = add(cli, "Alice's secret")
    task_id = str(secret["id"])

    assert json.loads(other_cli("list", "--json").stdout)["total"] == 0
    for command in (
        ["show", task_id],
        ["done", task_id],
        ["edit", task_id, "-t", "mine"],
        ["rm", task_id, "-y"],
    ):
        result = other_cli(*command)
        assert result.returncode == ExitCode.NOT_FOUND, (command, result.stderr)

    still = json.loads(cli("show", task_id, "--json").stdout)
    assert (still["title"], still["is_completed"]) == ("Alice's secret", False)


def test_rejected_input_and_unreachable_api_have_their_exit_codes(cli: TodoCli) -> None:
    signup(cli, new_email())

    too_long = cli("add", "x" * 201)
    assert too_long.returncode == ExitCode.USAGE
    assert too_long.stderr.startswith("error: rejected: title:")

    cli.extra_env["TODO_API_URL"] = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    down = cli("list")
    assert down.returncode == ExitCode.UNAVAILABLE
    assert down.stderr.startswith("error: cannot connect to http://127.0.0.1:")
    assert down.stderr.count("\n") == 1


def test_add_with_due_priority_and_labels_then_clear_the_due(cli: TodoCli) -> None:
    cli.extra_env["TZ"] = "Europe/Berlin"  # the zone the CLI sends its phrases in
    signup(cli, new_email())

    rent = add(cli, "Pay rent", "--due", "every 1st", "--priority", "1", "--label", "bills")

    page = json.loads(cli("list", "--json").stdout)
    [listed] = page["items"]
    assert listed["id"] == rent["id"]
    due = listed["due"]
    assert due["is_recurring"] is True
    assert "FREQ=MONTHLY" in due["rrule"] and "BYMONTHDAY=1" in due["rrule"]
    assert (due["string"], due["timezone"], due["date"][-2:]) == ("every 1st", "Europe/Berlin", "01")
    assert (listed["priority"], listed["labels"]) == (1, ["bills"])
    line = cli("list").stdout
    assert line.startswith(f"#{rent['id']} [ ] Pay rent · ") and line.endswith("↻ every 1st · p1 · @bills\n")

    unreadable = cli("edit", str(rent["id"]), "--due", "every blursday")
    assert unreadable.returncode == ExitCode.USAGE
    assert "every blursday" in unreadable.stderr

    cleared = cli("edit", str(rent["id"]), "--no-due", "--json")
    assert cleared.returncode == 0, cleared.stderr
    assert json.loads(cleared.stdout)["due"] is None
    [after] = json.loads(cli("list", "--json").stdout)["items"]
    assert (after["due"], after["priority"], after["labels"]) == (None, 1, ["bills"])
