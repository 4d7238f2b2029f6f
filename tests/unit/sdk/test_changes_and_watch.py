"""iter_changes, watch (SSE parsing, reconnecting with Last-Event-ID), trash, CursorExpired: over respx."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
import respx
from todos_sdk import (
    AsyncTodosClient,
    CursorExpired,
    NotFound,
    Reconnecting,
    RetryPolicy,
    ServerUnreachable,
    TodosClient,
    Unauthorized,
)
from todos_sdk._async import events as async_events
from todos_sdk._changes import SseParser

from tests.support.sdk_fakes import API_URL, AUTH_URL, SESSION_TOKEN, TODOS, error_json, make_jwt, todo_json

NO_WAIT = RetryPolicy(attempts=1)
EVENTS = f"{TODOS}/events"
CHANGES = f"{TODOS}/changes"


@pytest.fixture(autouse=True)
def jwt_route(respx_mock: respx.MockRouter) -> respx.Route:
    return respx_mock.get(f"{AUTH_URL}/api/auth/token").mock(
        side_effect=lambda _: httpx.Response(200, json={"token": make_jwt()})
    )


@pytest.fixture
def todos() -> Iterator[TodosClient]:
    with TodosClient(SESSION_TOKEN, api_url=API_URL, auth_url=AUTH_URL, retry=NO_WAIT) as client:
        yield client


def live(todo_id: int, title: str = "Buy milk") -> dict[str, Any]:
    return {"id": todo_id, "deleted_at": None, "permanent": False, "todo": todo_json(todo_id, title)}


def tombstone(todo_id: int) -> dict[str, Any]:
    return {"id": todo_id, "deleted_at": "2026-01-03T10:00:00Z", "permanent": True, "todo": None}


def event(cursor: str, change: dict[str, Any]) -> str:
    return f"id: {cursor}\nevent: change\ndata: {json.dumps(change)}\n\n"


def stream(*chunks: str) -> httpx.Response:
    return httpx.Response(200, headers={"content-type": "text/event-stream"}, text="".join(chunks))


def test_sse_parser_joins_multiline_data_and_skips_comments() -> None:
    parser = SseParser()
    lines = ": heartbeat", "", "retry: 250", "id: 5.1.9", "event: change", "data: {", "data:  1}", ""
    events = [found for line in lines if (found := parser.feed(line)) is not None]

    assert [(found.event, found.data, found.id) for found in events] == [("change", "{\n 1}", "5.1.9")]
    assert parser.retry_ms == 250


def test_sse_parser_id_without_data_moves_last_id_without_an_event() -> None:
    parser = SseParser(last_id="1.0.1")

    assert parser.feed("id: 7.0.2") is None
    assert parser.feed("") is None
    assert parser.last_id == "7.0.2"


def test_iter_changes_follows_pages_and_gives_resumable_cursors(
    respx_mock: respx.MockRouter, todos: TodosClient
) -> None:
    pages = [
        {"items": [live(1), live(2)], "next_cursor": "10.2.1", "has_more": True},
        {"items": [tombstone(3)], "next_cursor": "12.0.1", "has_more": False},
    ]
    route = respx_mock.get(CHANGES).mock(side_effect=[httpx.Response(200, json=page) for page in pages])

    changes = list(todos.iter_changes(page_size=2))

    assert [(change.id, change.kind, change.cursor) for change in changes] == [
        (1, "changed", None),
        (2, "changed", "10.2.1"),
        (3, "deleted", "12.0.1"),
    ]
    assert changes[0].todo is not None and changes[0].todo.title == "Buy milk"
    assert "since" not in route.calls[0].request.url.params
    assert route.calls[1].request.url.params["since"] == "10.2.1"


def test_iter_changes_raises_cursor_expired_on_410(respx_mock: respx.MockRouter, todos: TodosClient) -> None:
    respx_mock.get(CHANGES).mock(
        return_value=httpx.Response(410, json=error_json(410, "cursor_expired", "re-read the list"))
    )

    with pytest.raises(CursorExpired) as caught:
        list(todos.iter_changes("1.0.1"))
    assert caught.value.code == "cursor_expired"


def test_watch_reconnects_with_last_event_id_after_a_dropped_stream(
    respx_mock: respx.MockRouter, todos: TodosClient
) -> None:
    route = respx_mock.get(EVENTS).mock(
        side_effect=[
            stream("retry: 0\n\n", ": heartbeat\n\n", event("5.1.1", live(1))),  # then the connection ends
            httpx.ReadError("connection reset"),
            stream(event("6.2.1", live(2, "Call Bob"))),
        ]
    )

    watched = todos.watch()
    changes = [next(watched), next(watched)]

    assert [(change.id, change.cursor) for change in changes] == [(1, "5.1.1"), (2, "6.2.1")]
    sent = [call.request.headers.get("last-event-id") for call in route.calls]
    assert sent == [None, "5.1.1", "5.1.1"]
    assert route.calls[0].request.headers["accept"] == "text/event-stream"


def test_watch_reads_a_title_with_a_raw_line_separator(
    respx_mock: respx.MockRouter, todos: TodosClient
) -> None:
    # The API's JSON leaves U+2028 and U+0085 unescaped; only CR and LF end an SSE line.
    title = "one\u2028two\u0085three"
    body = f"id: 5.1.1\nevent: change\ndata: {json.dumps(live(1, title), ensure_ascii=False)}\n\n"
    respx_mock.get(EVENTS).mock(return_value=stream(body))

    change = next(todos.watch(reconnect=False))

    assert change.todo is not None and change.todo.title == title


def test_watch_resumes_from_the_stream_opening_id_and_not_from_a_cut_off_event(
    respx_mock: respx.MockRouter, todos: TodosClient
) -> None:
    route = respx_mock.get(EVENTS).mock(
        side_effect=[
            # The opening position as an id-only frame, then an event cut off before its blank line.
            stream("retry: 0\nid: 4.0.1\n\n", f"id: 5.1.1\nevent: change\ndata: {json.dumps(live(1))}\n"),
            stream(event("5.1.1", live(1))),
        ]
    )

    change = next(todos.watch())

    assert (change.id, change.cursor) == (1, "5.1.1")
    assert route.calls[1].request.headers["last-event-id"] == "4.0.1"


def test_watch_since_a_cursor_sends_it_as_last_event_id(
    respx_mock: respx.MockRouter, todos: TodosClient
) -> None:
    route = respx_mock.get(EVENTS).mock(return_value=stream(event("9.3.1", tombstone(3))))

    change = next(todos.watch("8.0.1"))

    assert (change.kind, change.todo) == ("deleted", None)
    assert route.calls[0].request.headers["last-event-id"] == "8.0.1"


def test_watch_raises_cursor_expired_when_resuming_too_late(
    respx_mock: respx.MockRouter, todos: TodosClient
) -> None:
    respx_mock.get(EVENTS).mock(
        return_value=httpx.Response(410, json=error_json(410, "cursor_expired", "re-read the list"))
    )

    with pytest.raises(CursorExpired):
        next(todos.watch("1.0.1"))


def test_watch_without_reconnect_ends_with_the_stream(
    respx_mock: respx.MockRouter, todos: TodosClient
) -> None:
    respx_mock.get(EVENTS).mock(return_value=stream(event("5.1.1", live(1))))

    assert [change.id for change in todos.watch(reconnect=False)] == [1]


async def test_async_watch_reconnects_after_the_server_closes(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(EVENTS).mock(
        side_effect=[stream("retry: 0\n\n", event("5.1.1", live(1))), stream(event("6.2.1", live(2)))]
    )
    async with AsyncTodosClient(SESSION_TOKEN, api_url=API_URL, auth_url=AUTH_URL, retry=NO_WAIT) as todos:
        watched = todos.watch()
        first, second = await anext(watched), await anext(watched)
        await watched.aclose()

    assert [first.id, second.id] == [1, 2]
    assert route.calls[1].request.headers["last-event-id"] == "5.1.1"


def test_trash_list_restore_and_permanent_delete_send_the_api_parameters(
    respx_mock: respx.MockRouter, todos: TodosClient
) -> None:
    listing = respx_mock.get(TODOS).mock(
        return_value=httpx.Response(200, json={"items": [], "total": 0, "skip": 0, "limit": 100})
    )
    restore = respx_mock.post(f"{TODOS}/4/restore").mock(return_value=httpx.Response(200, json=todo_json(4)))
    delete = respx_mock.delete(f"{TODOS}/4").mock(return_value=httpx.Response(204))

    todos.list_todos(trashed=True)
    restored = todos.restore_todo(4)
    todos.delete_todo(4, permanent=True)
    todos.delete_todo(4)

    assert listing.calls.last.request.url.params["trashed"] == "true"
    assert restored.id == 4 and restore.call_count == 1
    assert [call.request.url.params["permanent"] for call in delete.calls] == ["true", "false"]


def test_restore_of_a_task_not_in_the_trash_is_not_found(
    respx_mock: respx.MockRouter, todos: TodosClient
) -> None:
    respx_mock.post(f"{TODOS}/4/restore").mock(
        return_value=httpx.Response(404, json=error_json(404, "not_found", "Todo not found"))
    )

    with pytest.raises(NotFound):
        todos.restore_todo(4)


REAUTHENTICATE = 'event: reauthenticate\ndata: {"reason": "token_expired"}\n\n'


def test_watch_reauthenticates_at_once_with_a_fresh_jwt(
    respx_mock: respx.MockRouter, todos: TodosClient, jwt_route: respx.Route
) -> None:
    # No `retry: 0`: after an ordinary end the SDK would wait the default second before reconnecting.
    route = respx_mock.get(EVENTS).mock(
        side_effect=[stream(event("5.1.1", live(1)), REAUTHENTICATE), stream(event("6.2.1", live(2)))]
    )
    watched = todos.watch()
    first = next(watched)
    started = time.monotonic()
    second = next(watched)

    assert time.monotonic() - started < 0.5
    assert [first.id, second.id] == [1, 2]
    tokens = [call.request.headers["authorization"] for call in route.calls]
    assert tokens[0] != tokens[1] and jwt_route.call_count == 2  # the cached JWT was dropped, not reused
    assert route.calls[1].request.headers["last-event-id"] == "5.1.1"


def test_watch_ends_with_unauthorized_when_the_session_is_gone(
    respx_mock: respx.MockRouter, todos: TodosClient, jwt_route: respx.Route
) -> None:
    signed_out = 'event: reauthenticate\ndata: {"reason": "session_ended"}\n\n'
    respx_mock.get(EVENTS).mock(return_value=stream(event("5.1.1", live(1)), signed_out))
    jwt_route.side_effect = [
        httpx.Response(200, json={"token": make_jwt()}),
        httpx.Response(401, json={"message": "Unauthorized"}),
    ]
    watched = todos.watch()
    assert next(watched).id == 1
    with pytest.raises(Unauthorized):
        next(watched)


class FakeClock:
    """time.monotonic and asyncio.sleep for watch(): sleeping moves the clock on at once."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(async_events, "time", SimpleNamespace(monotonic=fake.monotonic))
    monkeypatch.setattr(async_events, "asyncio", SimpleNamespace(sleep=fake.sleep))
    return fake


