"""`todo signup/login/logout/whoami` against respx: what is stored, what is printed, which exit code."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import httpx
import pytest
import respx
from todos_cli.config import Profile, load_profile
from todos_cli.exit_codes import ExitCode

from tests.support.sdk_fakes import (
    API_URL,
    AUTH_URL,
    SESSION_TOKEN,
    TODOS,
    TOKEN_URL,
    make_jwt,
    page_json,
    user_json,
)
from tests.unit.cli.conftest import Runner

SIGN_IN = f"{AUTH_URL}/api/auth/sign-in/email"
URLS = ("--api-url", API_URL, "--auth-url", AUTH_URL)


def signed_in(token: str = SESSION_TOKEN) -> httpx.Response:
    return httpx.Response(200, json={"redirect": False, "token": token, "user": user_json()})


def test_login_with_password_stdin_stores_only_the_session_token(
    run: Runner, servers: respx.MockRouter, config_dir: Path
) -> None:
    route = servers.post(SIGN_IN).mock(return_value=signed_in())

    result = run(*URLS, "login", "--email", "alice@example.com", "--password-stdin", input="s3cret pass\n")

    assert result.exit_code == 0, result.stderr
    assert json.loads(route.calls.last.request.read()) == {
        "email": "alice@example.com",
        "password": "s3cret pass",
    }
    token_file = config_dir / "session-token"
    assert token_file.read_text().strip() == SESSION_TOKEN
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(config_dir.stat().st_mode) == 0o700
    assert all("s3cret" not in path.read_text() for path in config_dir.iterdir())
    assert load_profile(config_dir) == Profile(
        api_url=API_URL, auth_url=AUTH_URL, email="alice@example.com", credential_store="file"
    )
    assert result.stdout == ""
    assert "Signed in as alice@example.com" in result.stderr


def test_login_prompts_for_email_and_password(run: Runner, servers: respx.MockRouter) -> None:
    route = servers.post(SIGN_IN).mock(return_value=signed_in())

    result = run(*URLS, "login", "--password", input="alice@example.com\npw\n")

    assert result.exit_code == 0, result.stderr
    assert json.loads(route.calls.last.request.read()) == {"email": "alice@example.com", "password": "pw"}
    # Prompts go to stderr; stdout holds only what the test runner echoes of the typed input.
    assert "Email" in result.stderr and "Password" in result.stderr
    assert "Email" not in result.stdout and "Password" not in result.stdout


def test_login_with_wrong_password_exits_not_signed_in(
    run: Runner, servers: respx.MockRouter, config_dir: Path
) -> None:
    servers.post(SIGN_IN).mock(
        return_value=httpx.Response(
            401, json={"code": "INVALID_EMAIL_OR_PASSWORD", "message": "Invalid email or password"}
        )
    )

    result = run(*URLS, "login", "-e", "alice@example.com", "--password-stdin", input="wrong\n")

    assert result.exit_code == ExitCode.NOT_SIGNED_IN
    assert result.stderr == "error: wrong email or password\n"
    assert not (config_dir / "session-token").exists()


def test_rate_limited_login_exits_rate_limited_and_says_when_to_retry(
    run: Runner, servers: respx.MockRouter
) -> None:
    # Better Auth's rate limiter: 429, a message, and how long to wait in X-Retry-After.
    servers.post(SIGN_IN).mock(
        return_value=httpx.Response(
            429,
            json={"message": "Too many requests. Please try again later."},
            headers={"X-Retry-After": "42"},
        )
    )

    result = run(*URLS, "login", "-e", "alice@example.com", "--password-stdin", input="pw\n")

    assert result.exit_code == ExitCode.RATE_LIMITED
    assert int(ExitCode.RATE_LIMITED) == 10
    assert result.stderr.startswith("error: too many requests")
    assert result.stderr.endswith("try again in 42 s\n")


def test_login_with_empty_password_exits_usage(run: Runner, servers: respx.MockRouter) -> None:
    route = servers.post(SIGN_IN).mock(return_value=signed_in())

    result = run(*URLS, "login", "-e", "alice@example.com", "--password-stdin", input="\n")

    assert result.exit_code == ExitCode.USAGE
    assert route.call_count == 0


def test_login_to_unreachable_auth_server_exits_unavailable(run: Runner, servers: respx.MockRouter) -> None:
    servers.post(SIGN_IN).mock(side_effect=httpx.ConnectError("refused"))

    result = run(*URLS, "login", "-e", "alice@example.com", "--password-stdin", input="pw\n")

    assert result.exit_code == ExitCode.UNAVAILABLE
    assert result.stderr.startswith(f"error: cannot connect to {AUTH_URL}")
    assert result.stderr.count("\n") == 1


def test_signup_names_the_account_after_the_email(
    run: Runner, servers: respx.MockRouter, config_dir: Path
) -> None:
    route = servers.post(f"{AUTH_URL}/api/auth/sign-up/email").mock(return_value=signed_in("new-session"))

    result = run(*URLS, "signup", "--email", "alice@example.com", "--password-stdin", input="pw\n")

    assert result.exit_code == 0, result.stderr
    assert json.loads(route.calls.last.request.read()) == {
        "name": "alice",
        "email": "alice@example.com",
        "password": "pw",
    }
    assert (config_dir / "session-token").read_text().strip() == "new-session"


def test_signup_of_existing_email_exits_usage_with_the_reason(run: Runner, servers: respx.MockRouter) -> None:
    servers.post(f"{AUTH_URL}/api/auth/sign-up/email").mock(
        return_value=httpx.Response(
            422, json={"code": "USER_ALREADY_EXISTS", "message": "User already exists. Use another email."}
        )
    )

    result = run(*URLS, "signup", "-e", "alice@example.com", "--name", "A", "--password-stdin", input="pw\n")

    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == "error: rejected: User already exists. Use another email.\n"


@pytest.mark.usefixtures("logged_in")
def test_logout_revokes_the_session_and_forgets_it(
    run: Runner, servers: respx.MockRouter, config_dir: Path
) -> None:
    route = servers.post(f"{AUTH_URL}/api/auth/sign-out").mock(
        return_value=httpx.Response(200, json={"success": True})
    )

    result = run("logout")

    assert result.exit_code == 0, result.stderr
    assert route.calls.last.request.headers["authorization"] == f"Bearer {SESSION_TOKEN}"
    assert "cookie" not in route.calls.last.request.headers
    assert not (config_dir / "session-token").exists()
    assert run("list").exit_code == ExitCode.NOT_SIGNED_IN


@pytest.mark.usefixtures("logged_in")
def test_logout_of_an_already_revoked_session_still_forgets_it(
    run: Runner, servers: respx.MockRouter, config_dir: Path
) -> None:
    servers.post(f"{AUTH_URL}/api/auth/sign-out").mock(return_value=httpx.Response(401))

    result = run("logout")

    assert result.exit_code == 0
    assert not (config_dir / "session-token").exists()


@pytest.mark.usefixtures("logged_in")
def test_logout_with_auth_server_down_forgets_and_exits_unavailable(
    run: Runner, servers: respx.MockRouter, config_dir: Path
) -> None:
    servers.post(f"{AUTH_URL}/api/auth/sign-out").mock(side_effect=httpx.ConnectError("refused"))

    result = run("logout")

    assert result.exit_code == ExitCode.UNAVAILABLE
    assert "could not revoke" in result.stderr
    assert not (config_dir / "session-token").exists()


def test_logout_when_signed_out_is_a_no_op(run: Runner) -> None:
    result = run("logout")

    assert result.exit_code == 0
    assert result.stderr == "Not signed in.\n"


@pytest.mark.usefixtures("logged_in")
def test_logout_of_todo_token_keeps_the_stored_session(
    run: Runner, servers: respx.MockRouter, config_dir: Path
) -> None:
    route = servers.post(f"{AUTH_URL}/api/auth/sign-out").mock(return_value=httpx.Response(200, json={}))

    result = run("logout", env={"TODO_TOKEN": "ci-session"})

    assert result.exit_code == 0
    assert route.calls.last.request.headers["authorization"] == "Bearer ci-session"
    assert (config_dir / "session-token").exists()


@pytest.mark.usefixtures("logged_in")
def test_whoami_prints_the_user_and_says_the_stored_session_is_used(
    run: Runner, servers: respx.MockRouter
) -> None:
    body = {"session": {"id": "s1", "expiresAt": "2026-02-01T00:00:00Z"}, "user": user_json()}
    servers.get(f"{AUTH_URL}/api/auth/get-session").mock(return_value=httpx.Response(200, json=body))

    plain = run("whoami")
    as_json = run("whoami", "--json")

    assert plain.exit_code == 0
    assert plain.stdout == "alice@example.com (Alice)\n"
    assert "Signed in with the stored session" in plain.stderr
    assert json.loads(as_json.stdout) == {"credential": "stored_session", **body}


@pytest.mark.usefixtures("logged_in")
def test_whoami_json_never_prints_the_session_token(run: Runner, servers: respx.MockRouter) -> None:
    # Better Auth's get-session answer carries the 7-day session token itself.
    session = {"id": "s1", "token": SESSION_TOKEN, "expiresAt": "2026-02-01T00:00:00Z", "userId": "user-1"}
    body = {"session": session, "user": user_json()}
    servers.get(f"{AUTH_URL}/api/auth/get-session").mock(return_value=httpx.Response(200, json=body))

    result = run("whoami", "--json")

    assert result.exit_code == 0, result.stderr
    assert SESSION_TOKEN not in result.stdout
    assert json.loads(result.stdout)["session"] == {
        "id": "s1",
        "expiresAt": "2026-02-01T00:00:00Z",
        "userId": "user-1",
    }


def test_whoami_with_only_an_api_key_names_the_key_and_its_user(
    run: Runner, servers: respx.MockRouter
) -> None:
    key = "todo_AbCdEfGhIjKlMnOpQrStUvWxYz"
    exchange = servers.get(TOKEN_URL).mock(
        return_value=httpx.Response(
            200, json={"token": make_jwt(id="user-1", email="alice@example.com", name="Alice")}
        )
    )

    plain = run(*URLS, "whoami", env={"TODO_API_KEY": key})
    as_json = run(*URLS, "whoami", "--json", env={"TODO_API_KEY": key})

    assert plain.exit_code == 0, plain.stderr
    assert plain.stdout == "alice@example.com (Alice)\n"
    assert "API key todo_A… from TODO_API_KEY" in plain.stderr
    assert "not signed in" not in plain.stderr
    assert exchange.calls.last.request.headers["x-api-key"] == key
    assert json.loads(as_json.stdout) == {
        "credential": "TODO_API_KEY",
        "api_key": {"start": "todo_A"},
        "user": {"id": "user-1", "email": "alice@example.com", "name": "Alice"},
    }
    assert key not in plain.stdout + plain.stderr + as_json.stdout + as_json.stderr


@pytest.mark.usefixtures("logged_in")
def test_whoami_reports_the_api_key_over_a_stored_session_as_the_commands_use_it(
    run: Runner, servers: respx.MockRouter
) -> None:
    exchange = servers.get(TOKEN_URL).mock(
        return_value=httpx.Response(200, json={"token": make_jwt(email="k@x.io")})
    )
    get_session = servers.get(f"{AUTH_URL}/api/auth/get-session")
    todos = servers.get(TODOS).mock(return_value=httpx.Response(200, json=page_json([])))

    whoami = run("whoami", "--json", env={"TODO_API_KEY": "todo_key"})
    listing = run("list", env={"TODO_API_KEY": "todo_key"})

    assert json.loads(whoami.stdout)["credential"] == "TODO_API_KEY"
    assert not get_session.called
    assert listing.exit_code == 0, listing.stderr
    assert exchange.calls.last.request.headers["x-api-key"] == "todo_key"
    assert todos.called


def test_whoami_with_a_refused_api_key_exits_not_signed_in_and_blames_the_key(
    run: Runner, servers: respx.MockRouter
) -> None:
    servers.get(TOKEN_URL).mock(
        return_value=httpx.Response(401, json={"code": "INVALID_API_KEY", "message": "Invalid API key."})
    )

    result = run(*URLS, "whoami", env={"TODO_API_KEY": "todo_revoked"})

    assert result.exit_code == ExitCode.NOT_SIGNED_IN
    assert "TODO_API_KEY" in result.stderr


@pytest.mark.usefixtures("logged_in")
def test_whoami_with_expired_session_exits_not_signed_in(run: Runner, servers: respx.MockRouter) -> None:
    servers.get(f"{AUTH_URL}/api/auth/get-session").mock(return_value=httpx.Response(200, content=b"null"))

    result = run("whoami")

    assert result.exit_code == ExitCode.NOT_SIGNED_IN
    assert "todo login" in result.stderr
