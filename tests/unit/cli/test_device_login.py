"""`todo login` (device flow) against respx: what it prints, what it stores, the exit code of each ending."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
import respx
from todos_cli.commands import device_login
from todos_cli.exit_codes import ExitCode

from tests.support.sdk_fakes import API_URL, AUTH_URL, user_json
from tests.unit.cli.conftest import Runner

URLS = ("--api-url", API_URL, "--auth-url", AUTH_URL)
CODE_URL = f"{AUTH_URL}/api/auth/device/code"
TOKEN_URL = f"{AUTH_URL}/api/auth/device/token"
VERIFY = f"{AUTH_URL}/device"


def device_code() -> httpx.Response:
    # interval 1: the SDK waits one interval before its first poll (RFC 8628), so keep the unit tests quick.
    return httpx.Response(
        200,
        json={
            "device_code": "secret-device-code",
            "user_code": "X9GZ6YDJ",
            "verification_uri": VERIFY,
            "verification_uri_complete": f"{VERIFY}?user_code=X9GZ6YDJ",
            "expires_in": 900,
            "interval": 1,
        },
    )


def oauth_error(error: str) -> httpx.Response:
    return httpx.Response(400, json={"error": error, "error_description": error.replace("_", " ")})


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URLs `todo login` asked the browser to open (no real browser in unit tests)."""
    urls: list[str] = []

    def open_url(url: str) -> bool:
        urls.append(url)
        return True

    monkeypatch.setattr("webbrowser.open", open_url)
    for variable in ("BROWSER", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(variable, raising=False)
    return urls


def test_login_approved_stores_the_session_like_a_password_login(
    run: Runner, servers: respx.MockRouter, config_dir: Path, opened: list[str]
) -> None:
    code = servers.post(CODE_URL).mock(return_value=device_code())
    poll = servers.post(TOKEN_URL).mock(
        return_value=httpx.Response(200, json={"access_token": "device-session", "token_type": "Bearer"})
    )
    servers.get(f"{AUTH_URL}/api/auth/get-session").mock(
        return_value=httpx.Response(200, json={"session": {"id": "s1"}, "user": user_json()})
    )

    result = run(*URLS, "login", "--no-open")

    assert result.exit_code == 0, result.stderr
    assert json.loads(code.calls.last.request.read()) == {"client_id": "todo-cli"}
    assert json.loads(poll.calls.last.request.read())["device_code"] == "secret-device-code"
    assert "X9GZ-6YDJ" in result.stderr
    assert f"{VERIFY}?user_code=X9GZ6YDJ" in result.stderr
    assert "secret-device-code" not in result.stderr + result.stdout
    assert "Signed in as alice@example.com" in result.stderr
    assert (config_dir / "session-token").read_text().strip() == "device-session"
    assert opened == []


def test_login_opens_the_browser_only_where_there_is_a_display(
    run: Runner, servers: respx.MockRouter, opened: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    servers.post(CODE_URL).mock(return_value=device_code())
    servers.post(TOKEN_URL).mock(return_value=oauth_error("access_denied"))

    monkeypatch.setattr("sys.platform", "linux")
    run(*URLS, "login")
    assert opened == []  # no DISPLAY: an ssh session or CI
    monkeypatch.setenv("DISPLAY", ":0")
    run(*URLS, "login")
    assert opened == [f"{VERIFY}?user_code=X9GZ6YDJ"]
    run(*URLS, "login", "--no-open")
    assert len(opened) == 1


@pytest.mark.parametrize(
    ("error", "exit_code", "line"),
    [
        ("expired_token", ExitCode.LOGIN_EXPIRED, "the code expired before it was approved"),
        ("access_denied", ExitCode.LOGIN_DENIED, "the sign-in was denied in the browser"),
        ("invalid_grant", ExitCode.LOGIN_INVALID, "Better Auth does not know this code"),
    ],
)
def test_login_that_ends_without_approval_exits_with_its_own_code(
    run: Runner, servers: respx.MockRouter, config_dir: Path, error: str, exit_code: ExitCode, line: str
) -> None:
    servers.post(CODE_URL).mock(return_value=device_code())
    servers.post(TOKEN_URL).mock(side_effect=[oauth_error("authorization_pending"), oauth_error(error)])

    result = run(*URLS, "login", "--no-open")

    assert result.exit_code == exit_code
    assert result.stderr.splitlines()[-1].startswith(f"error: {line}")
    assert not (config_dir / "session-token").exists()


def test_login_exit_codes_are_distinct_and_documented(run: Runner) -> None:
    codes = {ExitCode.LOGIN_EXPIRED, ExitCode.LOGIN_DENIED, ExitCode.LOGIN_INVALID}
    help_text = " ".join(run("--help").stdout.split())
    assert len(codes) == 3 and not codes & {ExitCode.NOT_SIGNED_IN, ExitCode.USAGE, ExitCode.ERROR}
    assert "7 login code expired, 8 login denied, 9 login code invalid" in help_text


def test_password_flag_keeps_the_terminal_login(run: Runner, servers: respx.MockRouter) -> None:
    device = servers.post(CODE_URL).mock(return_value=device_code())
    servers.post(f"{AUTH_URL}/api/auth/sign-in/email").mock(
        return_value=httpx.Response(200, json={"redirect": False, "token": "pw-session", "user": user_json()})
    )

    result = run(*URLS, "login", "--password", input="alice@example.com\npw\n")

    assert result.exit_code == 0, result.stderr
    assert device.call_count == 0


def test_readable_code_splits_eight_characters() -> None:
    assert device_login.readable("X9GZ6YDJ") == "X9GZ-6YDJ"
    assert device_login.readable("SHORT") == "SHORT"
