"""``/api/v1/todos``: the six task endpoints."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Response, status
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import to_json

from todos_api import crud
from todos_api.api import API_V1_PREFIX, generate_unique_id
from todos_api.api.deps import CurrentCaller
from todos_api.api.lean_route import LeanRoute
from todos_api.api.params import NOT_NULL, STRICT_BOOL, STRICT_INT
from todos_api.api.responses import CREATED_TODO_LINKS, INVALID, NOT_FOUND, SERVER, TOO_LARGE, UNAUTHORIZED
from todos_api.models import TodoCreate, TodoPublic, TodoUpdate
from todos_api.schemas import TodoCompletion, TodoPage, TodoSort
from todos_api.text_rules import NO_NUL

BIGINT_MAX = 2**63 - 1

# The full prefix here, and main.py adds these routes to the app directly: an included router costs FastAPI
# a wrapping layer on every request. LeanRoute: FastAPI declares these routes, a short handler serves them.
router = APIRouter(
    prefix=f"{API_V1_PREFIX}/todos",
    tags=["todos"],
    responses={**UNAUTHORIZED, **INVALID, **SERVER},
    generate_unique_id_function=generate_unique_id,
    route_class=LeanRoute,
)


def json_response(content: object, status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    """The answer, serialized once by pydantic-core.

    The handlers return this instead of the data: FastAPI would otherwise validate the data against
    ``response_model`` and serialize it again on every request. ``response_model`` stays declared, for
    the OpenAPI document; the rows come from our own statements, so their shape is already TodoPublic's
    (the contract tests compare the answers with the schema).
    """
    return Response(to_json(content), status_code, headers, media_type="application/json")


TodoId = Annotated[int, Path(ge=1, le=BIGINT_MAX, description="The todo's id."), STRICT_INT]


@router.get("", response_model=TodoPage)
async def list_todos(
    caller: CurrentCaller,
    skip: Annotated[int, Query(ge=0, le=BIGINT_MAX, description="Items to skip."), STRICT_INT] = 0,
    limit: Annotated[int, Query(ge=1, le=100, description="Page size."), STRICT_INT] = 100,
    completed: Annotated[
        bool | None, Query(description="Only completed (true) or open (false) todos."), STRICT_BOOL
    ] = None,
    q: Annotated[
        str | None,
        Query(min_length=1, max_length=200, description="Case-insensitive text in title or description."),
        NO_NUL,
    ] = None,
    sort: Annotated[TodoSort, Query(description="Order of the items.")] = TodoSort.CREATED_AT_DESC,
) -> Response:
    """List your todos, newest first by default, with filters and pagination."""
    items, total = await crud.list_todos(
        caller.db, caller.identity, skip=skip, limit=limit, completed=completed, search=q, sort=sort
    )
    return json_response({"items": items, "total": total, "skip": skip, "limit": limit})


CREATED: dict[int | str, dict[str, Any]] = {
    201: {
        "headers": {"Location": {"description": "Path of the new todo.", "schema": {"type": "string"}}},
        "links": CREATED_TODO_LINKS,
    }
}


@router.post(
    "", response_model=TodoPublic, status_code=status.HTTP_201_CREATED, responses={**CREATED, **TOO_LARGE}
)
async def create_todo(caller: CurrentCaller, body: TodoCreate) -> Response:
    """Create a todo; its URL is in the Location header."""
    todo = await crud.create_todo(caller.db, caller.identity, body.title, body.description)
    return json_response(todo, status.HTTP_201_CREATED, {"Location": f"{router.prefix}/{todo['id']}"})


@router.get("/{todo_id}", response_model=TodoPublic, responses=NOT_FOUND)
async def get_todo(caller: CurrentCaller, todo_id: TodoId) -> Response:
    """Get one of your todos."""
    return json_response(await crud.get_todo(caller.db, caller.identity, todo_id))


@router.put("/{todo_id}", response_model=TodoPublic, responses={**NOT_FOUND, **TOO_LARGE})
async def update_todo(caller: CurrentCaller, todo_id: TodoId, body: TodoUpdate) -> Response:
    """Update a todo: only the fields sent change."""
    changes = body.model_dump(exclude_unset=True)
    return json_response(await crud.update_todo(caller.db, caller.identity, todo_id, changes))


@router.delete("/{todo_id}", status_code=status.HTTP_204_NO_CONTENT, responses=NOT_FOUND)
async def delete_todo(caller: CurrentCaller, todo_id: TodoId) -> Response:
    """Delete a todo."""
    await crud.delete_todo(caller.db, caller.identity, todo_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.patch("/{todo_id}/complete", response_model=TodoPublic, responses={**NOT_FOUND, **TOO_LARGE})
async def complete_todo(
    caller: CurrentCaller,
    todo_id: TodoId,
    body: Annotated[TodoCompletion | SkipJsonSchema[None], Body(), NOT_NULL] = None,
) -> Response:
    """Toggle completion without a body, or set it with {"is_completed": bool} (safe to retry)."""
    state = body.is_completed if body is not None else None
    return json_response(await crud.set_completion(caller.db, caller.identity, todo_id, state))
