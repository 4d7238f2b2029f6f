"""The ASGI application: ``uvicorn todos_api.main:app``."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version

import asyncpg
import httpx
from fastapi import FastAPI
from fastapi.telemetry import TelemetryConfig

from todos_api.auth.security import build_verifier
from todos_api.core.config import Settings, get_settings
from todos_api.core.errors import ApiError
from todos_api.db.pool import Database
from todos_api.feed.cursor_key import CursorKeys
from todos_api.feed.live import Hub
from todos_api.http import API_V1_PREFIX, generate_unique_id
from todos_api.http.handlers import install_error_handlers
from todos_api.http.lean_route import refuse_dependency_overrides
from todos_api.http.literal_paths import method_guards
from todos_api.http.middleware import GuardRequests
from todos_api.http.routes import events, health, labels, todos
from todos_api.http.trailing_slash import relative_slash_redirects

# FastAPI's built-in OpenTelemetry instrumentation costs CPU on every request even when nothing collects it;
# it stays off unless OTEL_ENABLED=true (then FastAPI uses the globally configured providers).
TELEMETRY_OFF: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False, "operation_spans": False}


__all__ = ["app", "create_app", "generate_unique_id"]

logger = logging.getLogger(__name__)
STARTUP_KEY_TIMEOUT_SECONDS = 3.0
STARTUP_KEY_FAILURES = (
    TimeoutError,
    OSError,
    RuntimeError,
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    ApiError,
)


def _version() -> str:
    try:
        return version("todos-api")
    except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
        return "0.0.0"


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    refuse_dependency_overrides(app)  # before anything opens: an ignored override must not go unnoticed
    async with httpx.AsyncClient(timeout=httpx.Timeout(5.0), follow_redirects=False) as client:
        app.state.verifier = build_verifier(settings, client)
        database: Database = app.state.db or Database.from_settings(settings)
        await database.open()
        app.state.db = database
        await _load_cursor_key(app.state.cursor_keys, database)
        hub = Hub(database, settings)
        await hub.start()
        app.state.hub = hub
        try:
            yield
        finally:
            await hub.stop()
            await database.close()


async def _load_cursor_key(keys: CursorKeys, database: Database) -> None:
    """The cursor key, read now when it lives in the database, so that no request pays for it; a database
    still down at startup delays it to the first change-feed request (holding the start-up 3 s at most)."""
    try:
        await asyncio.wait_for(keys.codec(database), STARTUP_KEY_TIMEOUT_SECONDS)
    except STARTUP_KEY_FAILURES as err:
        logger.warning("the cursor key could not be read at startup (%s); reading it on first use", err)


def create_app(settings: Settings | None = None, *, database: Database | None = None) -> FastAPI:
    """The app; ``database`` replaces the one built from ``settings`` (it is still opened and closed)."""
    settings = settings or get_settings()
    app = FastAPI(
        title="Todos API",
        version=_version(),
        summary="Tasks for people who live in the terminal, in Python scripts and in the browser.",
        lifespan=lifespan,
        generate_unique_id_function=generate_unique_id,
        separate_input_output_schemas=False,
        telemetry=None if settings.otel_enabled else TELEMETRY_OFF,
    )
    app.state.settings = settings
    app.state.db = database
    app.state.cursor_keys = CursorKeys(settings)
    # The routers' routes go to the app's own router (they carry their full paths, tags, responses and
    # operation ids): `include_router` would add a wrapping layer that FastAPI walks on every request.
    # Done before anything reads app.openapi(), which caches by the router's version. In front of FastAPI's
    # docs routes (/openapi.json, /docs, ...), which every request would otherwise be matched against first.
    # /events before /{todo_id}, which would otherwise match it (and answer 422).
    guards = method_guards(f"{API_V1_PREFIX}/todos/changes", f"{API_V1_PREFIX}/todos/events")
    app.router.routes[0:0] = [
        *health.router.routes,
        *events.router.routes,
        *guards,
        *todos.router.routes,
        *labels.router.routes,
    ]
    relative_slash_redirects(app)  # no absolute URL built from the Host header (http/trailing_slash.py)
    install_error_handlers(app)
    app.add_middleware(
        GuardRequests,
        max_body_bytes=settings.max_body_bytes,
        cors={
            "allow_origins": settings.allowed_origins,
            "allow_methods": ["GET", "POST", "PUT", "PATCH", "DELETE"],
            "allow_headers": [
                "Authorization",
                "Content-Type",
                "If-Match",
                "If-None-Match",
                "Idempotency-Key",
                "Last-Event-ID",
            ],
            "expose_headers": ["Location", "ETag", "Idempotent-Replayed", "Retry-After"],
            "max_age": 600,
        },
    )
    return app


app = create_app()
