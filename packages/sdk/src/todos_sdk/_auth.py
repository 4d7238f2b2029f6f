"""Better Auth for non-browser clients: sign up/in/out with a session token, and JWTs for the API.

Better Auth (the web app) owns identities. Signing in gives a *session token* (7 days, revocable with
sign-out); the API wants a *JWT* (15 minutes), which Better Auth issues at `GET /api/auth/token` to whoever
shows the session token as `Authorization: Bearer`. The JWT auth classes here do that exchange on demand:
before the first request, when the JWT is about to expire, and once more when the API answers 401.
"""

from __future__ import annotations

import asyncio
import base64
import json
import threading
import time
from collections.abc import AsyncGenerator, Callable, Generator
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

import httpx

from ._exceptions import ApiError, TodosError, Unauthorized
from ._http import DEFAULT_TIMEOUT, new_async_client, new_client, unreachable_as_error
from ._retry import RetryPolicy
from ._settings import resolve_auth_url

__all__ = ["AsyncBetterAuth", "AsyncSessionJWTAuth", "BetterAuth", "Session", "SessionJWTAuth", "User"]

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


def _session_from(response: httpx.Response) -> Session:
    body = response.json()
    token = body.get("token") or response.headers.get("set-auth-token")
    if not token:
        raise TodosError(
            "Better Auth created the account but started no session: confirm the email, then sign in"
        )
    return Session(token=str(token), user=User.from_json(body["user"]))


def _session_body(response: httpx.Response) -> dict[str, Any] | None:
    """get-session answers `null` (or nothing) for a session that is not live."""
    body = response.json() if response.content.strip() else None
    return body if isinstance(body, dict) else None


