"""The SDK's generated models read the task fields of issue 17, typed, and still read a task without them
(an older server's), and its create body carries only what the caller gave."""

from __future__ import annotations

import datetime

from todos_sdk.models import UNSET, TodoCreate, TodoDue, TodoPublic

from tests.support.sdk_fakes import todo_json

DUE = {
    "date": "2026-12-24",
    "datetime": "2026-12-24T17:00:00-05:00",
    "timezone": "America/New_York",
    "string": "dec 24 5pm",
    "is_recurring": False,
    "rrule": None,
    "from_completion": False,
}


def test_task_fields_are_typed() -> None:
    body = {**todo_json(7), "due": DUE, "priority": 1, "labels": ["bills"], "completed_at": None}

    todo = TodoPublic.from_dict(body)

    assert isinstance(todo.due, TodoDue)
    assert todo.due.date == datetime.date(2026, 12, 24)
    assert todo.due.datetime_ == datetime.datetime(
        2026, 12, 24, 17, tzinfo=datetime.timezone(datetime.timedelta(hours=-5))
    )
    assert (todo.priority, todo.labels, todo.completed_at) == (1, ["bills"], None)


def test_a_task_without_them_still_reads() -> None:
    todo = TodoPublic.from_dict(todo_json(7))

    assert todo.id == 7
    assert (todo.due, todo.priority, todo.labels) == (UNSET, UNSET, UNSET)


def test_create_body_has_only_the_fields_given() -> None:
    assert TodoCreate(title="Buy milk").to_dict() == {"title": "Buy milk"}
    assert TodoCreate(title="Rent", due_string="every 1st", timezone="Europe/Berlin").to_dict() == {
        "title": "Rent",
        "due_string": "every 1st",
        "timezone": "Europe/Berlin",
    }
