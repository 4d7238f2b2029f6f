"""`todo trash`, `restore`, `rm --permanent`, `watch` (the stream, --json, Ctrl-C, the polling fallback)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import respx
from todos_cli.commands import watch as watch_command
from todos_cli.exit_codes import ExitCode
from todos_sdk._sync import events as sdk_events

from tests.support.sdk_fakes import API_URL, TODOS, error_json, page_json, todo_json
from tests.unit.cli.conftest import Runner

pytestmark = pytest.mark.usefixtures("logged_in")


def change(todo_id: int, title: str = "Buy milk", *, trashed: bool = False) -> dict[str, Any]:
    deleted_at = "2026-01-03T10:00:00Z" if trashed else None
    return {"id": todo_id, "deleted_at": deleted_at, "permanent": False, "todo": todo_json(todo_id, title)}


def tombstone(todo_id: int) -> dict[str, Any]:
    return {"id": todo_id, "deleted_at": "2026-01-03T10:00:00Z", "permanent": True, "todo": None}


def sse(*changes: tuple[str, dict[str, Any]]) -> httpx.Response:
    body = "retry: 0\n\n" + "".join(
        f"id: {cursor}\nevent: change\ndata: {json.dumps(item)}\n\n" for cursor, item in changes
    )
    return httpx.Response(200, headers={"content-type": "text/event-stream"}, text=body)


class Answers:
    """A respx side effect: these answers (or failures, raised) in turn, then Ctrl-C (KeyboardInterrupt) at
    the next request; `requests` keeps every request, the interrupted one included (respx records only
    answered calls)."""

    def __init__(self, *responses: httpx.Response | Exception) -> None:
        self.queue = list(responses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if not self.queue:
            raise KeyboardInterrupt
        answer = self.queue.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


class FakeClock:
    """time for the SDK's watch() and `todo watch`: sleeping moves the clock on at once."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(sdk_events, "time", fake)
    monkeypatch.setattr(watch_command, "time", fake)
    return fake


def refused(attempts: int = 1) -> list[Exception]:
    """What the API's port answers while nothing listens, for `attempts` tries of the SDK (each is three
    requests: the SDK's transport retries a refused connection twice before it gives up)."""
    return [httpx.ConnectError("Connection refused") for _ in range(3 * attempts)]


def test_trash_lists_trashed_tasks(run: Runner, servers: respx.MockRouter) -> None:
    route = servers.get(TODOS).mock(return_value=httpx.Response(200, json=page_json([todo_json(3, "Old")])))

    result = run("trash")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == "#3 [ ] Old\n"
    assert route.calls.last.request.url.params["trashed"] == "true"


def test_trash_ndjson_prints_one_task_per_line(run: Runner, servers: respx.MockRouter) -> None:
    items = [todo_json(3, "Old"), todo_json(4, "Older")]
    servers.get(TODOS).mock(return_value=httpx.Response(200, json=page_json(items)))

    result = run("trash", "--ndjson")

    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [3, 4]


def test_trash_empty_says_so(run: Runner, servers: respx.MockRouter) -> None:
    servers.get(TODOS).mock(return_value=httpx.Response(200, json=page_json([])))

    result = run("trash")

    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "The trash is empty.\n")


def test_restore_restores_each_and_reports_one_not_in_the_trash(
    run: Runner, servers: respx.MockRouter
) -> None:
    servers.post(f"{TODOS}/3/restore").mock(return_value=httpx.Response(200, json=todo_json(3, "Old")))
    servers.post(f"{TODOS}/4/restore").mock(
        return_value=httpx.Response(404, json=error_json(404, "not_found", "Todo not found"))
    )

    result = run("restore", "3", "4")

    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stdout == "#3 [ ] Old\n"
    assert result.stderr == "error: task 4 is not in the trash\n"


def test_rm_permanent_deletes_for_good(run: Runner, servers: respx.MockRouter) -> None:
    route = servers.delete(f"{TODOS}/1").mock(return_value=httpx.Response(204))

    result = run("rm", "1", "--yes", "--permanent", "--force")

    assert result.exit_code == 0, result.stderr
    assert route.calls.last.request.url.params["permanent"] == "true"
    assert result.stderr == "Deleted #1 for good.\n"


def test_watch_prints_changes_and_ctrl_c_exits_zero(run: Runner, servers: respx.MockRouter) -> None:
    stream = Answers(
        sse(("5.1.1", change(1)), ("6.2.1", change(2, "Old", trashed=True)), ("7.3.1", tombstone(3)))
    )
    servers.get(f"{TODOS}/events").mock(side_effect=stream)

    result = run("watch")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == "changed  #1 [ ] Buy milk\ntrashed  #2 [ ] Old\ndeleted  #3\n"
    assert stream.requests[1].headers["last-event-id"] == "7.3.1"  # reconnected quietly


def test_watch_json_prints_the_api_change_objects_one_per_line(
    run: Runner, servers: respx.MockRouter
) -> None:
    servers.get(f"{TODOS}/events").mock(side_effect=Answers(sse(("5.1.1", change(1)))))

    result = run("watch", "--json")

    assert [json.loads(line) for line in result.stdout.splitlines()] == [change(1)]


