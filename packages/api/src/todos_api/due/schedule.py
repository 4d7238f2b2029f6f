"""Dates from a schedule: the first due date of a phrase, and the next one of a recurring task.

Everything is computed in the task's own time zone as wall-clock time ("9:00 every Monday" stays 9:00 across
daylight-saving changes) and only then turned into an instant. A wall time that does not exist (the hour the
clocks skip) moves forward by the gap, as clocks do: 02:30 on New York's spring-forward day is 03:30 EDT, and
on Lord Howe Island (a 30-minute shift) 02:15 is 02:45. A wall time that exists twice takes the first.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrule, rrulestr

from todos_api.due.phrases import (
    WEEKDAY_CODES,
    CalendarDate,
    DateSpec,
    ExactDate,
    MonthDay,
    Relative,
    Rule,
    Schedule,
    StartOf,
    WeekdayDate,
)

_FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One due date: a day, and for a timed task the instant (aware, in the task's zone)."""

    day: date
    at: datetime | None


def localize(wall: datetime, zone: ZoneInfo) -> datetime:
    """``wall`` (naive, wall-clock) in ``zone``; a skipped wall time moves forward by the gap."""
    aware = wall.replace(tzinfo=zone, fold=0)
    # Round-tripping through UTC normalizes a time inside a gap (fold=0 reads it with the offset before the
    # change, so it lands after the gap); an existing time comes back unchanged.
    return aware.astimezone(UTC).astimezone(zone)


def rrule_text(rule: Rule, first: date) -> str:
    """The RFC 5545 RRULE of ``rule`` (without DTSTART); ``first`` gives the day a bare "every week" keeps."""
    parts = [f"FREQ={rule.freq}"]
    if rule.interval != 1:
        parts.append(f"INTERVAL={rule.interval}")
    by_day = rule.by_day
    by_month_day = rule.by_month_day
    by_month = rule.by_month
    if rule.anchored_to_start:
        # "every week" / "every 2 months" repeat on the start's weekday / day: said explicitly, so the
        # rule means the same thing wherever it is read (a calendar app, a later completion).
        if rule.freq == "WEEKLY":
            by_day = (WEEKDAY_CODES[first.weekday()],)
        elif rule.freq == "MONTHLY":
            by_month_day = (first.day,)
        elif rule.freq == "YEARLY":
            by_month, by_month_day = (first.month,), (first.day,)
    if by_month:
        parts.append("BYMONTH=" + ",".join(str(month) for month in by_month))
    if by_month_day:
        parts.append("BYMONTHDAY=" + ",".join(str(day) for day in by_month_day))
    if by_day:
        parts.append("BYDAY=" + ",".join(by_day))
    if rule.by_set_pos:
        parts.append("BYSETPOS=" + ",".join(str(position) for position in rule.by_set_pos))
    return ";".join(parts)


def with_until(rrule_body: str, until: date | None, timed: bool, zone: ZoneInfo) -> str:
    if until is None:
        return rrule_body
    if not timed:
        return f"{rrule_body};UNTIL={until:%Y%m%d}"
    # RFC 5545: with a DTSTART that has a time zone, UNTIL is in UTC; the series runs through that whole day.
    end = localize(datetime.combine(until, time(23, 59, 59)), zone).astimezone(UTC)
    return f"{rrule_body};UNTIL={end:%Y%m%dT%H%M%SZ}"


def parse_rrule(text: str, start: datetime) -> rrule:
    """``text`` (our RRULE, as stored) over naive wall-clock datetimes from ``start``."""
    # dateutil wants UNTIL to match DTSTART's awareness: the rule runs on naive wall time, so a UTC UNTIL
    # is compared as the equivalent naive UTC — close enough for a through-the-whole-day bound.
    rule = rrulestr(text.replace("Z", ""), dtstart=start, ignoretz=True)
    assert isinstance(rule, rrule)
    return rule


def resolve_date(spec: DateSpec, today: date, now_wall: datetime) -> date | datetime:
    """The day (or, for "in 3 hours", the wall-clock instant) ``spec`` means on ``today``."""
    match spec:
        case ExactDate(value):
            return value
        case Relative(amount, unit):
            if unit in ("minute", "hour"):
                delta = timedelta(minutes=amount) if unit == "minute" else timedelta(hours=amount)
                return (now_wall + delta).replace(second=0, microsecond=0)
            step = {
                "day": relativedelta(days=amount),
                "week": relativedelta(weeks=amount),
                "month": relativedelta(months=amount),
                "year": relativedelta(years=amount),
            }[unit]
            result: date = today + step
            return result
        case WeekdayDate(weekday, next_week):
            if next_week:
                monday_next_week = today + timedelta(days=7 - today.weekday())
                return monday_next_week + timedelta(days=weekday)
            return today + timedelta(days=(weekday - today.weekday()) % 7)
        case CalendarDate(month, day, year):
            if year is not None:
                return date(year, month, day)
            candidate_year = today.year
            while True:
                try:
                    candidate = date(candidate_year, month, day)
                except ValueError:  # Feb 29 outside a leap year
                    candidate_year += 1
                    continue
                if candidate >= today:
                    return candidate
                candidate_year += 1
        case MonthDay(day):
            first_of_month = today.replace(day=1)
            while True:
                if day <= calendar.monthrange(first_of_month.year, first_of_month.month)[1]:
                    candidate = first_of_month.replace(day=day)
                    if candidate >= today:
                        return candidate
                first_of_month += relativedelta(months=1)
        case StartOf(what):
            if what == "next_week":
                return today + timedelta(days=7 - today.weekday())
            if what == "next_month":
                next_month: date = today.replace(day=1) + relativedelta(months=1)
                return next_month
            if what == "next_year":
                return date(today.year + 1, 1, 1)
            if what == "weekend":
                return today + timedelta(days=(5 - today.weekday()) % 7)
            return today.replace(day=calendar.monthrange(today.year, today.month)[1])
    raise AssertionError(spec)


def first_single(schedule: Schedule, now: datetime, zone: ZoneInfo) -> Occurrence:
    """The one due date of a non-recurring schedule, read at ``now``."""
    now_wall = now.astimezone(zone).replace(tzinfo=None)
    today = now_wall.date()
    if schedule.date is None:
        # A time alone: today at that time, or tomorrow if it has passed.
        assert schedule.time is not None
        wall = datetime.combine(today, time(*schedule.time))
        if wall <= now_wall:
            wall += timedelta(days=1)
        return Occurrence(wall.date(), localize(wall, zone))
    resolved = resolve_date(schedule.date, today, now_wall)
    if isinstance(resolved, datetime):
        return Occurrence(resolved.date(), localize(resolved, zone))
    if schedule.time is None:
        return Occurrence(resolved, None)
    return Occurrence(resolved, localize(datetime.combine(resolved, time(*schedule.time)), zone))


def day_of(spec: DateSpec | None, today: date, now_wall: datetime) -> date | None:
    if spec is None:
        return None
    resolved = resolve_date(spec, today, now_wall)
    return resolved.date() if isinstance(resolved, datetime) else resolved


def occurrence_at(wall: datetime, timed: bool, zone: ZoneInfo) -> Occurrence:
    return Occurrence(wall.date(), localize(wall, zone) if timed else None)


def next_after(rule: rrule, threshold: datetime, inclusive: bool) -> datetime | None:
    found = rule.after(threshold, inc=inclusive)
    return found if isinstance(found, datetime) else None
