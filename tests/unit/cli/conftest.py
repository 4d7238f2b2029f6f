"""Every CLI test runs against an empty, private config dir and respx-mocked servers, never the real ones."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import respx
from todos_cli.config import Profile, save_profile, save_token
from todos_cli.main import app
from typer.testing import CliRunner, Result

from tests.support.sdk_fakes import API_URL, AUTH_URL, SESSION_TOKEN, make_jwt


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "config"
    monkeypatch.setenv("TODO_CONFIG_DIR", str(directory))
    for variable in (
        "TODO_TOKEN",
        "TODO_API_KEY",
        "TODO_API_URL",
        "TODO_AUTH_URL",
        "PYTHON_KEYRING_BACKEND",
        "DBUS_SESSION_BUS_ADDRESS",
    ):
        monkeypatch.delenv(variable, raising=False)
    return directory


@pytest.fixture
def logged_in(config_dir: Path) -> Profile:
    """A stored session, as `todo login` leaves it, for the test servers."""
    store = save_token(SESSION_TOKEN, config_dir)
    profile = Profile(api_url=API_URL, auth_url=AUTH_URL, email="alice@example.com", credential_store=store)
    save_profile(profile, config_dir)
    return profile


@pytest.fixture
def servers() -> Iterator[respx.MockRouter]:
    """respx in place of the API and Better Auth; the JWT exchange works unless a test says otherwise."""
    with respx.mock(assert_all_called=False) as router:
        router.get(f"{AUTH_URL}/api/auth/token", name="jwt").mock(
            side_effect=lambda _: httpx.Response(200, json={"token": make_jwt()})
        )
        yield router


@pytest.fixture
def run() -> Runner:
    return Runner()


class Runner:
    """`todo …` in-process, with stdout and stderr kept apart."""

    def __init__(self) -> None:
        self._runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        return self._runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)
