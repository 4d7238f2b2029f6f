"""Domain errors. Each carries its HTTP status and a stable machine-readable ``code``.

    ApiError
    ├── BadRequest            400  not valid HTTP
    │   ├── AmbiguousRequest  400  more than one ``Authorization`` header
    │   ├── CorsRefused       400  a CORS preflight for another origin, method or header
    │   └── InvalidLastEventId 400 ``Last-Event-ID`` is not an event id of the live-update stream
    ├── NotAuthenticated      401  no usable bearer token
    │   ├── InvalidToken      401  bad signature, claims or format
    │   │   └── TokenExpired  401  ``exp`` has passed: fetch a new token
    │   └── SessionRevoked    401  the user or the Better Auth session behind the token is gone
    ├── TodoNotFound          404  missing, or owned by someone else (indistinguishable on purpose)
    ├── RequestTimeout        408  the request's headers did not arrive in time
    │   └── BodyTimeout       408  its body did not (same ``request_timeout`` code)
    ├── IdempotencyInProgress 409  a request with the same Idempotency-Key is still running
    ├── CursorExpired         410  the change feed's cursor is older than its retention: resync
    ├── PreconditionFailed    412  If-Match names another version (the current ETag is in the header)
    ├── PayloadTooLarge       413
    ├── IdempotencyKeyReused  422  the Idempotency-Key was used for a different request
    ├── InvalidCursor         422  malformed, tampered with, another user's, another sort's cursor
    ├── TooManyStreams        429  this user already has the most live-update streams open on this process
    ├── HeadersTooLarge       431
    └── ServiceUnavailable    503
        ├── DatabaseUnavailable
        ├── AuthUnavailable   the JWKS could not be fetched to check a new key
        └── ShuttingDown      the request was still running when the shutdown grace period ended

``handlers.py`` turns them (and Starlette's/FastAPI's own errors) into the one JSON error shape.

``ErrorCode`` lists every ``code`` the API can answer: it is ``ErrorResponse.code``'s enum in OpenAPI, and the
clients' tables (SDK exception families, CLI exit codes, web messages) are checked against it
(by ``make check-contract``). A new code goes here first.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Every ``code`` of an error answer (add, never rename: clients key on them)."""

    BAD_REQUEST = "bad_request"
    AMBIGUOUS_REQUEST = "ambiguous_request"
    CORS_REFUSED = "cors_refused"
    INVALID_LAST_EVENT_ID = "invalid_last_event_id"
    NOT_AUTHENTICATED = "not_authenticated"
    INVALID_TOKEN = "invalid_token"
    TOKEN_EXPIRED = "token_expired"
    SESSION_REVOKED = "session_revoked"
    TODO_NOT_FOUND = "todo_not_found"
    NOT_FOUND = "not_found"  # a path the API does not serve
    METHOD_NOT_ALLOWED = "method_not_allowed"
    REQUEST_TIMEOUT = "request_timeout"
    IDEMPOTENCY_IN_PROGRESS = "idempotency_in_progress"
    CURSOR_EXPIRED = "cursor_expired"
    PRECONDITION_FAILED = "precondition_failed"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    INVALID_CURSOR = "invalid_cursor"
    INVALID_DUE = "invalid_due"  # a due_string (or its timezone) the API cannot read
    VALIDATION_ERROR = "validation_error"  # the request breaks its schema: `errors` names the fields
    TOO_MANY_STREAMS = "too_many_streams"
    HEADERS_TOO_LARGE = "headers_too_large"
    INTERNAL_ERROR = "internal_error"
    HTTP_ERROR = "http_error"  # another HTTP error of the framework's: read its status
    SERVICE_UNAVAILABLE = "service_unavailable"
    DATABASE_UNAVAILABLE = "database_unavailable"
    AUTH_UNAVAILABLE = "auth_unavailable"
    SHUTTING_DOWN = "shutting_down"


class ApiError(Exception):
    status_code: int = 500
    code: ErrorCode = ErrorCode.INTERNAL_ERROR
    detail: str = "Internal server error."
    headers: dict[str, str] | None = None
    extra: dict[str, object] | None = None  # more members of the error body (``errors`` of a 422)

    def __init__(self, detail: str | None = None) -> None:
        if detail is not None:
            self.detail = detail
        super().__init__(self.detail)


class BadRequest(ApiError):
    status_code = 400
    code = ErrorCode.BAD_REQUEST
    detail = "Invalid HTTP request."


class AmbiguousRequest(BadRequest):
    code = ErrorCode.AMBIGUOUS_REQUEST
    detail = "The request carries more than one Authorization header."


class CorsRefused(BadRequest):
    code = ErrorCode.CORS_REFUSED
    detail = "Disallowed CORS request."


class InvalidLastEventId(BadRequest):
    code = ErrorCode.INVALID_LAST_EVENT_ID
    detail = "Last-Event-ID is not an event id of this stream."


class NotAuthenticated(ApiError):
    status_code = 401
    code = ErrorCode.NOT_AUTHENTICATED
    detail = "Missing bearer token."
    headers = {"WWW-Authenticate": "Bearer"}


