"""Better Auth for non-browser clients: what the BetterAuth and SessionJWTAuth pairs share.

Better Auth (the web app) owns identities. Signing in gives a *session token* (7 days, revocable with
sign-out); the API wants a *JWT* (15 minutes), which Better Auth issues at `GET /api/auth/token` to whoever
shows the session token as `Authorization: Bearer`. The JWT auth classes (`_async/auth.py` and its generated
twin) do that exchange on demand: before the first request, when the JWT is about to expire, and once more
when the API answers 401.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from ._exceptions import ApiError, TodosError, Unauthorized

__all__ = ["CachedJWT", "Session", "User", "jwt_expiry"]

# Refresh this long before `exp`, so that a JWT never expires between being attached and being checked.
REFRESH_MARGIN_SECONDS = 60.0


@dataclass(frozen=True)
class User:
    """A Better Auth user, as far as todos clients care."""

    id: str
    email: str
    name: str

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> User:
        return cls(id=str(data["id"]), email=str(data["email"]), name=str(data.get("name") or ""))


@dataclass(frozen=True)
class Session:
    """A signed-in Better Auth session: its token (the credential to keep) and who it belongs to."""

    token: str
    user: User

    def __repr__(self) -> str:  # keep the credential out of logs and tracebacks
        return f"Session(token='…', user={self.user!r})"


def session_from(response: httpx.Response) -> Session:
    """The session that sign-up or sign-in started."""
    body = response.json()
    token = body.get("token") or response.headers.get("set-auth-token")
    if not token:
        raise TodosError(
            "Better Auth created the account but started no session: confirm the email, then sign in"
        )
    return Session(token=str(token), user=User.from_json(body["user"]))


def live_session(response: httpx.Response) -> dict[str, Any] | None:
    """get-session answers `null` (or nothing) for a session that is not live."""
    body = response.json() if response.content.strip() else None
    return body if isinstance(body, dict) else None


def bearer(session_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {session_token}"}


def session_expired(err: Unauthorized) -> Unauthorized:
    return Unauthorized(
        401, "session_expired", "the session has expired or was revoked: sign in again", body=err.body
    )


def api_key_refused(err: ApiError) -> Unauthorized:
    return Unauthorized(
        401,
        "api_key_invalid",
        "the API key is invalid, revoked or expired",
        body=err.body,
        headers=err.headers,
    )


def jwt_expiry(token: str) -> float | None:
    """The `exp` claim of a JWT, read without verifying it: only to know when to fetch the next one."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return float(claims["exp"])
    except (IndexError, ValueError, KeyError, TypeError):
        return None


class CachedJWT:
    """The current JWT, and whether it is still good for one more request."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._token: str | None = None
        self._expires_at = 0.0

    def get(self) -> str | None:
        if self._token is not None and self._expires_at - REFRESH_MARGIN_SECONDS > self._clock():
            return self._token
        return None

    def set(self, token: str) -> str:
        self._token = token
        # Without a readable `exp`, use the token for this one request only.
        self._expires_at = jwt_expiry(token) or 0.0
        return token

    def discard(self, token: str) -> None:
        if self._token == token:
            self._token = None
