"""Dependencies shared by the routers, as ``Annotated`` aliases."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from todos_api.core.db import Database
from todos_api.core.security import Identity, TokenVerifier
from todos_api.errors import NotAuthenticated

bearer_scheme = HTTPBearer(
    auto_error=False,
    bearerFormat="JWT",
    description=(
        "A Better Auth JWT (`GET /api/auth/token` on the web app), or an HS256 token in shared-secret mode."
    ),
)


@dataclass(frozen=True, slots=True)
class Caller:
    """The verified identity of the request and the database its statement runs on."""

    identity: Identity
    db: Database


async def get_caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> Caller:
    """Verify the bearer token (no SQL); the user/session check happens in the route's statement."""
    # One dependency for both (rather than a database dependency beside an identity one): each dependency
    # costs FastAPI noticeable work per request.
    if credentials is None or not credentials.credentials:
        raise NotAuthenticated()
    state = request.app.state
    verifier: TokenVerifier = state.verifier
    return Caller(identity=await verifier.verify(credentials.credentials), db=state.db)


async def get_db(request: Request) -> Database:
    database: Database = request.app.state.db
    return database


CurrentCaller = Annotated[Caller, Depends(get_caller)]
DatabaseDep = Annotated[Database, Depends(get_db)]
