"""Error responses declared in the OpenAPI schema, so generated clients get typed errors."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from todos_api.core.errors import ErrorCode

Responses = dict[int | str, dict[str, Any]]


class ErrorResponse(BaseModel):
    status_code: int
    code: ErrorCode = Field(
        description="Stable machine-readable error code, e.g. `todo_not_found`: key on it, not on the status."
    )
    detail: str = Field(description="Human-readable explanation.")


class ValidationErrorItem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorResponse(ErrorResponse):
    errors: list[ValidationErrorItem]


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorResponse, "description": description}


def error_response(status_code: int, description: str) -> Responses:
    return {status_code: _error(description)}


UNAUTHORIZED: Responses = {401: _error("Missing, invalid or expired token, or its user/session is gone.")}
NOT_FOUND: Responses = {404: _error("No such todo for this user.")}
CURSOR_EXPIRED: Responses = {
    410: _error("`cursor_expired`: the cursor is older than the feed's retention; re-read the list.")
}
TOO_LARGE: Responses = {413: _error("Request body too large.")}
INVALID: Responses = {422: {"model": ValidationErrorResponse, "description": "Invalid request."}}
SERVER: Responses = {
    500: _error("Unexpected server error."),
    503: _error("Database or identity provider unavailable; retry later."),
}


# What a client can do next with the todo it created: OpenAPI links from the 201 to the operations that take
# its id. Documentation shows them, and stateful fuzzers (schemathesis) follow them to chain requests.
CREATED_TODO_LINKS: dict[str, Any] = {
    name: {
        "operationId": f"todos-{operation}",
        "parameters": {"todo_id": "$response.body#/id"},
        "description": f"{verb} the created todo: its `id` is the `todo_id`.",
    }
    for name, operation, verb in (
        ("GetTodo", "get_todo", "Read"),
        ("UpdateTodo", "update_todo", "Update"),
        ("CompleteTodo", "complete_todo", "Toggle or set the completion of"),
        ("DeleteTodo", "delete_todo", "Delete"),
    )
}