def test_watch_polls_the_feed_when_the_stream_is_unavailable(run: Runner, servers: respx.MockRouter) -> None:
    servers.get(f"{TODOS}/events").mock(
        return_value=httpx.Response(503, json=error_json(503, "database_unavailable", "Try again."))
    )
    feed = Answers(
        httpx.Response(200, json={"items": [change(1)], "next_cursor": "9.0.1", "has_more": False}),
        httpx.Response(200, json={"items": [change(2, "New")], "next_cursor": "10.0.1", "has_more": False}),
    )
    servers.get(f"{TODOS}/changes").mock(side_effect=feed)

    result = run("watch", "--interval", "0.1")

    assert result.exit_code == 0, result.stderr
    # The first read only finds "now" (what exists already is not a change to print).
    assert result.stdout == "changed  #2 [ ] New\n"
    assert "polling every 0.1 s" in result.stderr
    assert [request.url.params.get("since") for request in feed.requests] == [None, "9.0.1", "10.0.1"]


def test_watch_expired_cursor_exits_with_a_message(run: Runner, servers: respx.MockRouter) -> None:
    servers.get(f"{TODOS}/events").mock(
        return_value=httpx.Response(410, json=error_json(410, "cursor_expired", "The cursor has expired."))
    )

    result = run("watch", "--since", "1.0.1")

    assert result.exit_code == ExitCode.ERROR
    assert "expired" in result.stderr


@pytest.mark.usefixtures("clock")
def test_watch_says_reconnecting_once_per_outage_on_stderr(run: Runner, servers: respx.MockRouter) -> None:
    stream = Answers(
        *refused(attempts=3),  # the API is down when watch starts: one outage, three tries
        sse(("5.1.1", change(1))),  # then up: a change, and the stream ends
        *refused(attempts=2),  # down again: a second outage
        sse(("6.2.1", change(2, "Call Bob"))),
    )
    servers.get(f"{TODOS}/events").mock(side_effect=stream)

    result = run("watch")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == "changed  #1 [ ] Buy milk\nchanged  #2 [ ] Call Bob\n"
    assert result.stderr.count("reconnecting…") == 2
    assert result.stderr.startswith(f"cannot connect to {API_URL}: reconnecting… (Ctrl-C stops)\n")
    assert stream.requests[-2].headers["last-event-id"] == "5.1.1"  # nothing missed across the outage


def test_watch_timeout_exits_unavailable_after_that_long_without_the_api(
    run: Runner, servers: respx.MockRouter, clock: FakeClock
) -> None:
    stream = Answers(*refused(attempts=10))
    servers.get(f"{TODOS}/events").mock(side_effect=stream)

    result = run("watch", "--timeout", "5")

    assert result.exit_code == ExitCode.UNAVAILABLE
    assert result.stderr.count("reconnecting…") == 1
    assert result.stderr.endswith("gave up after 5 s without the API (--timeout)\n")
    # Waits of 1, 2 and then the 2 s left: the last try is at the deadline, not a backoff step later.
    assert clock.slept == [1.0, 2.0, 2.0]
    assert len(stream.requests) == 4 * 3


@pytest.mark.usefixtures("clock")
def test_watch_polling_says_reconnecting_once_and_honours_the_timeout(
    run: Runner, servers: respx.MockRouter
) -> None:
    servers.get(f"{TODOS}/events").mock(
        return_value=httpx.Response(503, json=error_json(503, "database_unavailable", "Try again."))
    )
    feed = Answers(*refused(attempts=10))
    servers.get(f"{TODOS}/changes").mock(side_effect=feed)

    result = run("watch", "--interval", "2", "--timeout", "5")

    assert result.exit_code == ExitCode.UNAVAILABLE
    assert result.stderr.count("reconnecting…") == 1
    assert f"cannot connect to {API_URL}: reconnecting… (Ctrl-C stops)" in result.stderr
    assert "(--timeout)" in result.stderr
    assert len(feed.requests) == 4 * 3  # polls at 0, 2, 4 and 6 s: the last one past the 5 s


def test_watch_since_garbage_says_the_since_value_is_not_a_valid_cursor(
    run: Runner, servers: respx.MockRouter
) -> None:
    servers.get(f"{TODOS}/events").mock(
        return_value=httpx.Response(
            400,
            json=error_json(400, "invalid_last_event_id", "Last-Event-ID is not an event id of this stream."),
        )
    )

    result = run("watch", "--since", "garbage")

    assert result.exit_code == ExitCode.USAGE
    assert "Last-Event-ID" not in result.stderr
    assert result.stderr.startswith("error: --since 'garbage' is not a valid cursor")


@pytest.mark.usefixtures("clock")
def test_watch_polling_names_a_503_when_it_says_reconnecting(run: Runner, servers: respx.MockRouter) -> None:
    unavailable = httpx.Response(503, json=error_json(503, "database_unavailable", "Try again."))
    servers.get(f"{TODOS}/events").mock(return_value=unavailable)
    servers.get(f"{TODOS}/changes").mock(side_effect=Answers(*[unavailable] * 3))

    result = run("watch", "--interval", "2")

    assert result.exit_code == 0, result.stderr
    assert "the API is unavailable (HTTP 503): reconnecting… (Ctrl-C stops)" in result.stderr
