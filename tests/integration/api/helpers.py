"""Helpers for the API integration tests: settings, a started app, Better Auth users and their tokens."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
from fastapi import FastAPI
from todos_api.core.config import Settings
from todos_api.db.pool import Database
from todos_api.feed.cursor_key import SECRET_NAME, derive_key
from todos_api.feed.feed_cursor import Cursor, CursorCodec
from todos_api.main import create_app

from tests.support.tokens import ISSUER, SigningKey, better_auth_claims, sign

TODOS = "/api/v1/todos"


def make_settings(database_url: str, jwks_url: str, **overrides: Any) -> Settings:
    """Explicit values for everything identity-related, so the caller's environment cannot leak in."""
    values: dict[str, Any] = {
        "database_url": database_url,
        "auth_url": ISSUER,
        "auth_jwks_url": jwks_url,
        "auth_jwt_secret": None,
        "auth_issuer": None,
        "auth_audience": None,
        "cors_origins": [],
        "auth_jwks_min_refetch_seconds": 0.2,
    }
    values.update(overrides)
    return Settings.model_validate(values)


@asynccontextmanager
async def running_app(settings: Settings, database: Database | None = None) -> AsyncIterator[FastAPI]:
    """The app with its lifespan entered (pool open, JWKS client ready), as uvicorn would run it."""
    app = create_app(settings, database=database)
    async with app.router.lifespan_context(app):
        yield app


@dataclass
class Caller:
    user_id: str
    session_id: str | None
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


class Users:
    """Creates Better Auth users and sessions directly in its tables, and signs their tokens."""

    def __init__(self, admin: asyncpg.Connection, key: SigningKey) -> None:
        self.admin = admin
        self.key = key

    async def create(self, *, with_session: bool = True) -> Caller:
        user_id = secrets.token_urlsafe(12)
        await self.admin.execute(
            'INSERT INTO "user" (id, name, email, "emailVerified") VALUES ($1, $2, $3, false)',
            user_id,
            "Test User",
            f"{user_id}@example.test",
        )
        session_id = await self.create_session(user_id) if with_session else None
        return Caller(user_id, session_id, self.token_for(user_id, session_id))

    async def create_session(self, user_id: str, *, expires_in: timedelta = timedelta(days=7)) -> str:
        session_id = secrets.token_urlsafe(16)
        await self.admin.execute(
            'INSERT INTO "session" (id, "expiresAt", token, "updatedAt", "userId")'
            " VALUES ($1, $2, $3, now(), $4)",
            session_id,
            datetime.now(UTC) + expires_in,
            secrets.token_urlsafe(24),
            user_id,
        )
        return session_id

    def token_for(self, user_id: str, session_id: str | None, **claims: Any) -> str:
        if session_id:
            claims["sid"] = session_id
        return sign(better_auth_claims(user_id, **claims), self.key)

    async def delete_user(self, user_id: str) -> None:
        await self.admin.execute('DELETE FROM "user" WHERE id = $1', user_id)

    async def delete_session(self, session_id: str) -> None:
        await self.admin.execute('DELETE FROM "session" WHERE id = $1', session_id)

    async def expire_session(self, session_id: str) -> None:
        await self.admin.execute(
            'UPDATE "session" SET "expiresAt" = now() - interval \'1 second\' WHERE id = $1', session_id
        )


async def cursor_codec(admin: asyncpg.Connection) -> CursorCodec:
    """The codec of the API processes on this database (they keep the cursor secret in ``api_secret``)."""
    secret = await admin.fetchval("SELECT value FROM api_secret WHERE name = $1", SECRET_NAME)
    return CursorCodec(derive_key(bytes(secret)))


async def sealed_cursor(admin: asyncpg.Connection, user_id: str, xid: int, todo_id: int, issued: int) -> str:
    """A cursor as the API would issue it to ``user_id``, for a position tests choose (old, future, …)."""
    return (await cursor_codec(admin)).seal(Cursor(xid, todo_id, issued), user_id)
