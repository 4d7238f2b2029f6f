"""A task's due, priority and labels in a few words, as a person reads them in a list: "tomorrow 17:00",
"mon 7 dec", "overdue 2 d", "today ↻ every 1st", "p1", "@bills".

A timed due is shown at the wall time of this machine's zone (the API sends the instant with the task's
offset: a task due 17:00 in New York reads 23:00 in Berlin); a date-only due is a calendar day wherever you
are, so it is shown as the day the API sent. "Today" is this machine's today. p4 (the default) is not shown.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from todos_sdk.models import TodoDue, TodoPublic

RECURRING = "↻"
# Spelled out, not strftime's %a/%b: those follow the C locale's LC_TIME, which a caller may have set.
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def now() -> dt.datetime:
    """This machine's clock in its zone (the one the SDK sends due phrases in); tests replace it."""
    from todos_sdk import local_timezone

    return dt.datetime.now(ZoneInfo(local_timezone()))


def due_words(due: TodoDue, at: dt.datetime) -> str:
    """`due` in words as seen at `at` (an aware time in the zone to show it in)."""
    when = due.datetime_.astimezone(at.tzinfo) if due.datetime_ is not None else None
    day = when.date() if when is not None else due.date
    days = (day - at.date()).days
    if days < 0:
        words = f"overdue {-days} d"
    else:
        if days == 0:
            words = "today"
        elif days == 1:
            words = "tomorrow"
        else:
            words = f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"
            if day.year != at.year:
                words += f" {day.year}"
        if when is not None:
            words += f" {when:%H:%M}"
    if due.is_recurring:
        words += f" {RECURRING} {due.string}"
    return words


def task_parts(todo: TodoPublic, at: dt.datetime | None = None) -> tuple[str, str, str]:
    """The due in words, `p1`-`p3`, and the `@label`s; "" for each a task does not have (p4 included), or
    a server does not send."""
    from todos_sdk.models import TodoDue

    due = due_words(todo.due, at or now()) if isinstance(todo.due, TodoDue) else ""
    priority = f"p{todo.priority}" if isinstance(todo.priority, int) and todo.priority < 4 else ""
    labels = " ".join(f"@{label}" for label in todo.labels) if isinstance(todo.labels, list) else ""
    return due, priority, labels


def task_words(todo: TodoPublic, at: dt.datetime | None = None) -> list[str]:
    """What a one-line listing shows after the title: the parts a task has."""
    return [part for part in task_parts(todo, at) if part]
