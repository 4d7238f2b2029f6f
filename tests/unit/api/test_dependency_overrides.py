"""`app.dependency_overrides` naming a dependency our routes would ignore fails loudly, not silently."""

from __future__ import annotations

import logging

import httpx
import pytest
from fastapi import FastAPI
from todos_api.http.deps import Caller, bearer_caller, get_db
from todos_api.main import create_app

from tests.unit.api.conftest import RecordingDatabase, unit_settings


async def _fake_caller() -> Caller:
    raise AssertionError("an override of a lean route's dependency must never be called")


async def test_override_of_a_lean_route_dependency_fails_startup() -> None:
    settings = unit_settings()
    app = create_app(settings, database=RecordingDatabase(settings))
    app.dependency_overrides[bearer_caller] = _fake_caller
    with pytest.raises(RuntimeError, match=r"would be ignored by .*/api/v1/todos"):
        async with app.router.lifespan_context(app):
            pass


async def test_override_of_a_directly_added_route_dependency_fails_startup() -> None:
    # /readyz is added to the app's router directly (no include_router): FastAPI would not look either.
    settings = unit_settings()
    app = create_app(settings, database=RecordingDatabase(settings))
    app.dependency_overrides[get_db] = lambda: None
    with pytest.raises(RuntimeError, match="would be ignored by GET /readyz"):
        async with app.router.lifespan_context(app):
            pass


async def test_startup_without_overrides_succeeds() -> None:
    settings = unit_settings()
    app = create_app(settings, database=RecordingDatabase(settings))
    async with app.router.lifespan_context(app):
        assert app.state.verifier is not None


async def test_override_set_after_startup_fails_the_request(
    app: FastAPI, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    app.dependency_overrides[bearer_caller] = _fake_caller
    with caplog.at_level(logging.ERROR):
        response = await client.get("/api/v1/todos/1")
    assert response.status_code == 500 and response.json()["code"] == "internal_error"
    assert "would be ignored by" in caplog.text
