"""The meaning of a filter, in Python: the reference the SQL compilation is tested against (and what a
client holding tasks locally can use)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from todos_api.filters.grammar import (
    And,
    DueAfter,
    DueBefore,
    DueOn,
    Filter,
    HasLabel,
    InList,
    NextDays,
    NoDate,
    Not,
    Or,
    Overdue,
    Priority,
    Recurring,
    Search,
)


@dataclass(frozen=True, slots=True)
class TaskFacts:
    """What a filter looks at in a task."""

    title: str
    description: str
    is_completed: bool
    priority: int
    list_name: str
    labels: tuple[str, ...]
    due_date: date | None
    due_datetime: datetime | None  # aware; only for a timed task
    is_recurring: bool


def matches(node: Filter, task: TaskFacts, *, now: datetime, today: date) -> bool:
    """Whether ``task`` passes ``node`` at ``now``; ``today`` is now's date in the caller's time zone."""
    match node:
        case And(left, right):
            return matches(left, task, now=now, today=today) and matches(right, task, now=now, today=today)
        case Or(left, right):
            return matches(left, task, now=now, today=today) or matches(right, task, now=now, today=today)
        case Not(operand):
            return not matches(operand, task, now=now, today=today)
        case DueOn(days):
            return task.due_date == today + timedelta(days=days)
        case Overdue():
            if task.is_completed or task.due_date is None:
                return False
            if task.due_datetime is not None:
                return task.due_datetime < now
            return task.due_date < today
        case NoDate():
            return task.due_date is None
        case Recurring():
            return task.is_recurring
        case NextDays(days):
            return task.due_date is not None and today <= task.due_date < today + timedelta(days=days)
        case DueBefore(day):
            return task.due_date is not None and task.due_date < day
        case DueAfter(day):
            return task.due_date is not None and task.due_date > day
        case Priority(level):
            return task.priority == level
        case InList(name):
            return task.list_name.casefold() == name.casefold()
        case HasLabel(name):
            return any(label.casefold() == name.casefold() for label in task.labels)
        case Search(text):
            needle = text.casefold()
            return needle in task.title.casefold() or needle in task.description.casefold()
    raise AssertionError(node)
