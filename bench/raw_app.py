"""The benchmark's baseline: the API's hot endpoints written directly on Starlette + asyncpg.

Each request does the same work as the real service (see DESIGN.md, "Identity"): read the Bearer token,
verify its EdDSA signature against Better Auth's JWKS (cached, refetched on an unknown `kid` at most every
few seconds) and check ``exp``/``iss``/``aud`` — or, like the API, find the token among those verified
before (rechecking ``exp`` and the key on every hit) or among those refused for good — then run ONE SQL
statement that does the work and, in the same statement, checks that the user exists and, when the token
carries ``sid``, that this session is live and belongs to the user. Same JSON, same status codes. What is
left out is everything a framework adds (ORM, model validation, dependency injection), so this is the floor
the real API is measured against.

Run by the harness as ``uvicorn --factory bench.raw_app:app_from_env``, configured with the API's own
env var names.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bench import raw_writes
from bench.raw_tokens import (
    JwksCache,
    Principal,
    RejectedTokens,
    TokenCaches,
    VerifiedTokens,
    bearer_token,
    verify,
)

TODO_FIELDS = "id, title, description, is_completed, user_id, created_at, updated_at, version"
CREATE_FIELDS = frozenset({"title", "description"})

# "$N is null or ...": one statement serves both token kinds (with and without a Better Auth session id).
_LIVE_SESSION = (
    '(${n}::text is null or exists (select 1 from "session" s'
    ' where s.id = ${n} and s."userId" = u.id and s."expiresAt" > now()))'
)

# No row: the user (or session) is gone -> 401. A row with null todo columns: not this user's todo -> 404.
GET_TODO_SQL = (
    "select t.id, t.title, t.description, t.is_completed, t.user_id, t.created_at, t.updated_at, t.version"
    ' from "user" u left join todo t on t.id = $1 and t.user_id = u.id'
    " where u.id = $2 and " + _LIVE_SESSION.format(n=3)
)

# Inserts nothing (no row returned) when the user or session is gone -> 401.
CREATE_TODO_SQL = (
    "insert into todo (title, description, user_id)"
    ' select $1, $2, u.id from "user" u'
    " where u.id = $3 and " + _LIVE_SESSION.format(n=4) + f" returning {TODO_FIELDS}"
)


@dataclass(frozen=True)
class Settings:
    database_url: str
    jwks_url: str
    issuer: str
    audience: str
    pool_size: int

    @classmethod
    def from_env(cls) -> Settings:
        auth_url = os.environ.get("AUTH_URL", "http://localhost:3000")
        return cls(
            database_url=os.environ["DATABASE_URL"],
            jwks_url=os.environ.get("AUTH_JWKS_URL", f"{auth_url}/api/auth/jwks"),
            issuer=os.environ.get("AUTH_ISSUER", auth_url),
            audience=os.environ.get("AUTH_AUDIENCE", auth_url),
            pool_size=int(os.environ.get("BENCH_RAW_POOL_SIZE", "10")),
        )


def error(status: int, code: str, detail: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"status_code": status, "code": code, "detail": detail}, status, headers=headers)


def missing_token() -> JSONResponse:
    return error(401, "not_authenticated", "Missing bearer token.", {"WWW-Authenticate": "Bearer"})


def invalid_token() -> JSONResponse:
    return error(
        401,
        "invalid_token",
        "The bearer token is invalid.",
        {"WWW-Authenticate": 'Bearer error="invalid_token"'},
    )


def session_revoked() -> JSONResponse:
    return error(
        401,
        "session_revoked",
        "The user or session behind this token no longer exists.",
        {"WWW-Authenticate": 'Bearer error="invalid_token"'},
    )


def utc_iso(moment: datetime) -> str:
    # The real API's JSON (Pydantic) writes UTC as "Z"; asyncpg gives timezone-aware UTC datetimes.
    return moment.isoformat().replace("+00:00", "Z")


def todo_json(row: asyncpg.Record | dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "title": row["title"],
        "description": row["description"],
        "is_completed": row["is_completed"],
        "user_id": row["user_id"],
        "created_at": utc_iso(row["created_at"]),
        "updated_at": utc_iso(row["updated_at"]),
        "version": row["version"],
        "etag": raw_writes.etag(row),
    }


def parse_create(raw: bytes) -> tuple[str, str | None] | None:
    """(title, description) when the body is a valid TodoCreate, else None (-> 422)."""
    body = raw_writes.json_object(raw, CREATE_FIELDS)
    if body is None:
        return None
    title, description = raw_writes.clean_title(body.get("title")), body.get("description")
    if title is None or not raw_writes.description_ok(description):
        return None
    return title, description


async def _no_reset(_connection: asyncpg.Connection) -> None:
    # asyncpg's default reset runs "RESET ALL; UNLISTEN *; ..." on every release: a second round trip per
    # request. These connections never change session state, so an open transaction (rolled back by asyncpg
    # itself) is the only thing to reset.
    return None


def create_app(settings: Settings) -> Starlette:
    jwks = JwksCache(settings.jwks_url)
    caches = TokenCaches(VerifiedTokens(), RejectedTokens())
    pools: list[asyncpg.Pool] = []

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        pool = await asyncpg.create_pool(
            settings.database_url, min_size=settings.pool_size, max_size=settings.pool_size, reset=_no_reset
        )
        pools.append(pool)
        try:
            yield
        finally:
            await pool.close()

    async def authenticate(request: Request) -> Principal | JSONResponse:
        token = bearer_token(request.headers)
        if token is None:
            return missing_token()
        principal = await verify(token, jwks, caches, audience=settings.audience, issuer=settings.issuer)
        return invalid_token() if principal is None else principal

    async def get_todo(request: Request) -> Response:
        principal = await authenticate(request)
        if isinstance(principal, JSONResponse):
            return principal
        todo_id: int = request.path_params["todo_id"]
        row = await pools[0].fetchrow(GET_TODO_SQL, todo_id, principal.user_id, principal.session_id)
        if row is None:
            return session_revoked()
        if row["id"] is None:
            return error(404, "todo_not_found", "Todo not found.")
        return JSONResponse(todo_json(row), headers={"ETag": raw_writes.etag(row)})

    async def update_todo(request: Request) -> Response:
        principal = await authenticate(request)
        if isinstance(principal, JSONResponse):
            return principal
        pool, who = pools[0], principal
        return await raw_writes.update_todo(pool, who.user_id, who.session_id, request, error, todo_json)

    async def create_todo(request: Request) -> Response:
        principal = await authenticate(request)
        if isinstance(principal, JSONResponse):
            return principal
        fields = parse_create(await request.body())
        if fields is None:
            return error(422, "validation_error", "Invalid todo.")
        if "idempotency-key" in request.headers:
            pool, who = pools[0], principal
            return await raw_writes.create_keyed(
                pool, who.user_id, who.session_id, request, fields, error, todo_json
            )
        row = await pools[0].fetchrow(CREATE_TODO_SQL, *fields, principal.user_id, principal.session_id)
        if row is None:
            return session_revoked()
        headers = {"Location": f"/api/v1/todos/{row['id']}", "ETag": raw_writes.etag(row)}
        return JSONResponse(todo_json(row), 201, headers=headers)

    async def healthz(_request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    routes = [
        Route("/api/v1/todos/{todo_id:int}", get_todo, methods=["GET"]),
        Route("/api/v1/todos/{todo_id:int}", update_todo, methods=["PUT"]),
        Route("/api/v1/todos", create_todo, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


def app_from_env() -> Starlette:
    """Factory for ``uvicorn --factory bench.raw_app:app_from_env`` (importing the module needs no config)."""
    return create_app(Settings.from_env())
