"""Device login (RFC 8628) and API keys at Better Auth: the shapes both BetterAuth twins read and write.

The exchanges, byte for byte: docs/sign-in-flows.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ._exceptions import DeviceAccessDenied, DeviceCodeExpired, DeviceCodeInvalid, DeviceFlowError

__all__ = [
    "DEVICE_GRANT_TYPE",
    "SLOW_DOWN_SECONDS",
    "ApiKey",
    "CreatedApiKey",
    "DeviceCode",
    "device_error",
    "poll_verdict",
]

DEVICE_GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code"
SLOW_DOWN_SECONDS = 5.0  # RFC 8628 §3.5: each slow_down adds 5 s to the polling interval
_FAILURES: dict[str, type[DeviceFlowError]] = {
    "expired_token": DeviceCodeExpired,
    "access_denied": DeviceAccessDenied,
    "invalid_grant": DeviceCodeInvalid,
    "invalid_client": DeviceCodeInvalid,
}


@dataclass(frozen=True)
class DeviceCode:
    """What `request_device_code` returns: show user_code and verification_uri; keep device_code secret."""

    device_code: str
    user_code: str
    verification_uri: str
    verification_uri_complete: str
    expires_in: int
    interval: int

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DeviceCode:
        uri = str(data["verification_uri"])
        return cls(
            device_code=str(data["device_code"]),
            user_code=str(data["user_code"]),
            verification_uri=uri,
            verification_uri_complete=str(data.get("verification_uri_complete") or uri),
            expires_in=int(data["expires_in"]),
            interval=int(data.get("interval") or 5),
        )

    def __repr__(self) -> str:  # the device code redeems the approval: keep it out of logs
        return f"DeviceCode(user_code={self.user_code!r}, verification_uri={self.verification_uri!r})"


def poll_verdict(content: bytes) -> str:
    """The RFC 8628 error of a 400 poll answer; raises the matching DeviceFlowError when polling must stop."""
    try:
        body = json.loads(content)
    except ValueError:
        body = {}
    error = str(body.get("error", "")) if isinstance(body, dict) else ""
    if error in ("authorization_pending", "slow_down"):
        return error
    raise device_error(error, str(body.get("error_description", "")) if isinstance(body, dict) else "")


def device_error(error: str, description: str = "") -> DeviceFlowError:
    return _FAILURES.get(error, DeviceFlowError)(error or "device_login_failed", description)


@dataclass(frozen=True)
class ApiKey:
    """An API key as listed: never its secret. `start` is its first characters (show as `start…`)."""

    id: str
    name: str
    start: str
    prefix: str
    created_at: str
    last_used_at: str | None
    expires_at: str | None
    enabled: bool

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ApiKey:
        def text(name: str) -> str | None:
            value = data.get(name)
            return None if value is None else str(value)

        return cls(
            id=str(data["id"]),
            name=str(data.get("name") or ""),
            start=str(data.get("start") or ""),
            prefix=str(data.get("prefix") or ""),
            created_at=str(data.get("createdAt") or ""),
            last_used_at=text("lastRequest"),
            expires_at=text("expiresAt"),
            enabled=bool(data.get("enabled", True)),
        )


@dataclass(frozen=True)
class CreatedApiKey:
    """A new key: `key` is the secret, shown by Better Auth this once only; `api_key` its metadata."""

    key: str
    api_key: ApiKey

    def __repr__(self) -> str:
        return f"CreatedApiKey(key='…', api_key={self.api_key!r})"
