"""Quick add: one line of text read into title, list, labels, priority and due date, with the spans of what
was recognised."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from todos_api.due import InvalidDue
from todos_api.due.quick_add import Span, parse_quick_add

NOW = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)  # Thursday, 16:00 in Berlin


@pytest.mark.parametrize(
    ("text", "title", "list_name", "labels", "priority", "due_string"),
    [
        ("Pay rent every 1st #Home @bills p1", "Pay rent", "Home", ("bills",), 1, "every 1st"),
        ("Buy milk tomorrow", "Buy milk", None, (), None, "tomorrow"),
        ("Meeting at 5pm with Bob", "Meeting with Bob", None, (), None, "at 5pm"),
        ("Read chapter 5", "Read chapter 5", None, (), None, None),
        ('#"Home Office" Fix printer p2 next friday', "Fix printer", "Home Office", (), 2, "next friday"),
        ("Call mom @phone @Phone @family", "Call mom", None, ("phone", "family"), None, None),
        ("p1 p2 Ship it", "Ship it", None, (), 2, None),  # the last priority wins
        ("Renew passport #Admin #Home", "Renew passport", "Home", (), None, None),  # the last list wins
        ("Water plants every! 3 days", "Water plants", None, (), None, "every! 3 days"),
        ("Stand-up every weekday 9:30am #Work", "Stand-up", "Work", (), None, "every weekday 9:30am"),
        ("Submit report dec 24 5pm", "Submit report", None, (), None, "dec 24 5pm"),
        ("email@example.com about p10", "email@example.com about p10", None, (), None, None),
        ("tomorrow", "tomorrow", None, (), None, None),  # only a date: kept as the title, not an empty task
    ],
)
def test_quick_add_reads_the_markers_and_the_longest_date(
    text: str,
    title: str,
    list_name: str | None,
    labels: tuple[str, ...],
    priority: int | None,
    due_string: str | None,
) -> None:
    added = parse_quick_add(text, now=NOW, timezone="Europe/Berlin")

    assert added.title == title
    assert added.list_name == list_name
    assert added.labels == labels
    assert added.priority == priority
    assert (added.due.string if added.due else None) == due_string


def test_quick_add_reports_where_it_found_each_part() -> None:
    text = "Pay rent every 1st #Home @bills p1"

    added = parse_quick_add(text, now=NOW, timezone="Europe/Berlin")

    assert added.spans == (
        Span(9, 18, "due"),
        Span(19, 24, "list"),
        Span(25, 31, "label"),
        Span(32, 34, "priority"),
    )
    assert [text[span.start : span.end] for span in added.spans] == ["every 1st", "#Home", "@bills", "p1"]


def test_the_date_is_read_in_the_given_zone() -> None:
    added = parse_quick_add("Call at 9am tomorrow", now=NOW, timezone="America/New_York")

    assert added.due is not None and added.due.datetime is not None
    assert added.due.datetime.isoformat() == "2026-12-04T09:00:00-05:00"


def test_an_unknown_zone_is_refused_even_without_a_date() -> None:
    with pytest.raises(InvalidDue, match="IANA"):
        parse_quick_add("Just a title", now=NOW, timezone="Nowhere/Special")
