"""Where `todo` connects, for this run: command-line flag, then environment, then profile, then localhost."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from todos_cli.config import Profile, load_profile

DEFAULT_API_URL = "http://localhost:8000"
DEFAULT_AUTH_URL = "http://localhost:3000"


@dataclass(frozen=True)
class Settings:
    api_url: str
    auth_url: str
    profile: Profile = field(default_factory=Profile)

    @property
    def token_from_env(self) -> str | None:
        """TODO_TOKEN: a session token given by CI or a script, used instead of the stored one."""
        return os.environ.get("TODO_TOKEN") or None


def resolve_settings(api_url: str | None, auth_url: str | None) -> Settings:
    """The arguments are the flags' values, which Typer fills from TODO_API_URL/TODO_AUTH_URL when absent."""
    profile = load_profile()
    return Settings(
        api_url=(api_url or profile.api_url or DEFAULT_API_URL).rstrip("/"),
        auth_url=(auth_url or profile.auth_url or DEFAULT_AUTH_URL).rstrip("/"),
        profile=profile,
    )