def _bearer(session_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {session_token}"}


def _session_expired(err: Unauthorized) -> Unauthorized:
    return Unauthorized(
        401, "session_expired", "the session has expired or was revoked: sign in again", body=err.body
    )


class BetterAuth:
    """Better Auth's HTTP API, the endpoints a non-browser client needs. Raises ApiError subclasses."""

    def __init__(
        self,
        auth_url: str | None = None,
        *,
        retry: RetryPolicy | None = None,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.auth_url = resolve_auth_url(auth_url)
        self._http = new_client(self.auth_url, retry=retry, timeout=timeout, transport=transport)

    def sign_up(self, *, name: str, email: str, password: str) -> Session:
        """Create an account (Better Auth signs it in at once) and return its session."""
        body = {"name": name, "email": email, "password": password}
        with unreachable_as_error(self.auth_url):
            return _session_from(self._http.post("/api/auth/sign-up/email", json=body))

    def sign_in(self, *, email: str, password: str) -> Session:
        """Sign in with email and password; Unauthorized when they do not match."""
        with unreachable_as_error(self.auth_url):
            return _session_from(
                self._http.post("/api/auth/sign-in/email", json={"email": email, "password": password})
            )

    def sign_out(self, session_token: str) -> None:
        """Revoke the session at Better Auth: its token and every JWT that names it stop working."""
        with unreachable_as_error(self.auth_url):
            self._http.post("/api/auth/sign-out", headers=_bearer(session_token), json={})

    def get_session(self, session_token: str) -> dict[str, Any] | None:
        """Better Auth's own view of the session (`{"session": …, "user": …}`), None when it is not live."""
        with unreachable_as_error(self.auth_url):
            response = self._http.get("/api/auth/get-session", headers=_bearer(session_token))
        return _session_body(response)

    def fetch_jwt(self, session_token: str) -> str:
        """A fresh JWT for the API, for this session; Unauthorized when the session is no longer live."""
        try:
            with unreachable_as_error(self.auth_url):
                return str(self._http.get("/api/auth/token", headers=_bearer(session_token)).json()["token"])
        except Unauthorized as err:
            raise _session_expired(err) from err

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class AsyncBetterAuth:
    """The asyncio twin of BetterAuth."""

    def __init__(
        self,
        auth_url: str | None = None,
        *,
        retry: RetryPolicy | None = None,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.auth_url = resolve_auth_url(auth_url)
        self._http = new_async_client(self.auth_url, retry=retry, timeout=timeout, transport=transport)

    async def sign_up(self, *, name: str, email: str, password: str) -> Session:
        """Create an account (Better Auth signs it in at once) and return its session."""
        body = {"name": name, "email": email, "password": password}
        with unreachable_as_error(self.auth_url):
            return _session_from(await self._http.post("/api/auth/sign-up/email", json=body))

    async def sign_in(self, *, email: str, password: str) -> Session:
        """Sign in with email and password; Unauthorized when they do not match."""
        body = {"email": email, "password": password}
        with unreachable_as_error(self.auth_url):
            return _session_from(await self._http.post("/api/auth/sign-in/email", json=body))

    async def sign_out(self, session_token: str) -> None:
        """Revoke the session at Better Auth: its token and every JWT that names it stop working."""
        with unreachable_as_error(self.auth_url):
            await self._http.post("/api/auth/sign-out", headers=_bearer(session_token), json={})

    async def get_session(self, session_token: str) -> dict[str, Any] | None:
        """Better Auth's own view of the session (`{"session": …, "user": …}`), None when it is not live."""
        with unreachable_as_error(self.auth_url):
            response = await self._http.get("/api/auth/get-session", headers=_bearer(session_token))
        return _session_body(response)

    async def fetch_jwt(self, session_token: str) -> str:
        """A fresh JWT for the API, for this session; Unauthorized when the session is no longer live."""
        try:
            with unreachable_as_error(self.auth_url):
                response = await self._http.get("/api/auth/token", headers=_bearer(session_token))
        except Unauthorized as err:
            raise _session_expired(err) from err
        return str(response.json()["token"])

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()


def jwt_expiry(token: str) -> float | None:
    """The `exp` claim of a JWT, read without verifying it: only to know when to fetch the next one."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return float(claims["exp"])
    except (IndexError, ValueError, KeyError, TypeError):
        return None


class _CachedJWT:
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


class SessionJWTAuth(httpx.Auth):
    """httpx auth that sends `Authorization: Bearer <JWT>`, trading the session token for JWTs as needed.

    On a 401 from the API it fetches a new JWT once and repeats the request (the signing key may have
    rotated); when Better Auth no longer accepts the session, Unauthorized says to sign in again.
    """

    def __init__(
        self, session_token: str, better_auth: BetterAuth, *, clock: Callable[[], float] = time.time
    ) -> None:
        self._session_token = session_token
        self._better_auth = better_auth
        self._jwt = _CachedJWT(clock)
        self._lock = threading.Lock()  # one refresh at a time when threads share the client

    def jwt(self) -> str:
        """The JWT to send now: the cached one, or a fresh one."""
        with self._lock:
            return self._jwt.get() or self._jwt.set(self._better_auth.fetch_jwt(self._session_token))

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        token = self.jwt()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code != 401:
            return
        with self._lock:
            self._jwt.discard(token)
        request.headers["Authorization"] = f"Bearer {self.jwt()}"
        response = yield request
        if response.status_code == 401:
            response.read()
            raise ApiError.from_response(response.status_code, response.content)


class AsyncSessionJWTAuth(httpx.Auth):
    """The asyncio twin of SessionJWTAuth: concurrent requests share one in-flight refresh."""

    def __init__(
        self, session_token: str, better_auth: AsyncBetterAuth, *, clock: Callable[[], float] = time.time
    ) -> None:
        self._session_token = session_token
        self._better_auth = better_auth
        self._jwt = _CachedJWT(clock)
        self._lock: asyncio.Lock | None = None  # created on first use, inside the running event loop

    async def jwt(self) -> str:
        """The JWT to send now: the cached one, or a fresh one."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            return self._jwt.get() or self._jwt.set(await self._better_auth.fetch_jwt(self._session_token))

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        token = await self.jwt()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code != 401:
            return
        self._jwt.discard(token)
        request.headers["Authorization"] = f"Bearer {await self.jwt()}"
        response = yield request
        if response.status_code == 401:
            await response.aread()
            raise ApiError.from_response(response.status_code, response.content)
