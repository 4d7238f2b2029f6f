"""TodosClient / AsyncTodosClient over respx: JWT handling, paging, typed errors, retries, raw JSON."""

from __future__ import annotations

import importlib.metadata
import json
import ssl
from collections.abc import Iterator

import httpx
import pytest
import respx
import todos_sdk
from todos_sdk import (
    AsyncTodosClient,
    NotFound,
    RetryPolicy,
    ServerUnreachable,
    ServiceUnavailable,
    TodosClient,
    Unauthorized,
    ValidationFailed,
)
from todos_sdk._http import ssl_context_for
from todos_sdk.models import TodoPage, TodoPublic

from tests.support.sdk_fakes import (
    API_URL,
    AUTH_URL,
    SESSION_TOKEN,
    TODOS,
    error_json,
    make_jwt,
    page_json,
    todo_json,
)

TOKEN_URL = f"{AUTH_URL}/api/auth/token"
NO_WAIT = RetryPolicy(attempts=3, backoff=0.0, jitter=False)


@pytest.fixture(autouse=True)
def jwt_route(respx_mock: respx.MockRouter) -> respx.Route:
    return respx_mock.get(TOKEN_URL).mock(
        side_effect=lambda _: httpx.Response(200, json={"token": make_jwt()})
    )


@pytest.fixture
def todos() -> Iterator[TodosClient]:
    with TodosClient(SESSION_TOKEN, api_url=API_URL, auth_url=AUTH_URL, retry=NO_WAIT) as client:
        yield client


def test_jwt_is_fetched_once_and_reused(
    respx_mock: respx.MockRouter, jwt_route: respx.Route, todos: TodosClient
) -> None:
    api = respx_mock.get(f"{TODOS}/1").mock(return_value=httpx.Response(200, json=todo_json(1)))

    todos.get_todo(1)
    todos.get_todo(1)

    assert jwt_route.call_count == 1
    assert jwt_route.calls.last.request.headers["authorization"] == f"Bearer {SESSION_TOKEN}"
    sent = api.calls.last.request
    assert sent.headers["authorization"].startswith("Bearer ey")
    assert sent.headers["authorization"] != f"Bearer {SESSION_TOKEN}"
    assert "cookie" not in sent.headers


def test_jwt_close_to_expiry_is_replaced_before_use(
    respx_mock: respx.MockRouter, jwt_route: respx.Route
) -> None:
    # Every JWT expires in 30 s, inside the 60 s refresh margin: each request needs a new one.
    jwt_route.mock(side_effect=lambda _: httpx.Response(200, json={"token": make_jwt(expires_in=30)}))
    respx_mock.get(f"{TODOS}/1").mock(return_value=httpx.Response(200, json=todo_json(1)))

    with TodosClient(SESSION_TOKEN, api_url=API_URL, auth_url=AUTH_URL) as todos:
        todos.get_todo(1)
        todos.get_todo(1)

    assert jwt_route.call_count == 2


def test_api_401_fetches_a_new_jwt_once_and_repeats(
    respx_mock: respx.MockRouter, jwt_route: respx.Route, todos: TodosClient
) -> None:
    api = respx_mock.get(f"{TODOS}/1").mock(
        side_effect=[
            httpx.Response(401, json=error_json(401, "invalid_token", "The bearer token is invalid.")),
            httpx.Response(200, json=todo_json(1)),
        ]
    )

    assert todos.get_todo(1).id == 1
    assert jwt_route.call_count == 2
    first, second = (call.request.headers["authorization"] for call in api.calls)
    assert first != second


def test_api_401_twice_raises_unauthorized(
    respx_mock: respx.MockRouter, jwt_route: respx.Route, todos: TodosClient
) -> None:
    respx_mock.get(f"{TODOS}/1").mock(
        return_value=httpx.Response(401, json=error_json(401, "session_revoked", "The session is gone."))
    )

    with pytest.raises(Unauthorized) as caught:
        todos.get_todo(1)
    assert caught.value.code == "session_revoked"
    assert jwt_route.call_count == 2


def test_revoked_session_raises_unauthorized_before_calling_the_api(
    respx_mock: respx.MockRouter, jwt_route: respx.Route
) -> None:
    jwt_route.mock(side_effect=None, return_value=httpx.Response(401))
    api = respx_mock.get(TODOS).mock(return_value=httpx.Response(200, json=page_json([])))

    with TodosClient(SESSION_TOKEN, api_url=API_URL, auth_url=AUTH_URL) as todos, pytest.raises(Unauthorized):
        todos.list_todos()
    assert api.call_count == 0


