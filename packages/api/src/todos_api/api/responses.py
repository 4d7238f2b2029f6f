"""Error responses declared in the OpenAPI schema, so generated clients get typed errors."""

from __future__ import annotations

from typing import Any

from todos_api.schemas import ErrorResponse, ValidationErrorResponse

Responses = dict[int | str, dict[str, Any]]


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorResponse, "description": description}


UNAUTHORIZED: Responses = {401: _error("Missing, invalid or expired token, or its user/session is gone.")}
NOT_FOUND: Responses = {404: _error("No such todo for this user.")}
TOO_LARGE: Responses = {413: _error("Request body too large.")}
INVALID: Responses = {422: {"model": ValidationErrorResponse, "description": "Invalid request."}}
SERVER: Responses = {
    500: _error("Unexpected server error."),
    503: _error("Database or identity provider unavailable; retry later."),
}
