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
"""

from __future__ import annotations


class ApiError(Exception):
    status_code: int = 500
    code: str = "internal_error"
    detail: str = "Internal server error."
    headers: dict[str, str] | None = None
    extra: dict[str, object] | None = None  # more members of the error body (``errors`` of a 422)

    def __init__(self, detail: str | None = None) -> None:
        if detail is not None:
            self.detail = detail
        super().__init__(self.detail)


class BadRequest(ApiError):
    status_code = 400
    code = "bad_request"
    detail = "Invalid HTTP request."


class AmbiguousRequest(BadRequest):
    code = "ambiguous_request"
    detail = "The request carries more than one Authorization header."


class CorsRefused(BadRequest):
    code = "cors_refused"
    detail = "Disallowed CORS request."


class InvalidLastEventId(BadRequest):
    code = "invalid_last_event_id"
    detail = "Last-Event-ID is not an event id of this stream."


class NotAuthenticated(ApiError):
    status_code = 401
    code = "not_authenticated"
    detail = "Missing bearer token."
    headers = {"WWW-Authenticate": "Bearer"}


class InvalidToken(NotAuthenticated):
    code = "invalid_token"
    detail = "The bearer token is invalid."
    headers = {"WWW-Authenticate": 'Bearer error="invalid_token"'}


class TokenExpired(InvalidToken):
    code = "token_expired"
    detail = "The bearer token has expired."


class SessionRevoked(NotAuthenticated):
    code = "session_revoked"
    detail = "The user or session behind this token no longer exists."
    headers = {"WWW-Authenticate": 'Bearer error="invalid_token"'}


class TodoNotFound(ApiError):
    status_code = 404
    code = "todo_not_found"
    detail = "Todo not found."


class RequestTimeout(ApiError):
    status_code = 408
    code = "request_timeout"
    detail = "The request headers did not arrive in time."


class IdempotencyInProgress(ApiError):
    status_code = 409
    code = "idempotency_in_progress"
    detail = "A request with this Idempotency-Key is still being processed; retry after Retry-After seconds."
    headers = {"Retry-After": "1"}


class CursorExpired(ApiError):
    status_code = 410
    code = "cursor_expired"
    detail = "The cursor is older than the change feed's retention; read the full list again and restart."


class PreconditionFailed(ApiError):
    status_code = 412
    code = "precondition_failed"
    detail = "The todo has changed since you read it (If-Match); its current ETag is in the ETag header."

    def __init__(self, current_etag: str) -> None:
        super().__init__()
        self.headers = {"ETag": current_etag}


class PayloadTooLarge(ApiError):
    status_code = 413
    code = "payload_too_large"
    detail = "Request body too large."


class IdempotencyKeyReused(ApiError):
    status_code = 422
    code = "idempotency_key_reused"
    detail = "This Idempotency-Key was already used for a different request (method, path or body)."
    extra = {
        "errors": [{"loc": ["header", "Idempotency-Key"], "msg": detail, "type": "idempotency_key_reused"}]
    }


class InvalidCursor(ApiError):
    status_code = 422
    code = "invalid_cursor"
    detail = "The cursor is not one this list returned as next_cursor."

    def __init__(self, detail: str | None = None, *, location: str = "cursor") -> None:
        super().__init__(detail)
        self.extra = {"errors": [{"loc": ["query", location], "msg": self.detail, "type": self.code}]}


class TooManyStreams(ApiError):
    status_code = 429
    code = "too_many_streams"
    detail = "Too many live-update streams open for this user; close one first."


class HeadersTooLarge(ApiError):
    status_code = 431
    code = "headers_too_large"
    detail = "Request header block too large."


class ServiceUnavailable(ApiError):
    status_code = 503
    code = "service_unavailable"
    detail = "Service temporarily unavailable."
    headers = {"Retry-After": "1"}


class DatabaseUnavailable(ServiceUnavailable):
    code = "database_unavailable"
    detail = "The database is unavailable."


class AuthUnavailable(ServiceUnavailable):
    code = "auth_unavailable"
    detail = "The identity provider's keys could not be fetched."


class ShuttingDown(ServiceUnavailable):
    code = "shutting_down"
    detail = "The server shut down before the request finished."


__all__ = [
    "AmbiguousRequest",
    "ApiError",
    "AuthUnavailable",
    "BadRequest",
    "CorsRefused",
    "CursorExpired",
    "DatabaseUnavailable",
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
