"""``/api/v1/todos``: the task endpoints, the trash and the change feed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Path, Query, Response, status
from pydantic_core import to_json

from todos_api.core.errors import InvalidCursor
from todos_api.feed import changes, feed_cursor
from todos_api.http import API_V1_PREFIX, generate_unique_id
from todos_api.http.deps import CurrentCaller
from todos_api.http.lean_route import LeanRoute
from todos_api.http.params import NOT_NULL, STRICT_BOOL, STRICT_INT
from todos_api.http.responses import (
    CREATED_TODO_LINKS,
    CURSOR_EXPIRED,
    INVALID,
    NOT_FOUND,
    SERVER,
    TOO_LARGE,
    UNAUTHORIZED,
)
from todos_api.http.write_headers import (
    IF_NONE_MATCH,
    NOT_MODIFIED,
    ConditionsDep,
    KeyedConditionsDep,
    parameters,
    write_operation,
    written,
)
from todos_api.model.models import TodoCreate, TodoPublic, TodoUpdate, not_null_in_schema
from todos_api.model.schemas import ChangePage, TodoCompletion, TodoPage, TodoSort
from todos_api.model.text_rules import NO_NUL
from todos_api.todos import crud
from todos_api.todos.conditional import if_match_versions, if_none_match_hits
from todos_api.todos.cursor import CURSOR_MAX_LENGTH, CURSOR_PATTERN
from todos_api.todos.idempotency import REPLAYED_HEADER

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


def todo_response(answer: crud.Written, status_code: int = 200) -> Response:
    """A written todo with its ETag (and Location for a create); a replay says so."""
    todo = answer.todo
    headers = {"ETag": todo["etag"]}
    if status_code == status.HTTP_201_CREATED:
        headers["Location"] = f"{router.prefix}/{todo['id']}"
    if answer.replayed:
        headers[REPLAYED_HEADER] = "true"
    return json_response(todo, status_code, headers)


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
    trashed: Annotated[
        bool | None,
        Query(description="true: list the trash (tasks deleted in the last 30 days) instead."),
        STRICT_BOOL,
    ] = None,
    cursor: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=CURSOR_MAX_LENGTH,
            pattern=CURSOR_PATTERN,
            description=(
                "The `next_cursor` of the previous page (same filters and `sort`): the page after it, at the "
                "cost of a first page. Not combined with `skip` > 0."
            ),
        ),
    ] = None,
) -> Response:
    """List your todos, newest first by default, with filters and pagination (skip or cursor)."""
    page = await crud.list_todos(
        caller.db,
        caller.identity,
        skip=skip,
        limit=limit,
        completed=completed,
        search=q,
        sort=sort,
        trashed=bool(trashed),
        cursor=cursor,
    )
    return json_response(
        {
            "items": page.items,
            "total": page.total,
            "skip": skip,
            "limit": limit,
            "next_cursor": page.next_cursor,
            "total_is_exact": page.total_is_exact,
        }
    )


LOCATION = {"Location": {"description": "Path of the new todo.", "schema": {"type": "string"}}}


@router.post(
    "",
    response_model=TodoPublic,
    **write_operation(
        status.HTTP_201_CREATED, conditional=False, also=LOCATION, links=CREATED_TODO_LINKS, errors=TOO_LARGE
    ),
)
async def create_todo(caller: CurrentCaller, conditions: KeyedConditionsDep, body: TodoCreate) -> Response:
    """Create a todo; its URL is in the Location header. With an Idempotency-Key, retries create it once."""
    answer = await crud.create_todo(
        caller.db,
        caller.identity,
        body.title,
        body.description,
        conditions.keyed,
        due_string=body.due_string,
        timezone=body.timezone,
        priority=body.priority if body.priority is not None else 4,
        labels=body.labels or (),
    )
    return todo_response(answer, status.HTTP_201_CREATED)


@router.get("/changes", response_model=ChangePage, responses=CURSOR_EXPIRED)
async def list_changes(
    caller: CurrentCaller,
    since: Annotated[
        str | None,
        # Off the pattern: 422 validation_error; of it but not sealed by us for this user: invalid_cursor.
        Query(
            pattern=changes.CURSOR_PATTERN,
            description="`next_cursor` of the previous page (opaque); absent: from the beginning.",
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="Page size."), STRICT_INT] = 100,
) -> Response:
    """Every task created, changed, trashed or deleted since the cursor, oldest first, in commit order."""
    codec = await caller.cursor_keys.codec(caller.db)
    user_id = caller.identity.user_id
    try:
        cursor = codec.open(since, user_id) if since is not None else None
    except feed_cursor.CursorInvalid as err:  # of the declared form, but altered, another user's, or future
        raise InvalidCursor("The cursor is not one this feed returned to you.", location="since") from err
    page = await changes.read_changes(caller.db, caller.identity, cursor, limit)
    next_cursor = codec.seal(page.next_cursor, user_id)
    return json_response({"items": page.items, "next_cursor": next_cursor, "has_more": page.has_more})


@router.get(
    "/{todo_id}",
    response_model=TodoPublic,
    responses={**written(200), **NOT_MODIFIED, **NOT_FOUND},
    openapi_extra=parameters(IF_NONE_MATCH),
)
async def get_todo(caller: CurrentCaller, conditions: ConditionsDep, todo_id: TodoId) -> Response:
    """Get one of your todos (304 when If-None-Match still names it)."""
    todo = await crud.get_todo(caller.db, caller.identity, todo_id)
    tag = todo["etag"]
    if if_none_match_hits(conditions.if_none_match, tag):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers={"ETag": tag})
    return json_response(todo, headers={"ETag": tag})


@router.put(
    "/{todo_id}",
    response_model=TodoPublic,
    **write_operation(200, errors={**NOT_FOUND, **TOO_LARGE}),
)
async def update_todo(
    caller: CurrentCaller, conditions: KeyedConditionsDep, todo_id: TodoId, body: TodoUpdate
) -> Response:
    """Update a todo: only the fields sent change (412 when If-Match names an older version)."""
    # The fields sent, as model_dump(exclude_unset=True) gives them, at a tenth of its cost (SQLModel's
    # model_dump is slow, and this is the hot path of every conditional edit).
    changes = {name: getattr(body, name) for name in body.model_fields_set}
    versions = if_match_versions(conditions.if_match, todo_id)
    answer = await crud.update_todo(caller.db, caller.identity, todo_id, changes, versions, conditions.keyed)
    return todo_response(answer)


@router.delete("/{todo_id}", **write_operation(status.HTTP_204_NO_CONTENT, errors=NOT_FOUND))
async def delete_todo(
    caller: CurrentCaller,
    conditions: KeyedConditionsDep,
    todo_id: TodoId,
    permanent: Annotated[
        bool,
        Query(description="Delete for good (also a task in the trash) instead of trashing it."),
        STRICT_BOOL,
    ] = False,
) -> Response:
    """Move a todo to the trash, or delete it for good (412 when If-Match names an older version)."""
    versions = if_match_versions(conditions.if_match, todo_id)
    replayed = await crud.delete_todo(
        caller.db, caller.identity, todo_id, versions, permanent=permanent, keyed=conditions.keyed
    )
    headers = {REPLAYED_HEADER: "true"} if replayed else None
    return Response(status_code=status.HTTP_204_NO_CONTENT, headers=headers)


@router.post("/{todo_id}/restore", response_model=TodoPublic, **write_operation(200, errors=NOT_FOUND))
async def restore_todo(caller: CurrentCaller, conditions: KeyedConditionsDep, todo_id: TodoId) -> Response:
    """Take a todo out of the trash (a live todo is answered unchanged, so retrying is harmless)."""
    versions = if_match_versions(conditions.if_match, todo_id)
    answer = await crud.restore_todo(caller.db, caller.identity, todo_id, versions, conditions.keyed)
    return todo_response(answer)


@router.patch(
    "/{todo_id}/complete",
    response_model=TodoPublic,
    **write_operation(200, errors={**NOT_FOUND, **TOO_LARGE}),
)
async def complete_todo(
    caller: CurrentCaller,
    conditions: KeyedConditionsDep,
    todo_id: TodoId,
    body: Annotated[TodoCompletion | None, Body(json_schema_extra=not_null_in_schema), NOT_NULL] = None,
) -> Response:
    """Toggle completion without a body, or set it with {"is_completed": bool} (safe to retry)."""
    state = body.is_completed if body is not None else None
    versions = if_match_versions(conditions.if_match, todo_id)
    answer = await crud.set_completion(caller.db, caller.identity, todo_id, state, versions, conditions.keyed)
    return todo_response(answer)
