"""RFC 8628 device login as a terminal client does it against Better Auth's `deviceAuthorization` plugin:
request a code, then poll the token endpoint at the server's interval until the person answers."""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code"
CLIENT_ID = "todo-cli"


@dataclass(frozen=True)
class DeviceCode:
    device_code: str
    user_code: str
    verification_uri: str
    verification_uri_complete: str
    expires_in: int
    interval: int


def request_device_code(auth_http: httpx.Client, client_id: str = CLIENT_ID) -> DeviceCode:
    """`POST /api/auth/device/code`; `auth_http` has base URL `{AUTH_URL}/api/auth` and no cookies."""
    response = auth_http.post("/device/code", json={"client_id": client_id})
    response.raise_for_status()
    body = response.json()
    return DeviceCode(**{name: body[name] for name in DeviceCode.__dataclass_fields__})


def poll_once(auth_http: httpx.Client, device_code: str, client_id: str = CLIENT_ID) -> httpx.Response:
    body = {"grant_type": GRANT_TYPE, "device_code": device_code, "client_id": client_id}
    return auth_http.post("/device/token", json=body)


def poll_until_answered(
    auth_http: httpx.Client, code: DeviceCode, *, timeout: float = 60.0
) -> httpx.Response:
    """Polls as RFC 8628 §3.5 says: `interval` seconds between requests (the first one too: the caller may
    just have polled), 5 s more after each `slow_down`; returns the first answer that is not
    `authorization_pending` or `slow_down` (the token, or `access_denied` / `expired_token` / ...)."""
    interval = code.interval
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(interval)
        response = poll_once(auth_http, code.device_code)
        error = response.json().get("error") if response.status_code == 400 else None
        if error == "slow_down":
            interval += 5
        elif error != "authorization_pending":
            return response
    raise TimeoutError(f"no answer to device code {code.user_code} after {timeout:.0f} s")
