"""create_todo / update_todo carry the task fields of issue 17 (due in words with the zone it is read in,
priority, labels), send only what was given, and clear the due only when `due=None` is passed."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from todos_sdk import AsyncTodosClient, TodosClient, ValidationFailed, _due, local_timezone
from todos_sdk.models import TodoPublic

from tests.support.sdk_fakes import API_URL, AUTH_URL, SESSION_TOKEN, TODOS, error_json, todo_json

pytestmark = pytest.mark.usefixtures("jwt_route")


@pytest.fixture(autouse=True)
def berlin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")


def sent(route: respx.Route) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(route.calls.last.request.content)
    return body


def test_create_sends_due_in_the_local_zone_priority_and_labels(
    respx_mock: respx.MockRouter, todos: TodosClient
) -> None:
    route = respx_mock.post(TODOS).mock(return_value=httpx.Response(201, json=todo_json(1, "Pay rent")))

    todos.create_todo("Pay rent", due="every 1st", priority=1, labels=("bills", "home"))

    assert sent(route) == {
        "title": "Pay rent",
        "due_string": "every 1st",
        "timezone": "Europe/Berlin",
        "priority": 1,
        "labels": ["bills", "home"],
    }


def test_create_with_a_zone_given_sends_that_zone(respx_mock: respx.MockRouter, todos: TodosClient) -> None:
    route = respx_mock.post(TODOS).mock(return_value=httpx.Response(201, json=todo_json(1)))

    todos.create_todo("Call mum", due="sunday 6pm", timezone="Australia/Lord_Howe")

    assert sent(route) == {"title": "Call mum", "due_string": "sunday 6pm", "timezone": "Australia/Lord_Howe"}


def test_create_without_the_new_fields_sends_the_old_body(
    respx_mock: respx.MockRouter, todos: TodosClient
) -> None:
    route = respx_mock.post(TODOS).mock(return_value=httpx.Response(201, json=todo_json(1)))

    todos.create_todo("Buy milk", "2 litres")

    assert sent(route) == {"title": "Buy milk", "description": "2 litres"}


def test_update_leaves_the_due_alone_unless_given(respx_mock: respx.MockRouter, todos: TodosClient) -> None:
    route = respx_mock.put(f"{TODOS}/1").mock(return_value=httpx.Response(200, json=todo_json(1)))

    todos.update_todo(1, priority=2)
    assert sent(route) == {"priority": 2}

    todos.update_todo(1, title="Rent", labels=[])
    assert sent(route) == {"title": "Rent", "labels": []}


def test_update_due_none_clears_it_without_a_zone(respx_mock: respx.MockRouter, todos: TodosClient) -> None:
    route = respx_mock.put(f"{TODOS}/1").mock(return_value=httpx.Response(200, json=todo_json(1)))

    todos.update_todo(1, due=None)

    assert sent(route) == {"due_string": None}


def test_update_due_phrase_carries_the_zone(respx_mock: respx.MockRouter, todos: TodosClient) -> None:
    route = respx_mock.put(f"{TODOS}/1").mock(return_value=httpx.Response(200, json=todo_json(1)))

    todos.update(TodoPublic.from_dict(todo_json(1)), due="tomorrow 5pm", labels=["work"])

    assert sent(route) == {"due_string": "tomorrow 5pm", "timezone": "Europe/Berlin", "labels": ["work"]}
    assert route.calls.last.request.headers["if-match"] == '"1-1"'


def test_an_unreadable_phrase_is_validation_failed_with_the_api_message(
    respx_mock: respx.MockRouter, todos: TodosClient
) -> None:
    detail = "cannot read the due date 'every blursday' at character 7"
    errors = [{"loc": ["body", "due_string"], "msg": detail, "type": "invalid_due"}]
    respx_mock.post(TODOS).mock(
        return_value=httpx.Response(422, json=error_json(422, "invalid_due", detail, errors))
    )

    with pytest.raises(ValidationFailed) as raised:
        todos.create_todo("Rent", due="every blursday")

    assert raised.value.code == "invalid_due"
    assert detail in str(raised.value)


async def test_async_create_sends_the_same_body(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.post(TODOS).mock(return_value=httpx.Response(201, json=todo_json(1)))

    async with AsyncTodosClient(SESSION_TOKEN, api_url=API_URL, auth_url=AUTH_URL) as todos:
        await todos.create_todo("Pay rent", due="every 1st", priority=1, labels=["bills"])

    assert sent(route) == {
        "title": "Pay rent",
        "due_string": "every 1st",
        "timezone": "Europe/Berlin",
        "priority": 1,
        "labels": ["bills"],
    }


# The machine's zone


@pytest.mark.parametrize(
    ("tz", "zone"),
    [
        ("America/New_York", "America/New_York"),
        (":Europe/Berlin", "Europe/Berlin"),
        ("/usr/share/zoneinfo/Australia/Lord_Howe", "Australia/Lord_Howe"),
    ],
)
def test_local_timezone_reads_tz(monkeypatch: pytest.MonkeyPatch, tz: str, zone: str) -> None:
    monkeypatch.setenv("TZ", tz)

    assert local_timezone() == zone


def test_local_timezone_follows_the_localtime_link(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    link = tmp_path / "localtime"
    os.symlink("/usr/share/zoneinfo/Asia/Tokyo", link)
    monkeypatch.delenv("TZ")
    monkeypatch.setattr(_due, "LOCALTIME", link)
    monkeypatch.setattr(_due, "TIMEZONE_FILE", tmp_path / "absent")

    assert local_timezone() == "Asia/Tokyo"


def test_local_timezone_is_utc_when_nothing_names_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TZ", "EST5EDT4,M3.2.0,M11.1.0")  # a POSIX rule, not a name the API reads
    monkeypatch.setattr(_due, "LOCALTIME", tmp_path / "absent")
    monkeypatch.setattr(_due, "TIMEZONE_FILE", tmp_path / "absent")

    assert local_timezone() == "UTC"
