"""Every error leaves the service as ``{status_code, code, detail}`` (+ ``errors`` for 422)."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from todos_api.core.errors import ApiError, ErrorCode

logger = logging.getLogger(__name__)

# The framework's own HTTP errors (routing, body parsing); any other status, which our code never raises,
# answers `http_error`, so that every code stays one of ErrorCode's.
FRAMEWORK_CODES = {
    400: ErrorCode.BAD_REQUEST,
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.METHOD_NOT_ALLOWED,
    413: ErrorCode.PAYLOAD_TOO_LARGE,
}


def error_body(status_code: int, code: str, detail: str, **extra: Any) -> dict[str, Any]:
    return {"status_code": status_code, "code": code, "detail": detail, **extra}


def error_response(
    status_code: int, code: str, detail: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    return JSONResponse(
        error_body(status_code, code, detail, **extra), status_code=status_code, headers=headers
    )


async def handle_api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status_code, exc.code, exc.detail, exc.headers, **(exc.extra or {}))


async def handle_http_exception(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400 and isinstance(exc.__cause__, ValueError | RecursionError):
        # FastAPI answers 400 "error parsing the body" for JSON it cannot even decode (bad UTF-8, nesting
        # too deep for the parser) but 422 `json_invalid` for bad JSON syntax. Both are unparsable JSON:
        # one answer, the 422 every route declares (LeanRoute and FastAPI's handler raise the same 400).
        unparsable = [{"type": "json_invalid", "loc": ("body",), "msg": "JSON decode error"}]
        return await handle_validation_error(request, RequestValidationError(unparsable))
    phrase = HTTPStatus(exc.status_code).phrase
    code = FRAMEWORK_CODES.get(exc.status_code, ErrorCode.HTTP_ERROR)
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail else phrase
    headers = dict(exc.headers) if exc.headers else None
    if exc.status_code == 405 and not getattr(exc, "exact_allow", False):  # api/literal_paths.py: exact
        headers = {**(headers or {}), "Allow": allowed_methods(request)}
    return error_response(exc.status_code, code, detail, headers)


def allowed_methods(request: Request) -> str:
    """Every method served at the request's path, for ``Allow`` (RFC 9110 §15.5.6).

    Starlette's router hands a wrong-method request to the first route whose path matches, and that route
    names only its own methods: ``GET`` for ``/api/v1/todos``, where ``POST`` is served too.
    """
    methods: set[str] = set()
    for route in request.app.router.routes:
        route_methods = getattr(route, "methods", None)
        if route_methods and route.matches(request.scope)[0] is not Match.NONE:
            methods |= route_methods
    if "GET" in methods:
        methods.add("HEAD")  # served wherever GET is (http/head.py), though not declared on the routes
    return ", ".join(sorted(methods))


async def handle_validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # Only loc/msg/type: pydantic's `input` and `ctx` could echo request data back.
    errors = [
        {
            "loc": list(error.get("loc", ())),
            "msg": str(error.get("msg", "")),
            "type": str(error.get("type", "")),
        }
        for error in exc.errors()
    ]
    first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
    where = ".".join(str(part) for part in first["loc"])
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    detail = f"{where}: {first['msg']}{more}" if where else f"{first['msg']}{more}"
    # A cursor off its declared pattern is refused by that rule, but keeps the code clients key on for a
    # cursor that is not one we gave out (as an altered or foreign one of the right form is).
    cursor_only = errors and all(tuple(error["loc"]) in _CURSOR_PARAMETERS for error in errors)
    code = ErrorCode.INVALID_CURSOR if cursor_only else ErrorCode.VALIDATION_ERROR
    return error_response(422, code, detail, errors=errors)


_CURSOR_PARAMETERS = {("query", "cursor"), ("query", "since")}


async def handle_unexpected(request: Request, exc: Exception) -> JSONResponse:
    logger.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(ApiError.status_code, ApiError.code, ApiError.detail)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, handle_api_error)
    app.add_exception_handler(StarletteHTTPException, handle_http_exception)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(Exception, handle_unexpected)
