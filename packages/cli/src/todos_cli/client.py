"""The SDK client for a command, and the one place that turns failures into a one-line message + exit code."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from todos_sdk import (
    ApiError,
    Forbidden,
    NotFound,
    PreconditionFailed,
    ServerError,
    ServerUnreachable,
    ServiceUnavailable,
    TodosClient,
    TodosError,
    Unauthorized,
    ValidationFailed,
)

from todos_cli.config import load_token
from todos_cli.exit_codes import EXIT_CODES, ExitCode
from todos_cli.output import error
from todos_cli.settings import Settings

# A key refused at the JWT exchange: the SDK's code for it, and Better Auth's own (docs/sign-in-flows.md).
API_KEY_REFUSED = frozenset({"api_key_invalid", "INVALID_API_KEY", "KEY_DISABLED", "KEY_EXPIRED"})


class NotSignedIn(TodosError):
    """No session token: neither TODO_TOKEN nor a stored one."""


def session_token(settings: Settings) -> str:
    token = settings.token_from_env or load_token(settings.profile)
    if not token:
        raise NotSignedIn("not signed in: run `todo login` (or set TODO_TOKEN)")
    return token


def open_client(settings: Settings) -> TodosClient:
    """A client signed in with TODO_API_KEY when it is set (automation), else with the session."""
    if api_key := settings.api_key_from_env:
        return TodosClient.from_api_key(api_key, api_url=settings.api_url, auth_url=settings.auth_url)
    return TodosClient(session_token(settings), api_url=settings.api_url, auth_url=settings.auth_url)


def describe(err: TodosError) -> tuple[ExitCode, str]:
    """The exit code and the one line to print for a failure: the code by the API's error code (EXIT_CODES),
    else by the SDK's exception class."""
    exit_code, line = _describe(err)
    if isinstance(err, ApiError) and err.code in EXIT_CODES:
        return EXIT_CODES[err.code], line
    return exit_code, line


def _describe(err: TodosError) -> tuple[ExitCode, str]:
    if isinstance(err, NotSignedIn):
        return ExitCode.NOT_SIGNED_IN, str(err)
    if isinstance(err, ServerUnreachable):
        return (
            ExitCode.UNAVAILABLE,
            f"{err}: is it running? (see --api-url, --auth-url)",
        )
    if isinstance(err, PreconditionFailed):  # a write outside commands.changes, which says more
        return ExitCode.CHANGED_ELSEWHERE, "the task changed elsewhere since it was read: nothing written"
    if isinstance(err, Unauthorized | Forbidden) and err.code in API_KEY_REFUSED:
        return ExitCode.NOT_SIGNED_IN, "the API key (TODO_API_KEY) is invalid, revoked or expired"
    if isinstance(err, Unauthorized):
        if err.code == "INVALID_EMAIL_OR_PASSWORD":
            return ExitCode.NOT_SIGNED_IN, "wrong email or password"
        return ExitCode.NOT_SIGNED_IN, "your session has expired or was revoked: run `todo login`"
    if isinstance(err, NotFound):
        return ExitCode.NOT_FOUND, err.detail
    if isinstance(err, ValidationFailed):
        return ExitCode.USAGE, f"rejected: {err}"
    if isinstance(err, ServiceUnavailable):
        return ExitCode.UNAVAILABLE, f"the server is unavailable right now ({err.detail}): try again shortly"
    if isinstance(err, ServerError):
        return ExitCode.ERROR, f"the server failed: {err.detail} (HTTP {err.status_code})"
    if isinstance(err, ApiError):
        return ExitCode.ERROR, f"{err.detail} (HTTP {err.status_code})"
    return ExitCode.ERROR, str(err)


@contextmanager
def handle_errors(*, not_found: str | None = None) -> Iterator[None]:
    """Print SDK failures as one line on stderr and exit with their code; anything else is a bug and shows.

    not_found: the line to print for a 404 (e.g. "task 12 not found") instead of the API's generic detail.
    """
    try:
        yield
    except TodosError as err:
        code, message = describe(err)
        error(not_found if not_found and isinstance(err, NotFound) else message)
        raise typer.Exit(code) from err
