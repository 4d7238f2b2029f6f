"""The generated layer on its own: error answers parse into the error models, not None."""

from __future__ import annotations

import httpx
import respx
from todos_sdk._generated.api.todos import todos_get_todo, todos_list_todos
from todos_sdk._generated.client import AuthenticatedClient
from todos_sdk.models import ErrorResponse, TodoPage, ValidationErrorResponse

from tests.support.sdk_fakes import API_URL, TODOS, error_json, page_json


def client() -> AuthenticatedClient:
    return AuthenticatedClient(base_url=API_URL, token="jwt")


def test_not_found_parses_into_error_response(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(f"{TODOS}/5").mock(
        return_value=httpx.Response(404, json=error_json(404, "todo_not_found", "Todo not found."))
    )

    parsed = todos_get_todo.sync(5, client=client())

    assert isinstance(parsed, ErrorResponse)
    assert (parsed.status_code, parsed.code, parsed.detail) == (404, "todo_not_found", "Todo not found.")


def test_validation_error_parses_with_its_field_list(respx_mock: respx.MockRouter) -> None:
    errors = [{"loc": ["query", "limit"], "msg": "Input should be less than or equal to 100", "type": "le"}]
    respx_mock.get(TODOS).mock(
        return_value=httpx.Response(422, json=error_json(422, "validation_error", "Invalid request.", errors))
    )

    parsed = todos_list_todos.sync(client=client(), limit=500)

    assert isinstance(parsed, ValidationErrorResponse)
    assert [(item.loc, item.msg) for item in parsed.errors] == [(["query", "limit"], errors[0]["msg"])]


def test_success_parses_into_the_page_and_sends_the_bearer_token(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(TODOS).mock(return_value=httpx.Response(200, json=page_json([])))

    parsed = todos_list_todos.sync(client=client())

    assert isinstance(parsed, TodoPage) and parsed.total == 0
    assert route.calls.last.request.headers["authorization"] == "Bearer jwt"
