from typing import Literal

ErrorCode = Literal[
    "ambiguous_request",
    "auth_unavailable",
    "bad_request",
    "cors_refused",
    "cursor_expired",
    "database_unavailable",
    "headers_too_large",
    "http_error",
    "idempotency_in_progress",
    "idempotency_key_reused",
    "internal_error",
    "invalid_cursor",
    "invalid_due",
    "invalid_last_event_id",
    "invalid_token",
    "method_not_allowed",
    "not_authenticated",
    "not_found",
    "payload_too_large",
    "precondition_failed",
    "request_timeout",
    "service_unavailable",
    "session_revoked",
    "shutting_down",
    "todo_not_found",
    "token_expired",
    "too_many_streams",
    "validation_error",
]

ERROR_CODE_VALUES: set[ErrorCode] = {
    "ambiguous_request",
    "auth_unavailable",
    "bad_request",
    "cors_refused",
    "cursor_expired",
    "database_unavailable",
    "headers_too_large",
    "http_error",
    "idempotency_in_progress",
    "idempotency_key_reused",
    "internal_error",
    "invalid_cursor",
    "invalid_due",
    "invalid_last_event_id",
    "invalid_token",
    "method_not_allowed",
    "not_authenticated",
    "not_found",
    "payload_too_large",
    "precondition_failed",
    "request_timeout",
    "service_unavailable",
    "session_revoked",
    "shutting_down",
    "todo_not_found",
    "token_expired",
    "too_many_streams",
    "validation_error",
}


def check_error_code(value: str) -> ErrorCode:
    if value in ERROR_CODE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ERROR_CODE_VALUES!r}")
