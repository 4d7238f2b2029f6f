"""Unit fixtures: the app without a database server, a JWKS served through httpx.MockTransport, and a fake
database that records every statement (so tests can prove that rejected tokens cost no SQL)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from todos_api.auth.jwks import JwksCache
from todos_api.auth.security import JwksVerifier
from todos_api.core.config import Settings
from todos_api.db.dburl import parse_database_url
from todos_api.db.pool import Database
from todos_api.main import create_app

from tests.support.tokens import ISSUER, SigningKey

JWKS_URL = "https://auth.test/api/auth/jwks"

# The columns a task row has besides the first nine (migration 0006), as the statements return them: a fake
# row spreads these in (labels is json text, db/queries.py says why).
TASK_FIELD_COLUMNS: dict[str, Any] = {
    "priority": 4, "labels": "[]", "completed_at": None, "due_date": None, "due_datetime": None,
    "due_timezone": None, "due_string": None, "due_rrule": None, "due_from_completion": False,
}  # fmt: skip


class RecordingDatabase(Database):
    """Answers every statement with ``rows`` and remembers it; never connects anywhere."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(parse_database_url("postgresql://unused@127.0.0.1:9/unused"), settings)
        self.rows: list[dict[str, Any]] = []
        self.statements: list[tuple[str, tuple[Any, ...]]] = []
        self.reachable = True

    async def open(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def fetch(self, query: str, *args: Any, idempotent: bool) -> Sequence[Any]:
        del idempotent
        self.statements.append((query, args))
        return self.rows

    async def ping(self, timeout: float = 2.0) -> bool:
        del timeout
        return self.reachable


class JwksEndpoint:
    """What the auth server publishes; counts fetches."""

    def __init__(self, *keys: SigningKey) -> None:
        self.keys = list(keys)
        self.fetches = 0
        self.fail = False

    def handler(self, request: httpx.Request) -> httpx.Response:
        assert str(request.url) == JWKS_URL
        self.fetches += 1
        if self.fail:
            return httpx.Response(503)
        return httpx.Response(200, json={"keys": [key.jwk for key in self.keys]})


def unit_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": "postgresql://unused@127.0.0.1:9/unused",
        "auth_url": ISSUER,
        "auth_jwks_url": JWKS_URL,
        "auth_jwt_secret": None,
        "auth_issuer": None,
        "auth_audience": None,
        "cors_origins": [],
    }
    values.update(overrides)
    return Settings.model_validate(values)


@pytest.fixture
def signing_key() -> SigningKey:
    return SigningKey()


@pytest.fixture
def endpoint(signing_key: SigningKey) -> JwksEndpoint:
    return JwksEndpoint(signing_key)


@pytest.fixture
def settings() -> Settings:
    return unit_settings()


@pytest.fixture
def database(settings: Settings) -> RecordingDatabase:
    return RecordingDatabase(settings)


@pytest.fixture
async def app(
    settings: Settings, database: RecordingDatabase, endpoint: JwksEndpoint
) -> AsyncIterator[FastAPI]:
    """The app as its lifespan would set it up, with the JWKS fetched through a mock transport."""
    application = create_app(settings, database=database)
    async with httpx.AsyncClient(transport=httpx.MockTransport(endpoint.handler)) as jwks_client:
        cache = JwksCache(settings.jwks_url, jwks_client, min_refetch=0.0)
        application.state.verifier = JwksVerifier(
            cache,
            issuer=settings.issuer,
            audience=settings.audience,
            leeway=settings.auth_leeway_seconds,
            max_lifetime=settings.auth_max_token_lifetime_seconds,
        )
        yield application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://api.test") as c:
        yield c
