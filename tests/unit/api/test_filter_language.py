"""The filter language: what each term and operator reads as, where a syntax error is reported, and a
round trip over random filters (render a random tree as text, read it back, get the same tree)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

import pytest
from todos_api.filters import FilterSyntaxError, TaskFacts, matches, parse_filter
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


def read_date(phrase: str) -> date:
    """A stand-in date reader: ISO dates only (the API passes the due-date phrase reader)."""
    return date.fromisoformat(phrase)


def parse(text: str) -> Filter:
    return parse_filter(text, read_date)


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("today", DueOn(0)),
        ("Tomorrow", DueOn(1)),
        ("overdue", Overdue()),
        ("no date", NoDate()),
        ("recurring", Recurring()),
        ("next 7 days", NextDays(7)),
        ("next 1 day", NextDays(1)),
        ("due before: 2026-12-24", DueBefore(date(2026, 12, 24))),
        ("due after:2027-01-01", DueAfter(date(2027, 1, 1))),
        ("p1", Priority(1)),
        ("P4", Priority(4)),
        ("#Inbox", InList("Inbox")),
        ("#Home Office", InList("Home Office")),
        ("@bills", HasLabel("bills")),
        ("search: pay rent", Search("pay rent")),
        ("#R\\&D", InList("R&D")),
        ("today | overdue", Or(DueOn(0), Overdue())),
        ("today & p1", And(DueOn(0), Priority(1))),
        # "&" binds tighter than "|", as in Todoist.
        ("today | overdue & p1", Or(DueOn(0), And(Overdue(), Priority(1)))),
        ("(today | overdue) & p1", And(Or(DueOn(0), Overdue()), Priority(1))),
        ("!no date", Not(NoDate())),
        ("!!p2", Not(Not(Priority(2)))),
        ("#Work & !@waiting", And(InList("Work"), Not(HasLabel("waiting")))),
        ("p1 | p2 | p3", Or(Or(Priority(1), Priority(2)), Priority(3))),
        ("  ( ( today ) )  ", DueOn(0)),
    ],
)
def test_a_filter_reads_as_its_tree(text: str, tree: Filter) -> None:
    assert parse(text) == tree


@pytest.mark.parametrize(
    ("text", "position", "message"),
    [
        ("", 0, "expected a filter"),
        ("today &", 7, "expected a filter"),
        ("today & | p1", 8, "expected a filter before '|'"),
        ("(today", 6, "expected ')'"),
        ("today)", 5, "unexpected ')'"),
        ("p5", 0, "unknown filter 'p5'"),
        ("today & someday", 8, "unknown filter 'someday'"),
        ("#", 1, "a list name"),
        ("@ & p1", 1, "a label name"),
        ("search:", 7, "text after 'search:'"),
        ("due before: soon", 11, "cannot read the date 'soon'"),
        ("next 0 days", 0, "at least 1"),
        ("todayx", 0, "unknown filter 'todayx'"),
        ("!" * 40 + "p1", 32, "nested more than"),
    ],
)
def test_a_syntax_error_names_its_position(text: str, position: int, message: str) -> None:
    with pytest.raises(FilterSyntaxError) as refused:
        parse(text)

    assert refused.value.position == position
    assert message in refused.value.message


def test_a_filter_longer_than_the_limit_is_refused_unread() -> None:
    with pytest.raises(FilterSyntaxError, match="longer than"):
        parse("p1 | " * 300 + "p1")


# -- round trip over random filters --------------------------------------------------------------------------


def random_tree(rng: random.Random, depth: int = 0) -> Filter:
    if depth < 4 and rng.random() < 0.5:
        kind = rng.choice(("and", "or", "not"))
        if kind == "not":
            return Not(random_tree(rng, depth + 1))
        left, right = random_tree(rng, depth + 1), random_tree(rng, depth + 1)
        return And(left, right) if kind == "and" else Or(left, right)
    names = ("Inbox", "Home Office", "R&D", "x|y", "(paren)")
    return rng.choice(
        (
            DueOn(rng.randint(0, 1)),
            Overdue(),
            NoDate(),
            Recurring(),
            NextDays(rng.randint(1, 30)),
            DueBefore(date(2026, 12, rng.randint(1, 31))),
            DueAfter(date(2027, 1, rng.randint(1, 31))),
            Priority(rng.randint(1, 4)),
            InList(rng.choice(names)),
            HasLabel(rng.choice(names)),
            Search(rng.choice(("rent", "pay the bills", "a&b"))),
        )
    )


def escape(name: str) -> str:
    return "".join("\\" + character if character in "&|)\\" else character for character in name)


def render(node: Filter) -> str:
    """Text for ``node``, fully parenthesised (so the tree it reads back as is exactly ``node``)."""
    match node:
        case And(left, right):
            return f"({render(left)} & {render(right)})"
        case Or(left, right):
            return f"({render(left)} | {render(right)})"
        case Not(operand):
            return f"!{render(operand)}"
        case DueOn(days):
            return "today" if days == 0 else "tomorrow"
        case Overdue():
            return "overdue"
        case NoDate():
            return "no date"
        case Recurring():
            return "recurring"
        case NextDays(days):
            return f"next {days} days"
        case DueBefore(day):
            return f"due before: {day.isoformat()}"
        case DueAfter(day):
            return f"due after: {day.isoformat()}"
        case Priority(level):
            return f"p{level}"
        case InList(name):
            return f"#{escape(name)}"
        case HasLabel(name):
            return f"@{escape(name)}"
        case Search(text):
            return f"search: {escape(text)}"
    raise AssertionError(node)


@pytest.mark.parametrize("seed", range(200))
def test_a_random_filter_reads_back_as_the_tree_it_was_written_from(seed: int) -> None:
    tree = random_tree(random.Random(seed))

    assert parse(render(tree)) == tree


# -- meaning -------------------------------------------------------------------------------------------------

NOW = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
TODAY = date(2026, 12, 3)


def task(**changes: object) -> TaskFacts:
    fields: dict[str, object] = {
        "title": "Pay rent",
        "description": "",
        "is_completed": False,
        "priority": 4,
        "list_name": "Inbox",
        "labels": (),
        "due_date": None,
        "due_datetime": None,
        "is_recurring": False,
    }
    fields.update(changes)
    return TaskFacts(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "facts", "expected"),
    [
        ("today", task(due_date=TODAY), True),
        ("today", task(due_date=date(2026, 12, 4)), False),
        ("tomorrow", task(due_date=date(2026, 12, 4)), True),
        ("overdue", task(due_date=date(2026, 12, 2)), True),
        ("overdue", task(due_date=date(2026, 12, 2), is_completed=True), False),
        ("overdue", task(due_date=TODAY), False),  # a date-only task is due all day
        ("overdue", task(due_date=TODAY, due_datetime=datetime(2026, 12, 3, 14, tzinfo=UTC)), True),
        ("overdue", task(due_date=TODAY, due_datetime=datetime(2026, 12, 3, 16, tzinfo=UTC)), False),
        ("no date", task(), True),
        ("!no date", task(due_date=TODAY), True),
        ("next 7 days", task(due_date=date(2026, 12, 9)), True),
        ("next 7 days", task(due_date=date(2026, 12, 10)), False),
        ("next 7 days", task(due_date=date(2026, 12, 2)), False),
        ("due before: 2026-12-24", task(due_date=date(2026, 12, 23)), True),
        ("due before: 2026-12-24", task(due_date=date(2026, 12, 24)), False),
        ("due before: 2026-12-24", task(), False),
        ("due after: 2026-12-24", task(due_date=date(2026, 12, 25)), True),
        ("p1", task(priority=1), True),
        ("#inbox", task(), True),
        ("#Work", task(), False),
        ("@BILLS", task(labels=("bills", "home")), True),
        ("search: RENT", task(), True),
        ("search: rent", task(title="Groceries", description="and the rent"), True),
        ("recurring & p1", task(is_recurring=True, priority=1), True),
        ("today | overdue & p1", task(due_date=date(2026, 12, 1), priority=2), False),
    ],
)
def test_a_filter_means_what_it_says(text: str, facts: TaskFacts, expected: bool) -> None:
    assert matches(parse(text), facts, now=NOW, today=TODAY) is expected
