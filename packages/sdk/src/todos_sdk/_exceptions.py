"""The exceptions todos_sdk raises: one family, so that `except TodosError` catches everything.

    TodosError
    ├── ServerUnreachable          no answer: connection refused, DNS failure, timeout
    │   └── ApiConnectionError     (also a builtin ConnectionError) could not connect, or the connection broke
    │       └── ApiTimeoutError    (also a builtin TimeoutError) no answer in time
    ├── DeviceFlowError            device login (RFC 8628) ended without a session
    │   ├── DeviceCodeExpired      expired_token: the code's time ran out
    │   ├── DeviceAccessDenied     access_denied: the person pressed Deny
    │   └── DeviceCodeInvalid      invalid_grant / invalid_client: unknown, used, or another client's code
    └── ApiError                   the server answered with an error: status_code, code, detail, errors,
        │                          retry_after
        ├── Unauthorized           401: no session, session expired or revoked, wrong email or password
        ├── Forbidden              403
        ├── NotFound               404: no such task, or not yours (the API answers both the same way)
        ├── Conflict               409: e.g. idempotency_in_progress (`retry_after`: the server's wait)
        ├── PreconditionFailed     412: If-Match named an older version; `current_etag` is the task's now
        ├── CursorExpired          410 cursor_expired: the change-feed cursor is too old; re-read the list
        ├── ValidationFailed       400, 422: the input was rejected; `errors` names the fields
        └── ServerError            5xx
            └── ServiceUnavailable 503: the server is up but cannot serve now (e.g. its database is down)

The OpenAI-style spellings APIConnectionError and APITimeoutError are the same classes.

Both the API (`{"status_code", "code", "detail", "errors"?}`) and Better Auth (`{"code", "message"}`) answer
errors in JSON; `ApiError.from_response` reads either, and anything else (a proxy's HTML page) too.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "APIConnectionError",
    "APITimeoutError",
    "ApiConnectionError",
    "ApiError",
    "ApiTimeoutError",
    "Conflict",
    "CursorExpired",
    "DeviceAccessDenied",
    "DeviceCodeExpired",
    "DeviceCodeInvalid",
    "DeviceFlowError",
    "PreconditionFailed",
    "FieldError",
    "Forbidden",
    "NotFound",
    "ServerError",
    "ServerUnreachable",
    "ServiceUnavailable",
    "TodosError",
    "Unauthorized",
    "ValidationFailed",
]


class TodosError(Exception):
    """Base class of every exception raised by todos_sdk."""


class ServerUnreachable(TodosError):
    """The request got no answer: the server is down, unreachable, or too slow."""

    def __init__(self, message: str, *, url: str) -> None:
        super().__init__(message)
        self.url = url


class ApiConnectionError(ServerUnreachable, ConnectionError):
    """The connection could not be made, or broke before the answer arrived (after the retries)."""


class ApiTimeoutError(ApiConnectionError, TimeoutError):
    """The server did not answer within the timeout."""


APIConnectionError = ApiConnectionError
APITimeoutError = ApiTimeoutError


class DeviceFlowError(TodosError):
    """Device login ended without a session; `error` is RFC 8628's code (e.g. `expired_token`)."""

    def __init__(self, error: str, description: str = "") -> None:
        super().__init__(description or error)
        self.error = error
        self.description = description


class DeviceCodeExpired(DeviceFlowError):
    """The device code expired before anyone approved it: start again."""


class DeviceAccessDenied(DeviceFlowError):
    """The person denied the request in the browser."""


class DeviceCodeInvalid(DeviceFlowError):
    """The device code is unknown or already used, or the client id is not allowed."""


