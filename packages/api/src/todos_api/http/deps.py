"""Dependencies shared by the routers, as ``Annotated`` aliases."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPBearer

from todos_api.auth.security import Identity, TokenVerifier
from todos_api.core.errors import NotAuthenticated
from todos_api.db.pool import Database
from todos_api.feed.cursor_key import CursorKeys


@dataclass(frozen=True, slots=True)
class Caller:
    """The verified identity of the request, the database its statement runs on, and the change feed's key."""

    identity: Identity
    db: Database
    cursor_keys: CursorKeys


class BearerCaller(HTTPBearer):
    """The Bearer security scheme that also verifies the token (no SQL) and hands out the database.

    Being the scheme itself keeps it declared in OpenAPI exactly as a plain ``HTTPBearer``, while the route
    has one dependency instead of two levels (``get_caller`` → ``HTTPBearer``): each level costs FastAPI
    noticeable work per request. The user/session check happens in the route's statement.
    """

    async def __call__(self, request: Request) -> Caller:  # type: ignore[override]
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise NotAuthenticated()
        state = request.app.state
        verifier: TokenVerifier = state.verifier
        identity = await verifier.verify(token)
        return Caller(identity=identity, db=state.db, cursor_keys=state.cursor_keys)


bearer_caller = BearerCaller(
    auto_error=False,
    bearerFormat="JWT",
    scheme_name="HTTPBearer",
    description=(
        "A Better Auth JWT (`GET /api/auth/token` on the web app), or an HS256 token in shared-secret mode."
    ),
)


async def get_db(request: Request) -> Database:
    database: Database = request.app.state.db
    return database


CurrentCaller = Annotated[Caller, Depends(bearer_caller)]
DatabaseDep = Annotated[Database, Depends(get_db)]
