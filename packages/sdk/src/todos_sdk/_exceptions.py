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
        │                          retry_after (seconds, from Retry-After, or None)
        ├── Unauthorized           not_authenticated, invalid_token, token_expired, session_revoked (401)
        ├── Forbidden              403 (Better Auth)
        ├── NotFound               todo_not_found, not_found (404)
        ├── RequestTimeout         request_timeout (408): the request's headers arrived too slowly
        ├── Conflict               idempotency_in_progress (409); `retry_after` in seconds
        ├── CursorExpired          cursor_expired (410): the change-feed cursor is too old; re-read the list
        ├── PreconditionFailed     precondition_failed (412); `current_etag` is the task's now
        ├── TooManyRequests        too_many_streams (429); `retry_after` in seconds when the server says
        ├── ValidationFailed       validation_error, bad_request, ambiguous_request, cors_refused,
        │   │                      method_not_allowed, invalid_due (400, 405, 422): `errors` names the fields
        │   ├── InvalidCursor      invalid_cursor, invalid_last_event_id: not a cursor this API gave
        │   ├── IdempotencyKeyReused idempotency_key_reused: the key went with another request
        │   └── RequestTooLarge    payload_too_large, headers_too_large (413, 431)
        └── ServerError            internal_error (500), any other 5xx
            └── ServiceUnavailable service_unavailable, database_unavailable, auth_unavailable,
                                   shutting_down (503): the server is up but cannot serve now

The class is chosen by the answer's `code` (CODE_FAMILIES, one entry per code of the API's ErrorCode enum,
checked by `make check-contract`); only a code the SDK does not know (Better Auth's, a newer server's,
`http_error`) falls back to the status. The OpenAI-style spellings APIConnectionError and APITimeoutError
are the same classes.

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
    "CODE_FAMILIES",
    "Conflict",
    "CursorExpired",
    "DeviceAccessDenied",
    "DeviceCodeExpired",
    "DeviceCodeInvalid",
    "DeviceFlowError",
    "PreconditionFailed",
    "FieldError",
    "Forbidden",
    "IdempotencyKeyReused",
    "InvalidCursor",
    "NotFound",
    "RequestTimeout",
    "RequestTooLarge",
    "ServerError",
    "ServerUnreachable",
    "ServiceUnavailable",
    "TodosError",
    "TooManyRequests",
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
        """The exception for an error answer: the family of its `code`, else (unknown code) of its status."""
        body = _json_object(content)
        code = str(body.get("code") or _default_code(status_code))
        detail = body.get("detail") if isinstance(body.get("detail"), str) else body.get("message")
        if not isinstance(detail, str) or not detail:
            detail = _default_detail(status_code, content)
        errors = tuple(_field_errors(body.get("errors")))
        family = CODE_FAMILIES.get(code) or _error_class(status_code)
        return family(status_code, code, detail, errors, body=content, headers=headers)


class Unauthorized(ApiError):
    """401: no valid session or token (sign in again), or wrong email or password."""


class Forbidden(ApiError):
    """403: the server refused the request."""


class NotFound(ApiError):
    """404: the task does not exist or belongs to someone else."""


class Conflict(ApiError):
    """409: e.g. `idempotency_in_progress` (the first request with this key still runs; retried before this
    is raised). `retry_after`: the seconds the server asked to wait, None when it did not say."""


class TooManyRequests(ApiError):
    """429: e.g. `too_many_streams` (close another live-update stream first)."""


class RequestTimeout(ApiError):
    """408 `request_timeout`: the request's headers did not reach the server in time."""


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


class InvalidCursor(ValidationFailed):
    """422 `invalid_cursor` / 400 `invalid_last_event_id`: not a cursor this API handed out (or one of
    another sort, or sent with skip). Start again without it."""


class IdempotencyKeyReused(ValidationFailed):
    """422 `idempotency_key_reused`: this Idempotency-Key went with a different request; use a fresh one."""


class RequestTooLarge(ValidationFailed):
    """413 `payload_too_large` / 431 `headers_too_large`: the request is over the server's limits."""


class ServerError(ApiError):
    """5xx: the server failed."""


class ServiceUnavailable(ServerError):
    """503: the server is up but cannot serve right now; safe requests are retried before this is raised."""


# One entry per code of the API's ErrorCode (openapi.json's enum): todos_devstack.error_codes fails
# `make check-contract` when the two differ. `http_error` is the API's "another HTTP error": by its status.
CODE_FAMILIES: Mapping[str, type[ApiError] | None] = {
    "not_authenticated": Unauthorized,
    "invalid_token": Unauthorized,
    "token_expired": Unauthorized,
    "session_revoked": Unauthorized,
    "todo_not_found": NotFound,
    "not_found": NotFound,
    "request_timeout": RequestTimeout,
    "idempotency_in_progress": Conflict,
    "cursor_expired": CursorExpired,
    "precondition_failed": PreconditionFailed,
    "too_many_streams": TooManyRequests,
    "validation_error": ValidationFailed,
    "bad_request": ValidationFailed,
    "ambiguous_request": ValidationFailed,
    "cors_refused": ValidationFailed,
    "method_not_allowed": ValidationFailed,
    "invalid_due": ValidationFailed,
    "invalid_cursor": InvalidCursor,
    "invalid_last_event_id": InvalidCursor,
    "idempotency_key_reused": IdempotencyKeyReused,
    "payload_too_large": RequestTooLarge,
    "headers_too_large": RequestTooLarge,
    "internal_error": ServerError,
    "http_error": None,
    "service_unavailable": ServiceUnavailable,
    "database_unavailable": ServiceUnavailable,
    "auth_unavailable": ServiceUnavailable,
    "shutting_down": ServiceUnavailable,
}


def _error_class(status_code: int) -> type[ApiError]:
    by_status: dict[int, type[ApiError]] = {
        400: ValidationFailed,
        401: Unauthorized,
        403: Forbidden,
        404: NotFound,
        408: RequestTimeout,
        409: Conflict,
        410: CursorExpired,
        412: PreconditionFailed,
        413: RequestTooLarge,
        422: ValidationFailed,
        429: TooManyRequests,
        431: RequestTooLarge,
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
