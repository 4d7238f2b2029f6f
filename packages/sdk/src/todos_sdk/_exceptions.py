"""The exceptions todos_sdk raises: one family, so that `except TodosError` catches everything.

    TodosError
    ├── ServerUnreachable          no answer: connection refused, DNS failure, timeout
    └── ApiError                   the server answered with an error: status_code, code, detail, errors
        ├── Unauthorized           401: no session, session expired or revoked, wrong email or password
        ├── Forbidden              403
        ├── NotFound               404: no such task, or not yours (the API answers both the same way)
        ├── ValidationFailed       400, 422: the input was rejected; `errors` names the fields
        └── ServerError            5xx
            └── ServiceUnavailable 503: the server is up but cannot serve now (e.g. its database is down)

Both the API (`{"status_code", "code", "detail", "errors"?}`) and Better Auth (`{"code", "message"}`) answer
errors in JSON; `ApiError.from_response` reads either, and anything else (a proxy's HTML page) too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

__all__ = [
    "ApiError",
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
    ) -> None:
        super().__init__(detail)
        self.status_code = status_code
        self.code = code
        self.detail = detail
        self.errors = errors
        self.body = body

    def __str__(self) -> str:
        if self.errors:
            return "; ".join(str(error) for error in self.errors)
        return self.detail

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"{name}(status_code={self.status_code}, code={self.code!r}, detail={self.detail!r})"

    @staticmethod
    def from_response(status_code: int, content: bytes) -> ApiError:
        """The exception for an error answer, of the subclass that matches its status code."""
        body = _json_object(content)
        code = str(body.get("code") or _default_code(status_code))
        detail = body.get("detail") if isinstance(body.get("detail"), str) else body.get("message")
        if not isinstance(detail, str) or not detail:
            detail = _default_detail(status_code, content)
        errors = tuple(_field_errors(body.get("errors")))
        return _error_class(status_code)(status_code, code, detail, errors, body=content)


class Unauthorized(ApiError):
    """401: no valid session or token (sign in again), or wrong email or password."""


class Forbidden(ApiError):
    """403: the server refused the request."""


class NotFound(ApiError):
    """404: the task does not exist or belongs to someone else."""


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
    return {401: "unauthorized", 403: "forbidden", 404: "not_found", 422: "validation_error"}.get(
        status_code, f"http_{status_code}"
    )


def _default_detail(status_code: int, content: bytes) -> str:
    text = content.decode(errors="replace").strip()
    first_line = text.splitlines()[0][:200] if text else ""
    return f"HTTP {status_code}" + (
        f": {first_line}" if first_line and not first_line.startswith("<") else ""
    )
