"""Where `todo` connects: flag (or its environment variable), then the profile, then the SDK's defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
from todos_cli.config import Profile, save_profile
from todos_cli.main import API_URL_HELP, AUTH_URL_HELP
from todos_cli.settings import resolve_settings
from todos_sdk import DEFAULT_API_URL, DEFAULT_AUTH_URL


def test_resolve_settings_uses_the_sdk_defaults_without_flag_env_or_profile() -> None:
    settings = resolve_settings(None, None)

    assert (settings.api_url, settings.auth_url) == (DEFAULT_API_URL, DEFAULT_AUTH_URL)


def test_resolve_settings_prefers_the_profile_to_the_defaults(config_dir: Path) -> None:
    save_profile(Profile(api_url="http://api.example/", auth_url="http://auth.example"), config_dir)

    settings = resolve_settings(None, None)

    assert (settings.api_url, settings.auth_url) == ("http://api.example", "http://auth.example")


def test_resolve_settings_prefers_the_flag_to_the_profile(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_profile(Profile(api_url="http://api.example", auth_url="http://auth.example"), config_dir)
    monkeypatch.setenv("TODO_AUTH_URL", "http://ignored.example")  # Typer has already read it into the flag

    settings = resolve_settings("http://flag-api.example/", "http://flag-auth.example")

    assert (settings.api_url, settings.auth_url) == ("http://flag-api.example", "http://flag-auth.example")


def test_help_text_names_the_sdk_defaults() -> None:
    assert f"[default: {DEFAULT_API_URL}]" in API_URL_HELP
    assert f"[default: {DEFAULT_AUTH_URL}]" in AUTH_URL_HELP
