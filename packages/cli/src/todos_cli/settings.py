"""Where `todo` connects, for this run: command-line flag, then environment, then profile, then localhost.

The defaults and the explicit → TODO_API_URL/TODO_AUTH_URL → default rule are the SDK's (todos_sdk._settings);
the CLI only slots the profile saved at login in before the defaults.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from todos_cli.config import Profile, load_profile


@dataclass(frozen=True)
class Settings:
    api_url: str
    auth_url: str
    profile: Profile = field(default_factory=Profile)

    @property
    def token_from_env(self) -> str | None:
        """TODO_TOKEN: a session token given by CI or a script, used instead of the stored one."""
        return os.environ.get("TODO_TOKEN") or None

    @property
    def api_key_from_env(self) -> str | None:
        """TODO_API_KEY: an API key (`todo keys create`); every API command signs in with it when set."""
        return os.environ.get("TODO_API_KEY") or None


def resolve_settings(api_url: str | None, auth_url: str | None) -> Settings:
    """The arguments are the flags' values, which Typer fills from TODO_API_URL/TODO_AUTH_URL when absent."""
    # Imported here, not at the top: `todo --help` never gets this far and so does not load the SDK at all
    # (tests/unit/cli/test_startup.py); importing todos_sdk itself is cheap (its names load lazily).
    from todos_sdk import resolve_api_url, resolve_auth_url

    profile = load_profile()
    return Settings(
        api_url=resolve_api_url(api_url or profile.api_url),
        auth_url=resolve_auth_url(auth_url or profile.auth_url),
        profile=profile,
    )