@dataclass(frozen=True)
class FieldError:
    """One rejected input field: where it is (`loc`, e.g. `("body", "title")`) and what is wrong with it."""

    loc: tuple[str | int, ...]
    message: str
    type: str = ""

    @property
    def field(self) -> str:
        """The field's name without the request part it came in (`title`, not `body.title`)."""
        names = [str(part) for part in self.loc if part not in ("body", "query", "path", "header")]
        return ".".join(names) or ".".join(str(part) for part in self.loc)

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class ApiError(TodosError):
    """The server answered with an error status."""

    def __init__(
        self,
        status_code: int,
        code: str,
        detail: str,
        errors: tuple[FieldError, ...] = (),
        *,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status_code = status_code
        self.code = code
        self.detail = detail
        self.errors = errors
        self.body = body
        # Lower-cased names: HTTP header names are case-insensitive.
        self.headers: Mapping[str, str] = {name.lower(): value for name, value in (headers or {}).items()}

    def __str__(self) -> str:
        if self.errors:
            return "; ".join(str(error) for error in self.errors)
        return self.detail

    @property
    def retry_after(self) -> float | None:
        """The seconds the server asked to wait before trying again (`Retry-After`: seconds or an HTTP-date,
        as the retries read it), None when it did not say; e.g. a 503 whose wait was longer than the retries
        would wait, or a 409 `idempotency_in_progress`."""
        # Imported here: the exceptions load without httpx (the retry policy's module imports it).
        from ._retry_policy import retry_after_seconds

        return retry_after_seconds(self.headers.get("retry-after", ""))

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"{name}(status_code={self.status_code}, code={self.code!r}, detail={self.detail!r})"

    @staticmethod
    def from_response(status_code: int, content: bytes, headers: Mapping[str, str] | None = None) -> ApiError:
        """The exception for an error answer, of the subclass that matches its status code."""
        body = _json_object(content)
        code = str(body.get("code") or _default_code(status_code))
        detail = body.get("detail") if isinstance(body.get("detail"), str) else body.get("message")
        if not isinstance(detail, str) or not detail:
            detail = _default_detail(status_code, content)
        errors = tuple(_field_errors(body.get("errors")))
        return _error_class(status_code)(status_code, code, detail, errors, body=content, headers=headers)


class Unauthorized(ApiError):
    """401: no valid session or token (sign in again), or wrong email or password."""


class Forbidden(ApiError):
    """403: the server refused the request."""


class NotFound(ApiError):
    """404: the task does not exist or belongs to someone else."""


class Conflict(ApiError):
    """409: e.g. `idempotency_in_progress` (the first request with this key still runs; retried before this
    is raised). `retry_after`: the seconds the server asked to wait, None when it did not say."""


class PreconditionFailed(ApiError):
    """412: the task changed since it was read (If-Match named an older version). Read it again, or force.

    `current_etag` is the task's ETag now (from the answer's ETag header), None if the server sent none.
    """

    @property
    def current_etag(self) -> str | None:
        return self.headers.get("etag")


class CursorExpired(ApiError):
    """410 `cursor_expired`: the change-feed cursor (or Last-Event-ID) is older than the feed keeps
    (30 days). Read the whole list again, then follow the feed from the start (`since=None`)."""


class ValidationFailed(ApiError):
    """400 or 422: the server rejected the input; `errors` lists the fields and what is wrong with each."""


class ServerError(ApiError):
    """5xx: the server failed."""


class ServiceUnavailable(ServerError):
    """503: the server is up but cannot serve right now; safe requests are retried before this is raised."""


def _error_class(status_code: int) -> type[ApiError]:
    by_status: dict[int, type[ApiError]] = {
        400: ValidationFailed,
        401: Unauthorized,
        403: Forbidden,
        404: NotFound,
        409: Conflict,
        410: CursorExpired,
        412: PreconditionFailed,
        422: ValidationFailed,
        503: ServiceUnavailable,
    }
    if status_code in by_status:
        return by_status[status_code]
    return ServerError if status_code >= 500 else ApiError


def _json_object(content: bytes) -> dict[str, Any]:
    try:
        body = json.loads(content)
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _field_errors(raw: object) -> list[FieldError]:
    if not isinstance(raw, list):
        return []
    errors = []
    for item in raw:
        if not isinstance(item, dict):
            continue
        loc = item.get("loc", ())
        location = tuple(part for part in loc if isinstance(part, str | int)) if isinstance(loc, list) else ()
        message = item.get("msg") or item.get("message") or ""
        errors.append(FieldError(loc=location, message=str(message), type=str(item.get("type", ""))))
    return errors


def _default_code(status_code: int) -> str:
    defaults = {401: "unauthorized", 403: "forbidden", 404: "not_found", 412: "precondition_failed"}
    return {**defaults, 422: "validation_error"}.get(status_code, f"http_{status_code}")


def _default_detail(status_code: int, content: bytes) -> str:
    text = content.decode(errors="replace").strip()
    first_line = text.splitlines()[0][:200] if text else ""
    return f"HTTP {status_code}" + (
        f": {first_line}" if first_line and not first_line.startswith("<") else ""
    )
