"""Fixtures shared by the SDK's respx tests: a signed-in TodosClient, and a retrying httpx client that
records its sleeps instead of sleeping. A module using `client` defines the `retry_policy` fixture."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
import respx
from todos_sdk import RetryPolicy, TodosClient
from todos_sdk._retry import RetryTransport

from tests.support.sdk_fakes import API_URL, AUTH_URL, NO_WAIT, SESSION_TOKEN, TOKEN_URL, make_jwt


@pytest.fixture
def jwt_route(respx_mock: respx.MockRouter) -> respx.Route:
    """Better Auth's token endpoint, answering a fresh JWT each call (modules opt in with usefixtures)."""
    return respx_mock.get(TOKEN_URL).mock(
        side_effect=lambda _: httpx.Response(200, json={"token": make_jwt()})
    )


@pytest.fixture
def todos() -> Iterator[TodosClient]:
    with TodosClient(SESSION_TOKEN, api_url=API_URL, auth_url=AUTH_URL, retry=NO_WAIT) as client:
        yield client


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def client(sleeps: list[float], retry_policy: RetryPolicy) -> httpx.Client:
    """An httpx client through RetryTransport with the module's `retry_policy`, sleeping into `sleeps`."""
    return httpx.Client(
        base_url="http://api.test", transport=RetryTransport(policy=retry_policy, sleep=sleeps.append)
    )
