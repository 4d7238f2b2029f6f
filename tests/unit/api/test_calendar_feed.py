"""The calendar feed read back by the ``icalendar`` and ``recurring-ical-events`` packages (what calendar
apps do): each series expands to the same next occurrences as the API computes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
import recurring_ical_events  # type: ignore[import-untyped]
from todos_api.due import parse_due, upcoming
from todos_api.due.calendar_feed import CalendarTask, calendar_feed

NOW = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
UPDATED = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)

PHRASES = [
    ("tomorrow", "Europe/Berlin"),
    ("dec 24 5pm", "America/New_York"),
    ("every 1st", "Europe/Berlin"),
    ("every monday 9am", "Europe/Berlin"),
    ("every last friday", "Australia/Lord_Howe"),
    ("every weekday 8:45am", "Australia/Lord_Howe"),
    ("every other monday", "America/New_York"),
    ("every monday starting jan 5 until mar 1", "Europe/Berlin"),
    ("every! 3 days", "Europe/Berlin"),
]


def feed_for(
    phrases: list[tuple[str, str]], now: datetime = NOW
) -> tuple[icalendar.Calendar, list[CalendarTask]]:
    tasks = [
        CalendarTask(index, f"Task {index}", "", 3, UPDATED, parse_due(phrase, now=now, timezone=zone))
        for index, (phrase, zone) in enumerate(phrases, start=1)
    ]
    return icalendar.Calendar.from_ical(calendar_feed(tasks, name="Todos", domain="todos.test")), tasks


def expanded_starts(calendar: icalendar.Calendar, uid: str, start: date, count: int) -> list[str]:
    events = recurring_ical_events.of(calendar).between(start, start + timedelta(days=800))
    starts = [instant(event.get("dtstart").dt) for event in events if str(event.get("uid")) == uid]
    return sorted(starts)[:count]


def instant(value: date) -> str:
    """A date as itself, a time as the UTC instant: a calendar may spell a skipped wall time 02:30-05:00
    where we say 03:30-04:00, the same moment."""
    return value.astimezone(UTC).isoformat() if isinstance(value, datetime) else value.isoformat()


def api_starts(task: CalendarTask, count: int) -> list[str]:
    return [instant(due.datetime or due.date) for due in upcoming(task.due, count)]


@pytest.mark.parametrize(("phrase", "zone"), PHRASES)
def test_a_calendar_app_expands_each_task_to_the_dates_the_api_computes(phrase: str, zone: str) -> None:
    calendar, tasks = feed_for([(phrase, zone)])
    task = tasks[0]

    assert expanded_starts(calendar, "todo-1@todos.test", task.due.date, 6) == api_starts(task, 6)


def test_a_series_across_a_spring_forward_night_expands_as_the_api_computes() -> None:
    # New York skips 02:00-03:00 on 14 March 2027: the API and the calendar put that day's event at 03:30.
    calendar, tasks = feed_for(
        [("every day 2:30am until 2027-03-20", "America/New_York")], now=datetime(2027, 3, 12, 12, tzinfo=UTC)
    )

    expanded = expanded_starts(calendar, "todo-1@todos.test", tasks[0].due.date, 6)

    assert expanded == api_starts(tasks[0], 6)
    assert "2027-03-14T07:30:00+00:00" in expanded  # 03:30 EDT


def test_a_date_only_task_is_an_all_day_event_and_a_timed_one_carries_its_zone() -> None:
    calendar, _ = feed_for([("tomorrow", "Europe/Berlin"), ("dec 24 5pm", "America/New_York")])
    all_day, timed = calendar.walk("VEVENT")

    assert all_day.get("dtstart").dt == date(2026, 12, 4)
    assert all_day.get("dtend").dt == date(2026, 12, 5)
    assert str(timed.get("dtstart").dt.tzinfo) == "America/New_York"
    assert [str(zone.get("tzid")) for zone in calendar.walk("VTIMEZONE")] == ["America/New_York"]


def test_each_event_has_a_stable_uid_and_the_task_version_as_sequence() -> None:
    calendar, _ = feed_for(PHRASES)
    events = calendar.walk("VEVENT")

    assert [str(event.get("uid")) for event in events] == [
        f"todo-{n}@todos.test" for n in range(1, len(PHRASES) + 1)
    ]
    assert {int(event.get("sequence")) for event in events} == {3}
    assert {event.get("dtstamp").dt for event in events} == {UPDATED}


def test_text_that_needs_escaping_survives_the_round_trip() -> None:
    task = CalendarTask(
        1,
        "Rent; utilities, \\ and more",
        "Line one\nLine two",
        1,
        UPDATED,
        parse_due("tomorrow", now=NOW, timezone="UTC"),
    )
    event = icalendar.Calendar.from_ical(calendar_feed([task], name="Todos", domain="todos.test")).walk(
        "VEVENT"
    )[0]

    assert str(event.get("summary")) == "Rent; utilities, \\ and more"
    assert str(event.get("description")) == "Line one\nLine two"
