"""Per-call and client-wide options, raw responses, ETags and idempotency keys of TodosClient, over respx."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

import httpx
import pytest
import respx
from todos_sdk import (
    ApiConnectionError,
    ApiTimeoutError,
    AsyncTodosClient,
    Conflict,
    PreconditionFailed,
    RetryPolicy,
    ServerUnreachable,
    ServiceUnavailable,
    TodosClient,
    etag_of,
)
from todos_sdk.models import TodoPublic

from tests.support.sdk_fakes import (
    API_URL,
    AUTH_URL,
    NO_WAIT,
    SESSION_TOKEN,
    TODOS,
    error_json,
    todo_json,
)

pytestmark = pytest.mark.usefixtures("jwt_route")


def test_etag_of_is_the_answers_etag_field_not_a_tag_built_from_id_and_version() -> None:
    todo = TodoPublic.from_dict({**todo_json(7), "version": 3, "etag": '"opaque-3"'})

    assert etag_of(todo) == '"opaque-3"'


def test_update_sends_if_match_from_the_task_read(respx_mock: respx.MockRouter, todos: TodosClient) -> None:
    route = respx_mock.put(f"{TODOS}/7").mock(return_value=httpx.Response(200, json=todo_json(7, "New")))
    todo = TodoPublic.from_dict({**todo_json(7), "version": 4, "etag": '"7-4"'})

    todos.update(todo, title="New")

    assert route.calls.last.request.headers["If-Match"] == '"7-4"'
    assert json.loads(route.calls.last.request.content) == {"title": "New"}


def test_complete_and_delete_send_if_match(respx_mock: respx.MockRouter, todos: TodosClient) -> None:
    done = respx_mock.patch(f"{TODOS}/7/complete").mock(
        return_value=httpx.Response(200, json=todo_json(7, done=True))
    )
    gone = respx_mock.delete(f"{TODOS}/7").mock(return_value=httpx.Response(204))
    todo = TodoPublic.from_dict({**todo_json(7), "version": 2, "etag": '"7-2"'})

    todos.complete(todo)
    todos.delete(todo)

    assert done.calls.last.request.headers["If-Match"] == '"7-2"'
    assert json.loads(done.calls.last.request.content) == {"is_completed": True}
    assert gone.calls.last.request.headers["If-Match"] == '"7-2"'


def test_stale_if_match_raises_precondition_failed_with_current_etag(
    respx_mock: respx.MockRouter, todos: TodosClient
) -> None:
    stale = error_json(412, "precondition_failed", "The todo has changed.")
    route = respx_mock.put(f"{TODOS}/7").mock(
        return_value=httpx.Response(412, json=stale, headers={"ETag": '"7-5"'})
    )

    with pytest.raises(PreconditionFailed) as caught:
        todos.update_todo(7, title="x", if_match='"7-4"')

    assert caught.value.current_etag == '"7-5"'
    assert caught.value.code == "precondition_failed"
    assert route.call_count == 1  # a 412 is an answer, not a failure: never retried


def test_create_sends_a_fresh_idempotency_key_per_call(
    respx_mock: respx.MockRouter, todos: TodosClient
) -> None:
    route = respx_mock.post(TODOS).mock(return_value=httpx.Response(201, json=todo_json(1)))

    todos.create_todo("a")
    todos.create_todo("b")

    keys = [call.request.headers["Idempotency-Key"] for call in route.calls]
    assert len(set(keys)) == 2
    assert all(uuid.UUID(key).version == 4 for key in keys)


def test_idempotency_key_is_reused_across_retries(respx_mock: respx.MockRouter, todos: TodosClient) -> None:
    route = respx_mock.post(TODOS).mock(
        side_effect=[
            httpx.ReadError("answer lost"),
            httpx.Response(502),
            httpx.Response(201, json=todo_json(1)),
        ]
    )

    todo = todos.create_todo("Buy milk", idempotency_key="my-key-1")

    assert todo.id == 1
    assert [call.request.headers["Idempotency-Key"] for call in route.calls] == ["my-key-1"] * 3


WRITES: dict[str, tuple[str, str, Callable[[TodosClient], object], int]] = {
    "update": ("PUT", "/5", lambda t: t.update_todo(5, title="t", if_match='"5-1"'), 200),
    "set completed": ("PATCH", "/5/complete", lambda t: t.complete_todo(5, True, if_match='"5-1"'), 200),
    "delete": ("DELETE", "/5", lambda t: t.delete_todo(5, if_match='"5-1"'), 204),
    "delete permanent": ("DELETE", "/5", lambda t: t.delete_todo(5, permanent=True, if_match='"5-1"'), 204),
    "restore": ("POST", "/5/restore", lambda t: t.restore_todo(5, if_match='"5-1"'), 200),
}


@pytest.mark.parametrize("name", list(WRITES))
def test_every_conditional_write_carries_a_key_and_its_lost_answer_is_retried_with_it(
    respx_mock: respx.MockRouter, todos: TodosClient, name: str
) -> None:
    method, path, write, status = WRITES[name]
    answer = httpx.Response(status, json=todo_json(5) if status == 200 else None)
    route = respx_mock.route(method=method, url__startswith=f"{TODOS}{path}").mock(
        side_effect=[httpx.RemoteProtocolError("answer lost"), answer]
    )

    write(todos)

    assert route.call_count == 2  # with If-Match and without a key, the lost answer would be raised
    keys = [call.request.headers["Idempotency-Key"] for call in route.calls]
    assert keys[0] == keys[1] and uuid.UUID(keys[0]).version == 4
    assert all(call.request.headers["If-Match"] == '"5-1"' for call in route.calls)


def test_toggle_sends_an_idempotency_key_and_is_retried(
    respx_mock: respx.MockRouter, todos: TodosClient
) -> None:
    route = respx_mock.patch(f"{TODOS}/3/complete").mock(
        side_effect=[httpx.ConnectError("refused"), httpx.Response(200, json=todo_json(3, done=True))]
    )

    todos.toggle_completed(3)

    assert route.call_count == 2
    keys = {call.request.headers["Idempotency-Key"] for call in route.calls}
    assert len(keys) == 1
    assert route.calls.last.request.content == b""


def test_idempotency_in_progress_is_retried_after_retry_after(respx_mock: respx.MockRouter) -> None:
    busy = httpx.Response(
        409, json=error_json(409, "idempotency_in_progress", "Still running."), headers={"Retry-After": "1"}
    )
    route = respx_mock.post(TODOS).mock(side_effect=[busy, httpx.Response(201, json=todo_json(1))])
    # Waits the server's second for real: the policy retries within 1 s (NO_WAIT's 0 would give up).
    patient = RetryPolicy(attempts=2, backoff=0.0, max_delay=1.0, jitter=False)

    with TodosClient(SESSION_TOKEN, api_url=API_URL, auth_url=AUTH_URL, retry=patient) as client:
        assert client.create_todo("x").id == 1
    assert route.call_count == 2
    keys = {call.request.headers["Idempotency-Key"] for call in route.calls}
    assert len(keys) == 1  # the retry carried the first attempt's key


def test_conflict_after_the_retries_carries_retry_after(
    respx_mock: respx.MockRouter, todos: TodosClient
) -> None:
    busy = httpx.Response(
        409, json=error_json(409, "idempotency_in_progress", "Still running."), headers={"Retry-After": "2"}
    )
    route = respx_mock.post(TODOS).mock(return_value=busy)

    with pytest.raises(Conflict) as caught:
        todos.create_todo("x")

    assert route.call_count == 1  # 2 s is longer than NO_WAIT retries within: not retried early

    assert caught.value.retry_after == 2.0
    assert caught.value.code == "idempotency_in_progress"


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_retryable_statuses_are_retried(
    status: int, respx_mock: respx.MockRouter, todos: TodosClient
) -> None:
    route = respx_mock.get(f"{TODOS}/1").mock(
        side_effect=[httpx.Response(status), httpx.Response(200, json=todo_json(1))]
    )

    assert todos.get_todo(1).id == 1
    assert route.call_count == 2


def test_max_retries_per_call_overrides_the_client(respx_mock: respx.MockRouter, todos: TodosClient) -> None:
    route = respx_mock.get(f"{TODOS}/1").mock(return_value=httpx.Response(503))

    with pytest.raises(ServiceUnavailable):
        todos.get_todo(1, max_retries=5)
    assert route.call_count == 6
    with pytest.raises(ServiceUnavailable):
        todos.get_todo(1, max_retries=0)
    assert route.call_count == 7


def test_max_retries_client_default(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(f"{TODOS}/1").mock(side_effect=httpx.ConnectError("refused"))
    with TodosClient(
        SESSION_TOKEN, api_url=API_URL, auth_url=AUTH_URL, retry=NO_WAIT, max_retries=1
    ) as client:
        with pytest.raises(ApiConnectionError):
            client.get_todo(1)
    assert route.call_count == 2


def test_timeout_per_call_reaches_the_request(respx_mock: respx.MockRouter, todos: TodosClient) -> None:
    route = respx_mock.get(f"{TODOS}/1").mock(return_value=httpx.Response(200, json=todo_json(1)))

    todos.get_todo(1, timeout=1.5)
    todos.get_todo(1)

    first, second = (call.request.extensions["timeout"] for call in route.calls)
    assert first == {"connect": 1.5, "read": 1.5, "write": 1.5, "pool": 1.5}
    assert second["read"] == 10.0  # the client's default


def test_timeout_raises_api_timeout_error_also_a_builtin_timeout(
    respx_mock: respx.MockRouter, todos: TodosClient
) -> None:
    respx_mock.get(f"{TODOS}/1").mock(side_effect=httpx.ReadTimeout("slow"))

    with pytest.raises(TimeoutError) as caught:
        todos.get_todo(1, timeout=0.1)

    assert isinstance(caught.value, ApiTimeoutError)
    assert isinstance(caught.value, ApiConnectionError)
    assert isinstance(caught.value, ServerUnreachable)


def test_connection_failure_raises_api_connection_error_also_a_builtin(
    respx_mock: respx.MockRouter, todos: TodosClient
) -> None:
    respx_mock.get(f"{TODOS}/1").mock(side_effect=httpx.ConnectError("refused"))

    with pytest.raises(ConnectionError) as caught:
        todos.get_todo(1)

    assert isinstance(caught.value, ApiConnectionError)
    assert not isinstance(caught.value, ApiTimeoutError)


def test_extra_headers_and_default_headers_are_sent(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(f"{TODOS}/1").mock(return_value=httpx.Response(200, json=todo_json(1)))
    with TodosClient(
        SESSION_TOKEN, api_url=API_URL, auth_url=AUTH_URL, default_headers={"X-Team": "blue"}
    ) as client:
        client.get_todo(1, extra_headers={"X-Trace": "t-1"})
        client.get_todo(1)

    first, second = (call.request.headers for call in route.calls)
    assert (first["X-Team"], first["X-Trace"]) == ("blue", "t-1")
    assert second["X-Team"] == "blue"
    assert "X-Trace" not in second


def test_raw_response_has_status_headers_and_parse(respx_mock: respx.MockRouter, todos: TodosClient) -> None:
    respx_mock.post(TODOS).mock(
        return_value=httpx.Response(
            201, json=todo_json(9), headers={"ETag": '"9-1"', "Location": "/api/v1/todos/9"}
        )
    )

    raw = todos.with_raw_response.create_todo("Buy milk")

    assert raw.status_code == 201
    assert raw.headers["ETag"] == '"9-1"'
    assert raw.headers["Location"] == "/api/v1/todos/9"
    assert raw.parse().id == 9
    assert json.loads(raw.content)["id"] == 9


def test_raw_response_of_delete_has_no_model(respx_mock: respx.MockRouter, todos: TodosClient) -> None:
    respx_mock.delete(f"{TODOS}/9").mock(return_value=httpx.Response(204))

    raw = todos.with_raw_response.delete_todo(9, if_match='"9-1"')

    assert raw.status_code == 204
    assert raw.parse() is None


def test_injected_http_client_is_used_with_its_own_hooks(respx_mock: respx.MockRouter) -> None:
    seen: list[str] = []
    route = respx_mock.get(f"{TODOS}/1").mock(
        side_effect=[httpx.Response(503), httpx.Response(200, json=todo_json(1))]
    )
    mine = httpx.Client(
        headers={"X-Mine": "yes"}, event_hooks={"request": [lambda request: seen.append(request.url.path)]}
    )
    with TodosClient(
        SESSION_TOKEN, api_url=API_URL, auth_url=AUTH_URL, retry=NO_WAIT, http_client=mine
    ) as client:
        assert client.get_todo(1).id == 1

    assert route.call_count == 2  # the SDK's retries wrap the injected client's transport
    assert route.calls.last.request.headers["X-Mine"] == "yes"
    assert route.calls.last.request.headers["Authorization"].startswith("Bearer ")
    assert seen == ["/api/v1/todos/1"]
    assert mine.is_closed


async def test_async_client_takes_the_same_options(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.post(TODOS).mock(
        side_effect=[
            httpx.ConnectError("refused"),
            httpx.Response(201, json=todo_json(1), headers={"ETag": '"1-1"'}),
        ]
    )
    async with AsyncTodosClient(
        SESSION_TOKEN, api_url=API_URL, auth_url=AUTH_URL, retry=NO_WAIT, http_client=httpx.AsyncClient()
    ) as client:
        raw = await client.with_raw_response.create_todo("x", extra_headers={"X-A": "1"}, timeout=2.0)

    assert raw.headers["ETag"] == '"1-1"'
    assert len({call.request.headers["Idempotency-Key"] for call in route.calls}) == 1
    assert route.calls.last.request.headers["X-A"] == "1"
