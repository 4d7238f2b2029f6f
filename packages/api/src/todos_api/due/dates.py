"""A task's due date: read from words (``parse_due``) and moved on when a recurring task is done
(``next_due``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from todos_api.due.phrases import PhraseError, read_phrase
from todos_api.due.schedule import (
    day_of,
    first_single,
    localize,
    next_after,
    parse_rrule,
    rrule_text,
    with_until,
)
from todos_api.due.tokens import UnknownText, tokenize

PHRASE_MAX_LENGTH = 200


class InvalidDue(ValueError):
    """A phrase (or time zone) we cannot read; ``message`` names the phrase and what is wrong with it."""

    def __init__(self, phrase: str, reason: str, position: int | None = None) -> None:
        where = f" at character {position + 1}" if position is not None else ""
        self.message = f"cannot read the due date {phrase!r}{where}: {reason}"
        super().__init__(self.message)
        self.phrase = phrase
        self.reason = reason
        self.position = position


@dataclass(frozen=True, slots=True)
class Due:
    date: date
    datetime: datetime | None  # aware, in ``timezone``; only for a task with a time of day
    timezone: str
    string: str
    is_recurring: bool
    rrule: str | None
    from_completion: bool

    def as_json(self) -> dict[str, Any]:
        """The API's ``due`` object (RFC 3339 with the zone's offset for ``datetime``)."""
        return {
            "date": self.date.isoformat(),
            "datetime": self.datetime.isoformat() if self.datetime is not None else None,
            "timezone": self.timezone,
            "string": self.string,
            "is_recurring": self.is_recurring,
            "rrule": self.rrule,
            "from_completion": self.from_completion,
        }


def zone_named(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name the file system refuses
        raise InvalidDue(name, "not an IANA time zone name (e.g. Europe/Berlin)") from None


def parse_due(phrase: str, *, now: datetime, timezone: str) -> Due:
    """The due date ``phrase`` means when read at ``now`` (aware) in ``timezone``; ``InvalidDue`` if none."""
    zone = zone_named(timezone)
    text = " ".join(phrase.split())
    if not text:
        raise InvalidDue(phrase, "the phrase is empty")
    if len(text) > PHRASE_MAX_LENGTH:
        raise InvalidDue(text[:40] + "…", f"longer than {PHRASE_MAX_LENGTH} characters")
    try:
        schedule = read_phrase(tokenize(text), len(text))
    except UnknownText as error:
        raise InvalidDue(text, "unknown word", error.position) from None
    except PhraseError as error:
        raise InvalidDue(text, error.message, error.position) from None
    if schedule.rule is None:
        occurrence = first_single(schedule, now, zone)
        return Due(occurrence.day, occurrence.at, timezone, text, False, None, False)

    now_wall = now.astimezone(zone).replace(tzinfo=None)
    today = now_wall.date()
    start_day = day_of(schedule.starting, today, now_wall) or today
    until_day = day_of(schedule.until, today, now_wall)
    timed = schedule.time is not None
    body = rrule_text(schedule.rule, start_day)
    if schedule.time is not None:
        # The time of day is part of the rule, so a wall time shifted by a DST gap on one day (02:30 → 03:30)
        # comes back as 02:30 on the next.
        body += f";BYHOUR={schedule.time[0]};BYMINUTE={schedule.time[1]}"
    text_rule = with_until(body, until_day, timed, zone)
    start = datetime.combine(start_day, time(*schedule.time) if schedule.time else time())
    threshold = max(start, now_wall) if timed else start
    # The first date comes from the rule without its interval: "every other monday" read on a Thursday is
    # due this coming Monday, and the series counts its fortnights from there (the first date becomes
    # the rule's start whenever the next one is computed).
    first = next_after(parse_rrule(_INTERVAL.sub("", text_rule), start), threshold, inclusive=True)
    if first is None:
        raise InvalidDue(text, "the repetition ends before its first date")
    return Due(
        first.date(),
        localize(first, zone) if timed else None,
        timezone,
        text,
        True,
        text_rule,
        schedule.from_completion,
    )


def next_due(due: Due, completed_at: datetime) -> Due | None:
    """Where a recurring task goes when completed at ``completed_at``; None when its series has ended.

    Schedule-based (``every``): the first occurrence after the current due date that is not already past
    (today counts for a date, the completion instant for a time), so an overdue daily task done today is due
    today, not on a day already gone. Completion-based (``every!``): the rule counted from the completion day.
    """
    if not due.is_recurring or due.rrule is None:
        return None
    zone = zone_named(due.timezone)
    timed = due.datetime is not None
    done_wall = completed_at.astimezone(zone).replace(tzinfo=None)
    if due.from_completion:
        start = datetime.combine(done_wall.date(), time_of_day(due) or time())
        found = next_after(parse_rrule(due.rrule, start), start, inclusive=False)
    else:
        current = (
            due.datetime.astimezone(zone).replace(tzinfo=None)
            if due.datetime is not None
            else datetime.combine(due.date, time())
        )
        rule = parse_rrule(due.rrule, current)
        found = next_after(rule, current, inclusive=False)
        if found is not None and timed and found <= done_wall:
            found = next_after(rule, done_wall, inclusive=False)
        elif found is not None and not timed and found.date() < done_wall.date():
            found = next_after(rule, datetime.combine(done_wall.date(), time()), inclusive=True)
    if found is None:
        return None
    return replace(due, date=found.date(), datetime=localize(found, zone) if timed else None)


def upcoming(due: Due, count: int) -> list[Due]:
    """``due`` and the occurrences after it, ``count`` in all (fewer when the series ends)."""
    dues = [due]
    while len(dues) < count and (following := _following(dues[-1])) is not None:
        dues.append(following)
    return dues


def _following(due: Due) -> Due | None:
    """The occurrence right after ``due`` on its schedule (what ``next_due`` gives when done in time)."""
    if due.from_completion:
        return next_due(
            due, due.datetime or datetime.combine(due.date, time(), tzinfo=zone_named(due.timezone))
        )
    moment = due.datetime or datetime.combine(due.date, time(), tzinfo=zone_named(due.timezone))
    return next_due(due, moment)


_INTERVAL = re.compile(r";INTERVAL=\d+")
_BY_HOUR = re.compile(r"BYHOUR=(\d+);BYMINUTE=(\d+)")


def time_of_day(due: Due) -> time | None:
    """The wall-clock time a recurring timed rule names (its BYHOUR and BYMINUTE); None for other dues."""
    match = _BY_HOUR.search(due.rrule or "")
    return time(int(match.group(1)), int(match.group(2))) if match else None
