"""The `todo` exit codes: distinct per failure a script may want to react to, documented in `todo --help`."""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    ERROR = 1  # anything else: the server failed (5xx), an unexpected answer
    USAGE = 2  # bad arguments or options, or input the API rejected (e.g. a title over 200 characters)
    NOT_FOUND = 3  # no task (or API key) with that id (or not yours: the API answers both the same)
    NOT_SIGNED_IN = 4  # no stored session, session expired or revoked, wrong email or password, key refused
    UNAVAILABLE = 5  # cannot connect to the API or Better Auth, timed out, or 503
    CHANGED_ELSEWHERE = 6  # 412: the task changed since this command read it (--force writes anyway)
    LOGIN_EXPIRED = 7  # device login: the code expired before it was approved
    LOGIN_DENIED = 8  # device login: the person denied it on the /device page
    LOGIN_INVALID = 9  # device login: Better Auth does not know the code (mistyped, already used)
    RATE_LIMITED = 10  # 429: too many requests (e.g. sign-in attempts) for now; wait and run it again


HELP = (
    "Exit codes: 0 success, 1 other error, 2 usage error or input rejected by the API, 3 task not found, "
    "4 not signed in (run `todo login`), 5 server unreachable or unavailable, 6 the task changed elsewhere "
    "since it was read (nothing written; --force overrides), 7 login code expired, 8 login denied, "
    "9 login code invalid, 10 rate limited (too many requests: wait and retry)."
)


# The exit code of each error `code` the API can answer (its ErrorCode enum in openapi.json), keyed on
# the code like the SDK's exception families. `make check-contract` (todos_devstack.error_codes) fails
# when the two lists differ. Codes not listed (Better Auth's, a newer server's): by the SDK's class.
EXIT_CODES: Mapping[str, ExitCode] = {
    "not_authenticated": ExitCode.NOT_SIGNED_IN,
    "invalid_token": ExitCode.NOT_SIGNED_IN,
    "token_expired": ExitCode.NOT_SIGNED_IN,
    "session_revoked": ExitCode.NOT_SIGNED_IN,
    "todo_not_found": ExitCode.NOT_FOUND,
    "not_found": ExitCode.NOT_FOUND,
    "precondition_failed": ExitCode.CHANGED_ELSEWHERE,
    "validation_error": ExitCode.USAGE,
    "bad_request": ExitCode.USAGE,
    "ambiguous_request": ExitCode.USAGE,
    "cors_refused": ExitCode.USAGE,
    "method_not_allowed": ExitCode.USAGE,
    "invalid_cursor": ExitCode.USAGE,
    "invalid_due": ExitCode.USAGE,
    "invalid_last_event_id": ExitCode.USAGE,
    "idempotency_key_reused": ExitCode.USAGE,
    "payload_too_large": ExitCode.USAGE,
    "headers_too_large": ExitCode.USAGE,
    "cursor_expired": ExitCode.ERROR,
    "idempotency_in_progress": ExitCode.ERROR,
    "too_many_streams": ExitCode.RATE_LIMITED,
    "internal_error": ExitCode.ERROR,
    "http_error": ExitCode.ERROR,
    "request_timeout": ExitCode.UNAVAILABLE,
    "service_unavailable": ExitCode.UNAVAILABLE,
    "database_unavailable": ExitCode.UNAVAILABLE,
    "auth_unavailable": ExitCode.UNAVAILABLE,
    "shutting_down": ExitCode.UNAVAILABLE,
}
