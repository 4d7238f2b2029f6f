"""Where the servers are: explicit URL, else TODO_API_URL / TODO_AUTH_URL, else one set of local defaults."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from todos_api.core.config import Settings as ApiSettings
from todos_sdk import DEFAULT_API_URL, DEFAULT_AUTH_URL, resolve_api_url, resolve_auth_url

WEB_CONFIG = Path(__file__).resolve().parents[3] / "packages" / "web" / "lib" / "config.ts"


def test_resolve_prefers_the_explicit_url_then_the_environment_then_the_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TODO_API_URL", raising=False)
    monkeypatch.setenv("TODO_AUTH_URL", "http://auth.example/")

    assert resolve_api_url() == DEFAULT_API_URL
    assert resolve_auth_url() == "http://auth.example"
    assert resolve_auth_url("http://explicit.example/") == "http://explicit.example"


def test_resolve_treats_an_empty_variable_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TODO_API_URL", "")

    assert resolve_api_url() == DEFAULT_API_URL


def test_api_and_web_defaults_match_the_sdk() -> None:
    # The API and the web app are deployed on their own and keep their own copy; this keeps them equal.
    web_defaults = dict(re.findall(r'const (DEFAULT_\w+_URL) = "([^"]+)";', WEB_CONFIG.read_text()))

    assert ApiSettings.model_fields["auth_url"].default == DEFAULT_AUTH_URL
    assert web_defaults == {"DEFAULT_AUTH_URL": DEFAULT_AUTH_URL, "DEFAULT_API_URL": DEFAULT_API_URL}
