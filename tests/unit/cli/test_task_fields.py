"""`todo add/edit --due/--priority/--label` send the task fields; `todo list/show` print the due in words in
this machine's zone (a fixed clock and TZ here), p1-p3 and @labels; an unreadable phrase is a usage error."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import respx
from todos_cli import output, task_words
from todos_cli.exit_codes import ExitCode
from todos_sdk.models import TodoDue

from tests.support.sdk_fakes import TODOS, error_json, page_json, todo_json
from tests.unit.cli.conftest import Runner

pytestmark = pytest.mark.usefixtures("logged_in")

BERLIN = ZoneInfo("Europe/Berlin")
NOW = dt.datetime(2026, 12, 3, 10, 0, tzinfo=BERLIN)  # a Thursday


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    monkeypatch.setattr(task_words, "now", lambda: NOW)


def due(
    date: str,
    datetime: str | None = None,
    *,
    string: str = "",
    rrule: str | None = None,
    zone: str = "Europe/Berlin",
) -> dict[str, Any]:
    return {
        "date": date,
        "datetime": datetime,
        "timezone": zone,
        "string": string or date,
        "is_recurring": rrule is not None,
        "rrule": rrule,
        "from_completion": False,
    }


def task(todo_id: int, title: str, **fields: Any) -> dict[str, Any]:
    return {
        **todo_json(todo_id, title),
        "due": None,
        "priority": 4,
        "labels": [],
        "completed_at": None,
        **fields,
    }


def sent(route: respx.Route) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(route.calls.last.request.content)
    return body


# Flags → the body sent


def test_add_sends_due_in_the_local_zone_priority_and_labels(run: Runner, servers: respx.MockRouter) -> None:
    route = servers.post(TODOS).mock(return_value=httpx.Response(201, json=task(1, "Pay rent")))

    result = run("add", "Pay rent", "--due", "every 1st", "-p", "1", "--label", "bills", "-l", "home")

    assert result.exit_code == 0, result.stderr
    assert sent(route) == {
        "title": "Pay rent",
        "due_string": "every 1st",
        "timezone": "Europe/Berlin",
        "priority": 1,
        "labels": ["bills", "home"],
    }


def test_add_without_the_new_flags_sends_the_old_body(run: Runner, servers: respx.MockRouter) -> None:
    route = servers.post(TODOS).mock(return_value=httpx.Response(201, json=todo_json(1)))

    assert run("add", "Buy milk").exit_code == 0

    assert sent(route) == {"title": "Buy milk"}


def test_add_priority_out_of_range_is_a_usage_error(run: Runner, servers: respx.MockRouter) -> None:
    route = servers.post(TODOS)

    result = run("add", "Pay rent", "--priority", "5")

    assert result.exit_code == ExitCode.USAGE
    assert not route.called


def test_add_dry_run_names_the_fields(run: Runner) -> None:
    result = run("add", "Pay rent", "--due", "every 1st", "-p", "1", "-l", "bills", "--dry-run")

    assert result.stdout == (
        "would add 'Pay rent' with due 'every 1st', priority 1, labels @bills (dry run: nothing sent)\n"
    )


def test_an_unreadable_phrase_exits_usage_with_the_api_message(
    run: Runner, servers: respx.MockRouter
) -> None:
    detail = "cannot read the due date 'every blursday' at character 7: unknown word 'blursday'"
    errors = [{"loc": ["body", "due_string"], "msg": detail, "type": "invalid_due"}]
    servers.post(TODOS).mock(
        return_value=httpx.Response(422, json=error_json(422, "invalid_due", detail, errors))
    )

    result = run("add", "Pay rent", "--due", "every blursday")

    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == f"error: rejected: due_string: {detail}\n"


def serve_read(servers: respx.MockRouter) -> None:
    servers.get(f"{TODOS}/1").mock(
        return_value=httpx.Response(200, json=task(1, "Pay rent"), headers={"ETag": '"1-1"'})
    )


def test_edit_no_due_clears_it(run: Runner, servers: respx.MockRouter) -> None:
    serve_read(servers)
    route = servers.put(f"{TODOS}/1").mock(return_value=httpx.Response(200, json=task(1, "Pay rent")))

    result = run("edit", "1", "--no-due")

    assert result.exit_code == 0, result.stderr
    assert sent(route) == {"due_string": None}
    assert route.calls.last.request.headers["if-match"] == '"1-1"'


def test_edit_sends_only_the_fields_given(run: Runner, servers: respx.MockRouter) -> None:
    serve_read(servers)
    route = servers.put(f"{TODOS}/1").mock(return_value=httpx.Response(200, json=task(1, "Pay rent")))

    assert run("edit", "1", "--priority", "2").exit_code == 0
    assert sent(route) == {"priority": 2}

    assert run("edit", "1", "--due", "tomorrow 5pm", "--label", "work").exit_code == 0
    assert sent(route) == {"due_string": "tomorrow 5pm", "timezone": "Europe/Berlin", "labels": ["work"]}


def test_edit_due_and_no_due_together_is_a_usage_error(run: Runner, servers: respx.MockRouter) -> None:
    route = servers.put(f"{TODOS}/1")

    result = run("edit", "1", "--due", "today", "--no-due")

    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == "error: give --due or --no-due, not both\n"
    assert not route.called


def test_edit_dry_run_says_it_would_clear_the_due(run: Runner, servers: respx.MockRouter) -> None:
    serve_read(servers)

    result = run("edit", "1", "--no-due", "-p", "1", "--dry-run")

    assert result.stdout == "would set #1's clear the due date and priority to 1 (dry run: nothing written)\n"


# The due in words


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        (due("2026-12-03"), "today"),
        (due("2026-12-04", "2026-12-04T17:00:00+01:00"), "tomorrow 17:00"),
        (due("2026-12-07"), "mon 7 dec"),
        (due("2027-01-05"), "tue 5 jan 2027"),
        (due("2026-12-01"), "overdue 2 d"),
        (
            due(
                "2026-12-07",
                "2026-12-07T09:00:00+01:00",
                string="every monday 9am",
                rrule="FREQ=WEEKLY;BYDAY=MO",
            ),
            "mon 7 dec 09:00 ↻ every monday 9am",
        ),
        # Due 17:00 in New York is 23:00 here: shown at this machine's wall time.
        (due("2026-12-04", "2026-12-04T17:00:00-05:00", zone="America/New_York"), "tomorrow 23:00"),
        # 20:00 in New York on the 3rd is already the 4th here.
        (due("2026-12-03", "2026-12-03T20:00:00-05:00", zone="America/New_York"), "tomorrow 02:00"),
    ],
)
def test_due_in_words(fields: dict[str, Any], words: str) -> None:
    assert task_words.due_words(TodoDue.from_dict(fields), NOW) == words


def test_list_line_shows_due_priority_and_labels_and_hides_p4(run: Runner, servers: respx.MockRouter) -> None:
    rent = task(
        2,
        "Pay rent",
        due=due("2026-12-01", string="every 1st", rrule="FREQ=MONTHLY;BYMONTHDAY=1"),
        priority=1,
        labels=["bills", "home"],
    )
    milk = task(1, "Buy milk", priority=4)
    servers.get(TODOS).mock(return_value=httpx.Response(200, json=page_json([rent, milk])))

    result = run("list")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "#2 [ ] Pay rent · overdue 2 d ↻ every 1st · p1 · @bills @home\n#1 [ ] Buy milk\n"
    )


def test_list_table_has_due_priority_and_labels_columns(
    run: Runner, servers: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(output, "stdout_is_terminal", lambda: True)
    rent = task(2, "Rent", due=due("2026-12-04"), priority=2, labels=["bills"])
    servers.get(TODOS).mock(return_value=httpx.Response(200, json=page_json([rent])))

    result = run("list")

    header, row = result.stdout.splitlines()[:2]
    assert header.split() == ["ID", "Done", "Title", "Due", "Pri", "Labels", "Description"]
    assert row.split() == ["2", "·", "Rent", "tomorrow", "p2", "@bills"]


def test_list_json_keeps_the_api_fields(run: Runner, servers: respx.MockRouter) -> None:
    body = json.dumps(page_json([task(2, "Rent", due=due("2026-12-04"), priority=2)]), separators=(",", ":"))
    servers.get(TODOS).mock(return_value=httpx.Response(200, content=body.encode()))

    result = run("list", "--json", "id,due,priority,labels")

    assert json.loads(result.stdout) == [{"id": 2, "due": due("2026-12-04"), "priority": 2, "labels": []}]


def test_show_prints_the_words_and_the_exact_due(run: Runner, servers: respx.MockRouter) -> None:
    rent = task(
        1,
        "Pay rent",
        due=due("2026-12-04", "2026-12-04T17:00:00+01:00", string="tomorrow 5pm"),
        priority=3,
        labels=["bills"],
    )
    servers.get(f"{TODOS}/1").mock(return_value=httpx.Response(200, json=rent))

    lines = run("show", "1").stdout.splitlines()

    assert lines[0] == "#1 [ ] Pay rent · tomorrow 17:00 · p3 · @bills"
    assert lines[1] == "    due 2026-12-04T17:00:00+01:00 (Europe/Berlin), set from 'tomorrow 5pm'"
