"""The conditional and idempotency headers of the todo routes: read per request, declared for OpenAPI.

They are read by request-only dependencies rather than declared as FastAPI ``Header`` parameters: a route
with header parameters leaves ``LeanRoute``'s short handler for FastAPI's own (docs/decisions.md). The same
headers are declared in the OpenAPI operation through ``openapi_extra``, so the contract and the generated
clients still know them. ``tests/unit/api/test_write_headers.py`` holds the two together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError

from todos_api.http.responses import ErrorResponse, Responses
from todos_api.todos.conditional import IF_MATCH_PATTERN, if_match_is_well_formed
from todos_api.todos.idempotency import KEY_MAX_LENGTH, REPLAYED_HEADER, KeyedRequest, fingerprint


@dataclass(frozen=True, slots=True)
class Conditions:
    if_match: str | None = None
    if_none_match: str | None = None
    keyed: KeyedRequest | None = None


async def read_conditions(request: Request) -> Conditions:
    headers = request.headers
    if request.method in ("GET", "HEAD"):  # reads declare and use If-None-Match only
        return Conditions(None, headers.get("if-none-match"))
    return Conditions(_if_match(headers.get("if-match")), headers.get("if-none-match"))


async def read_keyed_conditions(request: Request) -> Conditions:
    headers = request.headers
    key = headers.get("idempotency-key")
    keyed = None
    if key is not None:
        _check_key(key)
        body = await request.body()  # already read (and cached) by the route's body handling
        keyed = KeyedRequest(key, fingerprint(request.method, _target(request), body))
    return Conditions(_if_match(headers.get("if-match")), None, keyed)


def _if_match(value: str | None) -> str | None:
    """If-Match as sent, or a 422 when it breaks the declared rule (IF_MATCH's pattern, which refuses "")."""
    if value is None or if_match_is_well_formed(value):
        return value
    if value:
        kind, message = "pattern_mismatch", f"String should match pattern '{IF_MATCH_PATTERN}'"
    else:
        kind, message = "too_short", "String should have at least 1 character"
    raise RequestValidationError([{"type": f"string_{kind}", "loc": ("header", "If-Match"), "msg": message}])


def _target(request: Request) -> str:
    """The path, and the query when there is one: `DELETE …?permanent=true` is another request than the
    plain DELETE. Without a query it is the path alone, as before, so keys stored earlier still match."""
    path: str = request.scope["path"]
    query: bytes = request.scope["query_string"]
    return f"{path}?{query.decode('latin-1')}" if query else path


def _check_key(key: str) -> None:
    if 1 <= len(key) <= KEY_MAX_LENGTH:
        return
    kind, bound = ("too_long", "at most 255") if key else ("too_short", "at least 1")
    error = {
        "type": f"string_{kind}",
        "loc": ("header", "Idempotency-Key"),
        "msg": f"String should have {bound} character{'s' if key else ''}",
    }
    raise RequestValidationError([error])


ConditionsDep = Annotated[Conditions, Depends(read_conditions)]
KeyedConditionsDep = Annotated[Conditions, Depends(read_keyed_conditions)]


# OpenAPI declarations (openapi_extra's lists are appended to FastAPI's own parameters).
def _header(name: str, description: str, **schema: Any) -> dict[str, Any]:
    return {
        "name": name,
        "in": "header",
        "required": False,
        "description": description,
        "schema": {"type": "string", **schema},
    }


IF_MATCH = _header(
    "If-Match",
    'Write only if the todo is still at this ETag (its `etag`, `"<id>-<version>"`); else 412. `*`: any. '
    "Empty or not a list of entity tags: 422.",
    pattern=IF_MATCH_PATTERN,
)
IF_NONE_MATCH = _header("If-None-Match", "Answer 304 without a body if the todo still has this ETag.")
IDEMPOTENCY_KEY = _header(
    "Idempotency-Key",
    "A unique value per logical request (e.g. a UUID), reused on its retries: the first answer is stored "
    "for 24 hours and replayed to a retry instead of doing the work again.",
    minLength=1,
    maxLength=KEY_MAX_LENGTH,
)


def parameters(*headers: dict[str, Any]) -> dict[str, Any]:
    return {"parameters": list(headers)}


def _response_header(description: str) -> dict[str, Any]:
    return {"description": description, "schema": {"type": "string"}}


ETAG = {"ETag": _response_header('The todo\'s entity tag, `"<id>-<version>"`.')}
REPLAYED = {REPLAYED_HEADER: _response_header("`true` when this is the stored answer to an earlier request.")}


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorResponse, "description": description}


def written(
    status_code: int,
    *,
    keyed: bool = False,
    also: dict[str, Any] | None = None,
    links: dict[str, Any] | None = None,
) -> Responses:
    """The success answer: its headers (``also``, ETag but on a 204, on keyed routes Idempotent-Replayed),
    its links."""
    tagged = ETAG if status_code != 204 else {}
    answer: dict[str, Any] = {"headers": {**(also or {}), **tagged, **(REPLAYED if keyed else {})}}
    if links:
        answer["links"] = links
    return {status_code: answer}


NOT_MODIFIED: Responses = {
    304: {"description": "The todo still has the ETag in If-None-Match.", "headers": ETAG}
}
PRECONDITION_FAILED: Responses = {
    412: {**_error("If-Match names another version of the todo."), "headers": ETAG}
}
IN_PROGRESS: Responses = {
    409: {
        **_error("A request with this Idempotency-Key is still in progress."),
        "headers": {"Retry-After": _response_header("Seconds to wait before retrying.")},
    }
}


def write_operation(
    status_code: int,
    *,
    conditional: bool = True,
    also: dict[str, Any] | None = None,
    links: dict[str, Any] | None = None,
    errors: Responses | None = None,
) -> dict[str, Any]:
    """The declaration of a write route: ``@router.put(path, response_model=…, **write_operation(200))``.

    Every write takes an Idempotency-Key (and, when ``conditional``, If-Match), read by
    ``KeyedConditionsDep``: the success answer says when it is a replay, 409 when the key's first request
    still runs, 412 for a stale If-Match. tests/unit/api/test_write_headers.py fails for a write route
    declared without it.
    """
    responses: Responses = {
        **written(status_code, keyed=True, also=also, links=links),
        **IN_PROGRESS,
        **(PRECONDITION_FAILED if conditional else {}),
        **(errors or {}),
    }
    headers = (IF_MATCH, IDEMPOTENCY_KEY) if conditional else (IDEMPOTENCY_KEY,)
    return {"status_code": status_code, "responses": responses, "openapi_extra": parameters(*headers)}
