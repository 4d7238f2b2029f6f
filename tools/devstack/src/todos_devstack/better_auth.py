"""Better Auth's HTTP API as a non-browser client uses it: JSON in, bearer session token out."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from http.cookiejar import CookieJar, DefaultCookiePolicy

import httpx


class BetterAuthError(RuntimeError):
    """Better Auth refused a request; the message carries its status and body."""


@dataclass(frozen=True)
class Account:
    """A Better Auth user and one of its sessions (the bearer session token, not a JWT)."""

    email: str
    password: str
    name: str
    user_id: str
    session_token: str


class BetterAuthClient:
    def __init__(self, web_url: str) -> None:
        # No cookie jar: a request carrying a cookie but no Origin is refused by Better Auth (CSRF check).
        no_cookies = CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))
        self.http = httpx.Client(base_url=f"{web_url}/api/auth", timeout=15.0, cookies=no_cookies)

    def close(self) -> None:
        self.http.close()

    def _send(
        self, method: str, path: str, body: Mapping[str, object] | None, session_token: str
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {session_token}"} if session_token else {}
        response = self.http.request(method, path, json=body, headers=headers)
        if response.status_code != 200:
            raise BetterAuthError(f"{method} /api/auth{path}: {response.status_code} {response.text[:500]}")
        return response

    def sign_up(self, name: str = "Test User", password: str = "correct horse battery") -> Account:
        email = f"user-{secrets.token_hex(6)}@example.com"
        body = self._send(
            "POST", "/sign-up/email", {"name": name, "email": email, "password": password}, ""
        ).json()
        return Account(email, password, name, body["user"]["id"], body["token"])

    def sign_in(self, email: str, password: str) -> str:
        """A new session; returns its bearer token."""
        token: str = self._send("POST", "/sign-in/email", {"email": email, "password": password}, "").json()[
            "token"
        ]
        return token

    def token(self, session_token: str) -> str:
        """Trade the session token for a JWT (GET /api/auth/token), as the CLI and the browser do."""
        jwt: str = self._send("GET", "/token", None, session_token).json()["token"]
        return jwt

    def sign_out(self, session_token: str) -> None:
        self._send("POST", "/sign-out", {}, session_token)

    def delete_user(self, account: Account) -> None:
        self._send("POST", "/delete-user", {"password": account.password}, account.session_token)