def test_list_todos_detailed_keeps_the_api_bytes(respx_mock: respx.MockRouter, todos: TodosClient) -> None:
    body = json.dumps(page_json([todo_json(2), todo_json(1, done=True)])).encode()
    route = respx_mock.get(TODOS).mock(return_value=httpx.Response(200, content=body))

    page = todos.list_todos_detailed(limit=5, completed=True, search="milk", sort="title_asc")

    assert isinstance(page.data, TodoPage)
    assert [todo.id for todo in page.data.items] == [2, 1]
    assert page.content == body
    params = route.calls.last.request.url.params
    assert dict(params) == {"skip": "0", "limit": "5", "completed": "true", "q": "milk", "sort": "title_asc"}


def test_iter_todos_walks_every_page(respx_mock: respx.MockRouter, todos: TodosClient) -> None:
    def page_for(request: httpx.Request) -> httpx.Response:
        skip = int(request.url.params["skip"])
        ids = list(range(skip + 1, min(skip + 2, 5) + 1))
        return httpx.Response(200, json=page_json([todo_json(i) for i in ids], total=5, skip=skip, limit=2))

    route = respx_mock.get(TODOS).mock(side_effect=page_for)

    assert [todo.id for todo in todos.iter_todos(page_size=2)] == [1, 2, 3, 4, 5]
    assert [call.request.url.params["skip"] for call in route.calls] == ["0", "2", "4"]


def test_iter_todos_stops_on_an_empty_page(respx_mock: respx.MockRouter, todos: TodosClient) -> None:
    # total says 10 but the last page is empty (tasks deleted meanwhile): the iteration must still end.
    route = respx_mock.get(TODOS).mock(
        side_effect=[
            httpx.Response(200, json=page_json([todo_json(1)], total=10, limit=1)),
            httpx.Response(200, json=page_json([], total=10, skip=1, limit=1)),
        ]
    )

    assert [todo.id for todo in todos.iter_todos(page_size=1)] == [1]
    assert route.call_count == 2


def test_missing_todo_raises_not_found(respx_mock: respx.MockRouter, todos: TodosClient) -> None:
    respx_mock.get(f"{TODOS}/9").mock(
        return_value=httpx.Response(404, json=error_json(404, "todo_not_found", "Todo not found."))
    )

    with pytest.raises(NotFound) as caught:
        todos.get_todo(9)
    assert caught.value.code == "todo_not_found"


def test_invalid_title_raises_validation_failed_naming_the_field(
    respx_mock: respx.MockRouter, todos: TodosClient
) -> None:
    errors = [
        {"loc": ["body", "title"], "msg": "String should have at least 1 character", "type": "too_short"}
    ]
    respx_mock.post(TODOS).mock(
        return_value=httpx.Response(422, json=error_json(422, "validation_error", "Invalid request.", errors))
    )

    with pytest.raises(ValidationFailed) as caught:
        todos.create_todo("")
    assert [error.field for error in caught.value.errors] == ["title"]


# Changed on purpose (issue 9): a create now carries an Idempotency-Key, so it is retried like any safe
# request (with the same key each time) instead of being sent once.
def test_create_is_retried_with_one_idempotency_key_on_connection_failure(
    respx_mock: respx.MockRouter, todos: TodosClient
) -> None:
    route = respx_mock.post(TODOS).mock(side_effect=httpx.ConnectError("refused"))

    with pytest.raises(ServerUnreachable, match=API_URL):
        todos.create_todo("Buy milk")
    assert route.call_count == NO_WAIT.attempts
    assert len({call.request.headers["Idempotency-Key"] for call in route.calls}) == 1


def test_get_is_retried_on_503_then_raises(respx_mock: respx.MockRouter, todos: TodosClient) -> None:
    route = respx_mock.get(f"{TODOS}/1").mock(
        return_value=httpx.Response(
            503, json=error_json(503, "database_unavailable", "The database is down.")
        )
    )

    with pytest.raises(ServiceUnavailable, match="database is down"):
        todos.get_todo(1)
    assert route.call_count == NO_WAIT.attempts


def test_create_sends_title_and_description(respx_mock: respx.MockRouter, todos: TodosClient) -> None:
    route = respx_mock.post(TODOS).mock(
        return_value=httpx.Response(201, json=todo_json(3, "Buy milk", description="2 litres"))
    )

    created = todos.create_todo("Buy milk", "2 litres")

    assert isinstance(created, TodoPublic)
    assert created.id == 3
    assert json.loads(route.calls.last.request.read()) == {"title": "Buy milk", "description": "2 litres"}


