"""The baseline's conditional PUT and keyed POST: Starlette + asyncpg, the same work as the real API.

The statements are the API's own (``todos_api.db.queries``): what is compared is everything around the
statement (framework, validation, header parsing, JSON), and sharing the SQL text guarantees that the
database does exactly the same work on both sides; so is the request fingerprint
(``todos_api.todos.idempotency.fingerprint``). The rest is written out here as plainly as possible: parse
``If-Match`` / check ``Idempotency-Key``, one statement, answer with ETag (and Location), a replay from the
stored JSON, 409/412/422 in the API's error shape.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import asyncpg
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from todos_api.db.queries import CREATE_TODO_KEYED, FIELDS, UPDATE_TODO
from todos_api.model.etag import etag as todo_etag
from todos_api.todos.idempotency import fingerprint

_TAG = re.compile(r'\s*(W/)?"([^"]*)"\s*(?:,|$)')
UPDATE_FIELDS = frozenset({"title", "description", "is_completed"})

Error = Callable[..., JSONResponse]


def etag(row: dict[str, Any] | asyncpg.Record) -> str:
    return todo_etag(row["id"], row["version"])  # the API's own function: one form of the tag


def if_match_versions(header: str | None, todo_id: int) -> str | None:
    if header is None or header.strip() == "*":
        return None
    prefix = f"{todo_id}-"
    versions = []
    for weak, value in _TAG.findall(header):
        number = value.removeprefix(prefix)
        if not weak and number != value and number.isascii() and number.isdigit() and len(number) < 19:
            versions.append(number)
    return ",".join(versions)


def json_object(raw: bytes, allowed: frozenset[str]) -> dict[str, Any] | None:
    """The body when it is a JSON object with no field outside ``allowed``, else None (-> 422)."""
    try:
        body = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(body, dict) or not set(body) <= allowed:
        return None
    return body


def clean_title(title: object) -> str | None:
    """The title stripped, when it is a valid one (1 to 200 characters, no NUL), else None."""
    if not isinstance(title, str) or not 1 <= len(title := title.strip()) <= 200 or "\x00" in title:
        return None
    return title


def description_ok(description: object) -> bool:
    return description is None or (
        isinstance(description, str) and len(description) <= 1000 and "\x00" not in description
    )


def parse_update(raw: bytes) -> dict[str, Any] | None:
    """The fields of a valid TodoUpdate, else None (-> 422)."""
    body = json_object(raw, UPDATE_FIELDS)
    if body is None:
        return None
    if "title" in body:
        title = clean_title(body["title"])
        if title is None:
            return None
        body["title"] = title
    if not description_ok(body.get("description")):
        return None
    if "is_completed" in body and not isinstance(body["is_completed"], bool):
        return None
    return body


async def update_todo(
    pool: asyncpg.Pool, user_id: str, session_id: str | None, request: Request, error: Error, todo_json: Any
) -> Response:
    todo_id: int = request.path_params["todo_id"]
    changes = parse_update(await request.body())
    if changes is None:
        return error(422, "validation_error", "Invalid todo.")
    versions = if_match_versions(request.headers.get("if-match"), todo_id)
    row = await pool.fetchrow(
        UPDATE_TODO,
        user_id,
        session_id,
        todo_id,
        changes.get("title"),
        changes.get("description"),
        "description" in changes,
        changes.get("is_completed"),
        versions,
        False,  # due_string not given (this raw app takes the first fields only)
        None,
        None,
        None,
    )
    if row is None:
        return error(401, "session_revoked", "The user or session behind this token no longer exists.")
    if row["id"] is None:
        if row["current_version"] is not None:
            headers = {"ETag": todo_etag(todo_id, row["current_version"])}
            return error(412, "precondition_failed", "The todo has changed.", headers)
        return error(404, "todo_not_found", "Todo not found.")
    return JSONResponse(todo_json(row), headers={"ETag": etag(row)})


async def create_keyed(
    pool: asyncpg.Pool,
    user_id: str,
    session_id: str | None,
    request: Request,
    fields: tuple[str, str | None],
    error: Error,
    todo_json: Any,
) -> Response:
    key = request.headers["idempotency-key"]
    if not 1 <= len(key) <= 255:
        return error(422, "validation_error", "Invalid Idempotency-Key.")
    print_ = fingerprint(request.method, request.url.path, await request.body())
    for _ in range(3):
        try:
            # No due, priority 4, no labels: this raw app takes the first fields only.
            args = (user_id, session_id, *fields, None, 4, "[]", key, print_)
            row = await pool.fetchrow(CREATE_TODO_KEYED, *args)
        except asyncpg.UniqueViolationError:
            continue
        if row is None:
            return error(401, "session_revoked", "The user or session behind this token no longer exists.")
        if row["prior_body"] is not None:
            if not row["prior_fresh"]:
                continue
            if row["prior_fingerprint"] != print_:
                return error(422, "idempotency_key_reused", "Idempotency-Key already used.")
            stored = json.loads(row["prior_body"])
            todo = {name: stored[name] for name in FIELDS}
            for name in ("created_at", "updated_at"):
                todo[name] = datetime.fromisoformat(todo[name]).astimezone(UTC)
            headers = {"Location": f"/api/v1/todos/{todo['id']}", "ETag": etag(todo)}
            return JSONResponse(todo_json(todo), 201, headers={**headers, "Idempotent-Replayed": "true"})
        if not row["lock_free"]:
            return error(409, "idempotency_in_progress", "In progress.", {"Retry-After": "1"})
        headers = {"Location": f"/api/v1/todos/{row['id']}", "ETag": etag(row)}
        return JSONResponse(todo_json(row), 201, headers=headers)
    return error(409, "idempotency_in_progress", "In progress.", {"Retry-After": "1"})
