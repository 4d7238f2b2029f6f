"""Where the API and Better Auth are: an explicit URL, else TODO_API_URL / TODO_AUTH_URL, else localhost.

The one Python source of these defaults and of the rule: the SDK and the `todo` CLI use it. The API and the
web app, deployed on their own, keep a copy that tests/unit/sdk/test_settings.py holds equal to this one.
"""

from __future__ import annotations

import os

DEFAULT_API_URL = "http://localhost:8000"
DEFAULT_AUTH_URL = "http://localhost:3000"


def resolve_api_url(explicit: str | None = None) -> str:
    """The API's base URL (without `/api/v1`)."""
    return _resolve(explicit, "TODO_API_URL", DEFAULT_API_URL)


def resolve_auth_url(explicit: str | None = None) -> str:
    """Better Auth's base URL: the web app's origin (without `/api/auth`)."""
    return _resolve(explicit, "TODO_AUTH_URL", DEFAULT_AUTH_URL)


def _resolve(explicit: str | None, variable: str, default: str) -> str:
    return (explicit or os.environ.get(variable) or default).rstrip("/")
