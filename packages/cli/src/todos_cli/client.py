"""The SDK client for a command, and the one place that turns failures into a one-line message + exit code."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Literal

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
    """No credential: neither TODO_API_KEY, TODO_TOKEN nor a stored session."""


CredentialSource = Literal["TODO_API_KEY", "TODO_TOKEN", "stored_session"]


@dataclass(frozen=True)
class Credential:
    """What this run signs in with, and where it came from (`todo whoami` tells the user which)."""

    source: CredentialSource
    secret: str = field(repr=False)  # never in a traceback or a log line

    @property
    def is_api_key(self) -> bool:
        return self.source == "TODO_API_KEY"


def session_credential(settings: Settings) -> Credential:
    """The session a person signed in with: TODO_TOKEN, else the stored one (`todo keys` need a session)."""
    if token := settings.token_from_env:
        return Credential("TODO_TOKEN", token)
    if token := load_token(settings.profile):
        return Credential("stored_session", token)
    raise NotSignedIn("not signed in: run `todo login` (or set TODO_TOKEN)")


def credential(settings: Settings) -> Credential:
    """The one rule for what the API commands sign in with: TODO_API_KEY (automation), else the session."""
    if api_key := settings.api_key_from_env:
        return Credential("TODO_API_KEY", api_key)
    return session_credential(settings)


def session_token(settings: Settings) -> str:
    return session_credential(settings).secret


def open_client(settings: Settings) -> TodosClient:
    """A client signed in with the credential `credential()` picks (the one `todo whoami` reports)."""
    used = credential(settings)
    if used.is_api_key:
        return TodosClient.from_api_key(used.secret, api_url=settings.api_url, auth_url=settings.auth_url)
    return TodosClient(used.secret, api_url=settings.api_url, auth_url=settings.auth_url)


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
            f"{err}: is it running? (on other ports: TODO_API_URL, TODO_AUTH_URL or --api-url, --auth-url)",
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
    if isinstance(err, ApiError) and err.status_code == 429:
        return ExitCode.RATE_LIMITED, f"too many requests ({err.detail}): {_when_to_retry(err)}"
    if isinstance(err, ValidationFailed):
        return ExitCode.USAGE, f"rejected: {err}"
    if isinstance(err, ServiceUnavailable):
        return ExitCode.UNAVAILABLE, f"the server is unavailable right now ({err.detail}): try again shortly"
    if isinstance(err, ServerError):
        return ExitCode.ERROR, f"the server failed: {err.detail} (HTTP {err.status_code})"
    if isinstance(err, ApiError):
        return ExitCode.ERROR, f"{err.detail} (HTTP {err.status_code})"
    return ExitCode.ERROR, str(err)


def _when_to_retry(err: ApiError) -> str:
    # The API sends Retry-After (read by the SDK: seconds or an HTTP-date); Better Auth's rate limiter sends
    # X-Retry-After (seconds).
    seconds = err.retry_after
    if seconds is None:
        fallback = err.headers.get("x-retry-after", "").strip()
        seconds = float(fallback) if fallback.isdigit() else None
    return f"try again in {seconds:.0f} s" if seconds is not None else "try again shortly"


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