class InvalidToken(NotAuthenticated):
    code = ErrorCode.INVALID_TOKEN
    detail = "The bearer token is invalid."
    headers = {"WWW-Authenticate": 'Bearer error="invalid_token"'}


class TokenExpired(InvalidToken):
    code = ErrorCode.TOKEN_EXPIRED
    detail = "The bearer token has expired."


class SessionRevoked(NotAuthenticated):
    code = ErrorCode.SESSION_REVOKED
    detail = "The user or session behind this token no longer exists."
    headers = {"WWW-Authenticate": 'Bearer error="invalid_token"'}


class TodoNotFound(ApiError):
    status_code = 404
    code = ErrorCode.TODO_NOT_FOUND
    detail = "Todo not found."


class RequestTimeout(ApiError):
    status_code = 408
    code = ErrorCode.REQUEST_TIMEOUT
    detail = "The request headers did not arrive in time."


class BodyTimeout(RequestTimeout):
    detail = "The request body did not arrive in time."


class IdempotencyInProgress(ApiError):
    status_code = 409
    code = ErrorCode.IDEMPOTENCY_IN_PROGRESS
    detail = "A request with this Idempotency-Key is still being processed; retry after Retry-After seconds."
    headers = {"Retry-After": "1"}


class CursorExpired(ApiError):
    status_code = 410
    code = ErrorCode.CURSOR_EXPIRED
    detail = "The cursor is older than the change feed's retention; read the full list again and restart."


class PreconditionFailed(ApiError):
    status_code = 412
    code = ErrorCode.PRECONDITION_FAILED
    detail = "The todo has changed since you read it (If-Match); its current ETag is in the ETag header."

    def __init__(self, current_etag: str) -> None:
        super().__init__()
        self.headers = {"ETag": current_etag}


class PayloadTooLarge(ApiError):
    status_code = 413
    code = ErrorCode.PAYLOAD_TOO_LARGE
    detail = "Request body too large."


class IdempotencyKeyReused(ApiError):
    status_code = 422
    code = ErrorCode.IDEMPOTENCY_KEY_REUSED
    detail = "This Idempotency-Key was already used for a different request (method, path or body)."
    extra = {
        "errors": [{"loc": ["header", "Idempotency-Key"], "msg": detail, "type": "idempotency_key_reused"}]
    }


class InvalidCursor(ApiError):
    status_code = 422
    code = ErrorCode.INVALID_CURSOR
    detail = "The cursor is not one this list returned as next_cursor."

    def __init__(self, detail: str | None = None, *, location: str = "cursor") -> None:
        super().__init__(detail)
        self.extra = {"errors": [{"loc": ["query", location], "msg": self.detail, "type": self.code}]}


class InvalidDueString(ApiError):
    """``due_string`` or ``timezone`` cannot be read; the detail names the phrase (todos_api.due)."""

    status_code = 422
    code = ErrorCode.INVALID_DUE
    detail = "The due date cannot be read."

    def __init__(self, detail: str, *, field: str = "due_string") -> None:
        super().__init__(detail)
        self.extra = {"errors": [{"loc": ["body", field], "msg": self.detail, "type": self.code}]}


class TooManyStreams(ApiError):
    status_code = 429
    code = ErrorCode.TOO_MANY_STREAMS
    detail = "Too many live-update streams open for this user; close one first."


class HeadersTooLarge(ApiError):
    status_code = 431
    code = ErrorCode.HEADERS_TOO_LARGE
    detail = "Request header block too large."


class ServiceUnavailable(ApiError):
    status_code = 503
    code = ErrorCode.SERVICE_UNAVAILABLE
    detail = "Service temporarily unavailable."
    headers = {"Retry-After": "1"}


class DatabaseUnavailable(ServiceUnavailable):
    code = ErrorCode.DATABASE_UNAVAILABLE
    detail = "The database is unavailable."


class AuthUnavailable(ServiceUnavailable):
    code = ErrorCode.AUTH_UNAVAILABLE
    detail = "The identity provider's keys could not be fetched."


class ShuttingDown(ServiceUnavailable):
    code = ErrorCode.SHUTTING_DOWN
    detail = "The server shut down before the request finished."


__all__ = [
    "AmbiguousRequest",
    "ApiError",
    "AuthUnavailable",
    "BodyTimeout",
    "BadRequest",
    "CorsRefused",
    "CursorExpired",
    "DatabaseUnavailable",
    "ErrorCode",
    "HeadersTooLarge",
    "IdempotencyInProgress",
    "IdempotencyKeyReused",
    "InvalidCursor",
    "InvalidLastEventId",
    "InvalidToken",
    "NotAuthenticated",
    "PayloadTooLarge",
    "PreconditionFailed",
    "RequestTimeout",
    "ServiceUnavailable",
    "SessionRevoked",
    "ShuttingDown",
    "TodoNotFound",
    "TokenExpired",
    "TooManyStreams",
]