@pytest.mark.usefixtures("clock")
async def test_async_watch_tells_on_reconnect_each_attempt_of_an_outage(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(EVENTS).mock(
        side_effect=[
            *[httpx.ConnectError("refused")] * 3,
            stream("retry: 1000\nid: 4.0.1\n\n", event("5.1.1", live(1))),
            stream(event("6.2.1", live(2))),
        ]
    )
    seen: list[Reconnecting] = []
    async with AsyncTodosClient(SESSION_TOKEN, api_url=API_URL, auth_url=AUTH_URL, retry=NO_WAIT) as todos:
        watched = todos.watch(on_reconnect=seen.append)
        first, second = await anext(watched), await anext(watched)
        await watched.aclose()

    assert [first.id, second.id] == [1, 2]
    assert [(state.attempt, state.down_for, state.delay) for state in seen] == [
        (1, 0.0, 1.0),
        (2, 1.0, 2.0),
        (3, 3.0, 4.0),
        (1, 0.0, 1.0),  # the stream was open in between: a new outage (here the server ended it)
    ]
    assert all(isinstance(state.error, ServerUnreachable) for state in seen[:3])
    assert seen[3].error is None


async def test_async_watch_gives_up_after_so_long_unreachable(
    respx_mock: respx.MockRouter, clock: FakeClock
) -> None:
    route = respx_mock.get(EVENTS).mock(side_effect=httpx.ConnectError("refused"))
    async with AsyncTodosClient(SESSION_TOKEN, api_url=API_URL, auth_url=AUTH_URL, retry=NO_WAIT) as todos:
        with pytest.raises(ServerUnreachable):
            await anext(todos.watch(give_up_after=2.5))

    assert clock.slept == [1.0, 1.5]  # the last try at the deadline, not a backoff step later
    assert route.call_count == 3
