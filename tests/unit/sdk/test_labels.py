"""labels(): GET /api/v1/labels, answered as the generated LabelCount models (async and sync twins)."""

from __future__ import annotations

import httpx
import pytest
import respx
from todos_sdk import AsyncTodosClient, TodosClient, Unauthorized
from todos_sdk.models import LabelCount

from tests.support.sdk_fakes import API_URL, AUTH_URL, SESSION_TOKEN, error_json

pytestmark = pytest.mark.usefixtures("jwt_route")

LABELS = f"{API_URL}/api/v1/labels"
ANSWER = {"items": [{"name": "bills", "count": 3}, {"name": "Home", "count": 1}]}


def test_labels_answers_names_with_counts(respx_mock: respx.MockRouter, todos: TodosClient) -> None:
    respx_mock.get(LABELS).mock(return_value=httpx.Response(200, json=ANSWER))

    assert todos.labels() == [LabelCount(name="bills", count=3), LabelCount(name="Home", count=1)]


async def test_async_labels_answers_the_same(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(LABELS).mock(return_value=httpx.Response(200, json=ANSWER))

    async with AsyncTodosClient(SESSION_TOKEN, api_url=API_URL, auth_url=AUTH_URL) as todos:
        labels = await todos.labels()

    assert [(label.name, label.count) for label in labels] == [("bills", 3), ("Home", 1)]


def test_labels_of_a_revoked_session_raise_unauthorized(
    respx_mock: respx.MockRouter, todos: TodosClient
) -> None:
    respx_mock.get(LABELS).mock(
        return_value=httpx.Response(401, json=error_json(401, "session_revoked", "Session revoked."))
    )

    with pytest.raises(Unauthorized):
        todos.labels()
