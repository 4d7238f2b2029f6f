"""Dependencies shared by the routers, as ``Annotated`` aliases."""

from __future__ import annotations

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


async def get_db(request: Request) -> Database:
    database: Database = request.app.state.db
    return database


async def get_identity(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> Identity:
    """Verify the bearer token (no SQL); the user/session check happens in the route's statement."""
    if credentials is None or not credentials.credentials:
        raise NotAuthenticated()
    verifier: TokenVerifier = request.app.state.verifier
    return await verifier.verify(credentials.credentials)


DatabaseDep = Annotated[Database, Depends(get_db)]
CurrentIdentity = Annotated[Identity, Depends(get_identity)]
