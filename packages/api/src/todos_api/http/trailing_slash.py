"""The trailing-slash redirect (``POST /api/v1/todos/`` → 307 ``/api/v1/todos``) with a relative ``Location``.

Starlette's router builds that redirect as an absolute URL from the request's ``Host`` header and scheme: any
client chooses the host it is sent to (``Host: evil.example`` → ``Location: http://evil.example/...``), and a
cache or a proxy that keeps the answer hands it to others. A path is all a client needs to follow it
(RFC 9110 §10.2.2 allows a relative reference), so this answers with the path and query alone and the service
builds no URL from request headers at all. Same rule as Starlette's otherwise: only when no route matches the
path as sent and one matches it with the trailing slash removed (or added).
"""

from __future__ import annotations

from urllib.parse import quote, quote_from_bytes

from fastapi import FastAPI
from starlette._utils import get_route_path
from starlette.responses import RedirectResponse
from starlette.routing import Match
from starlette.types import Receive, Scope, Send

# Characters left as they are: RFC 3986's sub-delimiters and those a path or query may hold; everything else
# (spaces, controls, non-ASCII) is percent-encoded, so the header cannot carry what a client smuggled in.
PATH_SAFE = "/:@!$&'()*+,;="
QUERY_SAFE = PATH_SAFE + "?%"


def relative_slash_redirects(app: FastAPI) -> None:
    """Replaces the router's slash redirect with one whose ``Location`` is a path."""
    router = app.router
    router.redirect_slashes = False
    not_found = router.default

    async def default(scope: Scope, receive: Receive, send: Send) -> None:
        # Reached only when no route matched the request, fully or by path alone (then it is a 405).
        location = _redirect_location(app, scope) if scope["type"] == "http" else None
        if location is None:
            await not_found(scope, receive, send)
        else:
            await RedirectResponse(location, status_code=307)(scope, receive, send)

    router.default = default


def _redirect_location(app: FastAPI, scope: Scope) -> str | None:
    route_path = get_route_path(scope)
    if route_path == "/":
        return None
    path: str = scope["path"]
    other = {**scope, "path": path.rstrip("/") if route_path.endswith("/") else path + "/"}
    if not any(route.matches(other)[0] is not Match.NONE for route in app.router.routes):
        return None
    location = quote(other["path"], safe=PATH_SAFE)
    query: bytes = scope.get("query_string", b"")
    return f"{location}?{quote_from_bytes(query, safe=QUERY_SAFE)}" if query else location
