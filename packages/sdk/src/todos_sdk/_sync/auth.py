# generated from _async by scripts/generate_sync_sdk.py — do not edit
"""Better Auth's HTTP API for non-browser clients, and the httpx auth that trades a session for JWTs.

What a session token and a JWT are, and when the exchange happens: todos_sdk._auth.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Mapping
from typing import Any

import httpx

from .._auth import CachedJWT, Session, api_key_refused, bearer, live_session, session_expired, session_from
from .._device import DEVICE_GRANT_TYPE, SLOW_DOWN_SECONDS, ApiKey, CreatedApiKey, DeviceCode, poll_verdict
from .._exceptions import ApiError, DeviceCodeExpired, Forbidden, Unauthorized, ValidationFailed
from .._http import DEFAULT_TIMEOUT, unreachable_as_error
from .._retry_policy import RetryPolicy
from .._settings import resolve_auth_url
from .._twins import Lock, Sleep
from .closing import Closing
from .http import new_client

__all__ = ["ApiKeyJWTAuth", "BetterAuth", "SessionJWTAuth"]

CLI_CLIENT_ID = "todo-cli"


class BetterAuth(Closing):
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
        response = self._send("POST", "/api/auth/sign-up/email", json=body)
        return session_from(response)

    def sign_in(self, *, email: str, password: str) -> Session:
        """Sign in with email and password; Unauthorized when they do not match."""
        body = {"email": email, "password": password}
        response = self._send("POST", "/api/auth/sign-in/email", json=body)
        return session_from(response)

    def sign_out(self, session_token: str) -> None:
        """Revoke the session at Better Auth: its token and every JWT that names it stop working."""
        self._send("POST", "/api/auth/sign-out", headers=bearer(session_token), json={})

    def get_session(self, session_token: str) -> dict[str, Any] | None:
        """Better Auth's own view of the session (`{"session": …, "user": …}`), None when it is not live."""
        response = self._send("GET", "/api/auth/get-session", headers=bearer(session_token))
        return live_session(response)

    def fetch_jwt(self, session_token: str) -> str:
        """A fresh JWT for the API, for this session; Unauthorized when the session is no longer live."""
        try:
            response = self._send("GET", "/api/auth/token", headers=bearer(session_token))
        except Unauthorized as err:
            raise session_expired(err) from err
        return str(response.json()["token"])

    def fetch_jwt_for_api_key(self, api_key: str) -> str:
        """A fresh JWT for the API, for an API key; Unauthorized when the key is invalid, revoked, expired."""
        try:
            response = self._send("GET", "/api/auth/token", headers={"x-api-key": api_key})
        except (Unauthorized, Forbidden) as err:
            raise api_key_refused(err) from err
        return str(response.json()["token"])

    # Device login (RFC 8628): docs/sign-in-flows.md

    def request_device_code(self, client_id: str = CLI_CLIENT_ID) -> DeviceCode:
        """Start a device login: show the user code and URL, then poll_device_token(code)."""
        response = self._send("POST", "/api/auth/device/code", json={"client_id": client_id})
        return DeviceCode.from_json(response.json())

    def poll_device_token(
        self, code: DeviceCode, *, client_id: str = CLI_CLIENT_ID, sleep: Sleep = time.sleep
    ) -> str:
        """Wait for the person to approve; the session token (as sign_in's). Polls every `interval` seconds
        (5 s more after each slow_down); raises DeviceCodeExpired, DeviceAccessDenied or DeviceCodeInvalid."""
        body = {"grant_type": DEVICE_GRANT_TYPE, "device_code": code.device_code, "client_id": client_id}
        interval = float(code.interval)
        waited = 0.0
        while waited < code.expires_in:
            sleep(interval)
            waited += interval
            try:
                response = self._send("POST", "/api/auth/device/token", json=body)
            except ValidationFailed as err:  # 400: pending, slow_down, or the end (raised by poll_verdict)
                if poll_verdict(err.body) == "slow_down":
                    interval += SLOW_DOWN_SECONDS
                continue
            return str(response.json()["access_token"])
        raise DeviceCodeExpired("expired_token", "the device code expired before it was approved")

    # API keys, managed with a session token

    def create_api_key(
        self, session_token: str, name: str, *, expires_in_days: int | None = None
    ) -> CreatedApiKey:
        """A new API key; its secret (`.key`) is returned this once only."""
        expires_in = None if expires_in_days is None else expires_in_days * 86_400
        body = {"name": name, "expiresIn": expires_in}
        response = self._send("POST", "/api/auth/api-key/create", headers=bearer(session_token), json=body)
        data = response.json()
        return CreatedApiKey(key=str(data["key"]), api_key=ApiKey.from_json(data))

    def list_api_keys(self, session_token: str) -> list[ApiKey]:
        """Your API keys (never their secrets), as Better Auth lists them."""
        response = self._send("GET", "/api/auth/api-key/list", headers=bearer(session_token))
        data = response.json()
        keys = data.get("apiKeys", []) if isinstance(data, dict) else data
        return [ApiKey.from_json(item) for item in keys]

    def revoke_api_key(self, session_token: str, key_id: str) -> None:
        """Delete a key: clients using it are refused at their next request. NotFound for an unknown key."""
        body = {"keyId": key_id}
        self._send("POST", "/api/auth/api-key/delete", headers=bearer(session_token), json=body)

    def _send(
        self, method: str, path: str, *, headers: Mapping[str, str] | None = None, json: object = None
    ) -> httpx.Response:
        with unreachable_as_error(self.auth_url):
            return self._http.request(method, path, headers=headers, json=json)

    def close(self) -> None:
        self._http.close()


class SessionJWTAuth(httpx.Auth):
    """httpx auth that sends `Authorization: Bearer <JWT>`, trading the session token for JWTs as needed.

    Concurrent requests (threads, or tasks) share one refresh. On a 401 from the API it fetches a new JWT
    once and repeats the request (the signing key may have rotated); when Better Auth no longer accepts the
    session, Unauthorized says to sign in again.
    """

    def __init__(
        self, session_token: str, better_auth: BetterAuth, *, clock: Callable[[], float] = time.time
    ) -> None:
        self._session_token = session_token
        self._better_auth = better_auth
        self._jwt = CachedJWT(clock)
        self._lock = Lock()

    def jwt(self) -> str:
        """The JWT to send now: the cached one, or a fresh one."""
        with self._lock:
            return self._jwt.get() or self._jwt.set(self._fetch())

    def _fetch(self) -> str:
        return self._better_auth.fetch_jwt(self._session_token)

    def discard(self, token: str) -> None:
        """Forget `token` if it is still the cached JWT, so that the next request fetches a fresh one: the
        API said it no longer holds (the event stream's `reauthenticate`)."""
        with self._lock:
            self._jwt.discard(token)

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response]:
        token = self.jwt()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code != 401:
            return
        with self._lock:
            self._jwt.discard(token)
        token = self.jwt()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401:
            response.read()
            raise ApiError.from_response(response.status_code, response.content)


class ApiKeyJWTAuth(SessionJWTAuth):
    """As AsyncSessionJWTAuth, trading an API key (`x-api-key` at `GET /api/auth/token`) for the JWTs."""

    def _fetch(self) -> str:
        return self._better_auth.fetch_jwt_for_api_key(self._session_token)
