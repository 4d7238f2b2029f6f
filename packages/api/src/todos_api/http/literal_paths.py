"""405 for the wrong methods on ``/todos/changes`` and ``/todos/events``.

Both paths also fit ``/todos/{todo_id}``, so Starlette would hand ``PUT /todos/changes`` to the update route,
which answers 422 (``todo_id`` is not an integer) instead of the 405 an undeclared method gets everywhere
else. A route per path, placed before the todo routes and left out of the schema, takes the other methods
and answers 405 with the ``Allow`` of the path's real route.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.routing import Route

OTHER_METHODS = ["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]
ALLOW = "GET, HEAD"  # the only methods of both paths (Starlette adds HEAD to a GET route)


class _MethodNotAllowed(HTTPException):
    exact_allow = True  # handlers.py keeps this Allow (it computes one from the routes otherwise)


async def _method_not_allowed(_request: Request) -> None:
    raise _MethodNotAllowed(405, headers={"Allow": ALLOW})


def method_guards(*paths: str) -> list[Route]:
    return [
        Route(path, _method_not_allowed, methods=OTHER_METHODS, include_in_schema=False) for path in paths
    ]
