"""A user's dated tasks as an iCalendar feed (RFC 5545) that Google Calendar, Apple Calendar and Thunderbird
can subscribe to.

Each open task with a due date is one VEVENT: an all-day event for a date-only task (DTSTART;VALUE=DATE), a
30-minute event at its time in its own zone for a timed one (DTSTART;TZID=…, with the VTIMEZONE it needs),
and a recurring task carries its RRULE, so the calendar shows the whole series. The event's UID is stable
per task and its SEQUENCE is the task's version, so a subscribed calendar updates an event in place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vRecur

from todos_api.due.dates import Due, time_of_day

PRODUCT_ID = "-//Todos//Todos calendar feed//EN"
TIMED_EVENT_LENGTH = timedelta(minutes=30)


@dataclass(frozen=True, slots=True)
class CalendarTask:
    id: int
    title: str
    description: str
    version: int
    updated_at: datetime
    due: Due


def calendar_feed(tasks: Iterable[CalendarTask], *, name: str, domain: str) -> bytes:
    """The ``.ics`` body for ``tasks``; ``domain`` makes event UIDs globally unique (``todo-7@domain``)."""
    feed = Calendar()
    feed.add("prodid", PRODUCT_ID)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("x-wr-calname", name)
    for task in tasks:
        feed.add_component(_event(task, domain))
    feed.add_missing_timezones()
    body: bytes = feed.to_ical()
    return body


def _event(task: CalendarTask, domain: str) -> Event:
    event = Event()
    event.add("uid", f"todo-{task.id}@{domain}")
    event.add("dtstamp", task.updated_at)
    event.add("last-modified", task.updated_at)
    event.add("sequence", task.version)
    event.add("summary", task.title)
    if task.description:
        event.add("description", task.description)
    due = task.due
    if due.datetime is None:
        event.add("dtstart", due.date)
        event.add("dtend", due.date + timedelta(days=1))
    else:
        zone = ZoneInfo(due.timezone)
        # The wall time the rule names (not one moved by a DST gap on this date), as the calendar expands it.
        wall = time_of_day(due) or due.datetime.astimezone(zone).time()
        start = datetime.combine(due.date, wall, tzinfo=zone)
        event.add("dtstart", start)
        event.add("dtend", start + TIMED_EVENT_LENGTH)
    if due.rrule is not None:
        event.add("rrule", vRecur.from_ical(due.rrule))
    return event