def test_update_sends_only_the_given_fields(respx_mock: respx.MockRouter, todos: TodosClient) -> None:
    route = respx_mock.put(f"{TODOS}/3").mock(return_value=httpx.Response(200, json=todo_json(3, "New")))

    todos.update_todo(3, title="New")

    assert json.loads(route.calls.last.request.read()) == {"title": "New"}


def test_set_completed_sends_the_state_and_toggle_sends_nothing(
    respx_mock: respx.MockRouter, todos: TodosClient
) -> None:
    route = respx_mock.patch(f"{TODOS}/3/complete").mock(return_value=httpx.Response(200, json=todo_json(3)))

    todos.set_completed(3, False)
    todos.toggle_completed(3)

    set_request, toggle_request = (call.request for call in route.calls)
    assert json.loads(set_request.read()) == {"is_completed": False}
    assert toggle_request.read() == b""


def test_delete_succeeds_on_204(respx_mock: respx.MockRouter, todos: TodosClient) -> None:
    route = respx_mock.delete(f"{TODOS}/3").mock(return_value=httpx.Response(204))

    todos.delete_todo(3)

    assert route.call_count == 1


def test_sign_in_builds_a_client_for_the_new_session(
    respx_mock: respx.MockRouter, jwt_route: respx.Route
) -> None:
    respx_mock.post(f"{AUTH_URL}/api/auth/sign-in/email").mock(
        return_value=httpx.Response(
            200, json={"token": "new-session", "user": {"id": "u", "email": "a@example.com", "name": "A"}}
        )
    )
    respx_mock.get(f"{TODOS}/1").mock(return_value=httpx.Response(200, json=todo_json(1)))

    with TodosClient.sign_in("a@example.com", "pw", api_url=API_URL, auth_url=AUTH_URL) as todos:
        todos.get_todo(1)

    assert todos.session_token == "new-session"
    assert jwt_route.calls.last.request.headers["authorization"] == "Bearer new-session"


def test_urls_default_to_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TODO_API_URL", "http://api.example:9000/")
    monkeypatch.setenv("TODO_AUTH_URL", "http://auth.example:9001")

    with TodosClient(SESSION_TOKEN) as todos:
        assert todos.api_url == "http://api.example:9000"
        assert todos.better_auth.auth_url == "http://auth.example:9001"


async def test_async_client_walks_pages_and_refreshes_on_401(
    respx_mock: respx.MockRouter, jwt_route: respx.Route
) -> None:
    respx_mock.get(TODOS).mock(
        side_effect=[
            httpx.Response(401, json=error_json(401, "token_expired", "The bearer token has expired.")),
            httpx.Response(200, json=page_json([todo_json(2)], total=2, limit=1)),
            httpx.Response(200, json=page_json([todo_json(1)], total=2, skip=1, limit=1)),
        ]
    )

    async with AsyncTodosClient(SESSION_TOKEN, api_url=API_URL, auth_url=AUTH_URL) as todos:
        ids = [todo.id async for todo in todos.iter_todos(page_size=1)]

    assert ids == [2, 1]
    assert jwt_route.call_count == 2


async def test_async_client_raises_typed_errors(respx_mock: respx.MockRouter) -> None:
    respx_mock.delete(f"{TODOS}/7").mock(
        return_value=httpx.Response(404, json=error_json(404, "todo_not_found", "Todo not found."))
    )

    async with AsyncTodosClient(SESSION_TOKEN, api_url=API_URL, auth_url=AUTH_URL) as todos:
        with pytest.raises(NotFound):
            await todos.delete_todo(7)


def test_version_constant_matches_the_installed_metadata() -> None:
    assert todos_sdk.__version__ == importlib.metadata.version("todos-sdk")


def test_plain_http_servers_get_a_context_that_trusts_no_certificate() -> None:
    plain, secure = ssl_context_for("http://localhost:8000"), ssl_context_for("https://todos.example")

    assert plain.verify_mode == ssl.CERT_REQUIRED and plain.check_hostname
    assert plain.cert_store_stats()["x509_ca"] == 0  # any TLS through it fails closed
    assert secure.verify_mode == ssl.CERT_REQUIRED and secure.cert_store_stats()["x509_ca"] > 0
