"""Better Auth's HTTP API for non-browser clients, and the httpx auth that trades a session for JWTs.

What a session token and a JWT are, and when the exchange happens: todos_sdk._auth.
"""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator, Callable, Mapping
from typing import Any

import httpx

from .._auth import CachedJWT, Session, bearer, live_session, session_expired, session_from
from .._exceptions import ApiError, Unauthorized
from .._http import DEFAULT_TIMEOUT, unreachable_as_error
from .._retry_policy import RetryPolicy
from .._settings import resolve_auth_url
from .._twins import AsyncLock
from .closing import AsyncClosing
from .http import new_async_client

__all__ = ["AsyncBetterAuth", "AsyncSessionJWTAuth"]


class AsyncBetterAuth(AsyncClosing):
    """Better Auth's HTTP API, the endpoints a non-browser client needs. Raises ApiError subclasses."""

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
        response = await self._send("POST", "/api/auth/sign-up/email", json=body)
        return session_from(response)

    async def sign_in(self, *, email: str, password: str) -> Session:
        """Sign in with email and password; Unauthorized when they do not match."""
        body = {"email": email, "password": password}
        response = await self._send("POST", "/api/auth/sign-in/email", json=body)
        return session_from(response)

    async def sign_out(self, session_token: str) -> None:
        """Revoke the session at Better Auth: its token and every JWT that names it stop working."""
        await self._send("POST", "/api/auth/sign-out", headers=bearer(session_token), json={})

    async def get_session(self, session_token: str) -> dict[str, Any] | None:
        """Better Auth's own view of the session (`{"session": …, "user": …}`), None when it is not live."""
        response = await self._send("GET", "/api/auth/get-session", headers=bearer(session_token))
        return live_session(response)

    async def fetch_jwt(self, session_token: str) -> str:
        """A fresh JWT for the API, for this session; Unauthorized when the session is no longer live."""
        try:
            response = await self._send("GET", "/api/auth/token", headers=bearer(session_token))
        except Unauthorized as err:
            raise session_expired(err) from err
        return str(response.json()["token"])

    async def _send(
        self, method: str, path: str, *, headers: Mapping[str, str] | None = None, json: object = None
    ) -> httpx.Response:
        with unreachable_as_error(self.auth_url):
            return await self._http.request(method, path, headers=headers, json=json)

    async def aclose(self) -> None:
        await self._http.aclose()


class AsyncSessionJWTAuth(httpx.Auth):
    """httpx auth that sends `Authorization: Bearer <JWT>`, trading the session token for JWTs as needed.

    Concurrent requests (threads, or tasks) share one refresh. On a 401 from the API it fetches a new JWT
    once and repeats the request (the signing key may have rotated); when Better Auth no longer accepts the
    session, Unauthorized says to sign in again.
    """

    def __init__(
        self, session_token: str, better_auth: AsyncBetterAuth, *, clock: Callable[[], float] = time.time
    ) -> None:
        self._session_token = session_token
        self._better_auth = better_auth
        self._jwt = CachedJWT(clock)
        self._lock = AsyncLock()

    async def jwt(self) -> str:
        """The JWT to send now: the cached one, or a fresh one."""
        async with self._lock:
            return self._jwt.get() or self._jwt.set(await self._better_auth.fetch_jwt(self._session_token))

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        token = await self.jwt()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code != 401:
            return
        async with self._lock:
            self._jwt.discard(token)
        token = await self.jwt()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401:
            await response.aread()
            raise ApiError.from_response(response.status_code, response.content)
