"""``HEAD`` wherever ``GET`` is (RFC 9110 §9.3.2): the GET route runs, the server sends status and headers.

Starlette adds HEAD to a plain ``Route`` declared with GET, but FastAPI's ``APIRoute`` keeps exactly the
methods declared, so HEAD was a 405 on every route. Declaring HEAD on each route would publish it in the
OpenAPI document as a second operation per GET (same parameters, another operation id, another SDK
function); so routes of this class serve HEAD with their GET handler without declaring it. The handler runs
as for GET (the same statement, the same 401/404/304...); uvicorn sends the headers, ``Content-Length``
included, and drops the body, as it does for any HEAD request. A handler whose GET answer never ends (the
event stream) checks ``request.method`` and answers HEAD with the stream's headers only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.routing import APIRoute
from starlette.routing import Match
from starlette.types import Receive, Scope, Send


class HeadAsGetRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, endpoint, **kwargs)
        self.serves_head = "GET" in (self.methods or ())

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        match, child_scope = super().matches(scope)
        # PARTIAL: the path is this route's, the method is not (a 405 unless another route takes it).
        if match is Match.PARTIAL and self.serves_head and scope["method"] == "HEAD":
            return Match.FULL, child_scope
        return match, child_scope

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.serves_head and scope["method"] == "HEAD":
            await self.app(scope, receive, send)  # what the base class does for a method it declares
        else:
            await super().handle(scope, receive, send)
