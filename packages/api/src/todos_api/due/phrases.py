"""The grammar of due phrases: tokens in, a ``Schedule`` (one date, or a recurrence rule) out.

Nothing here knows the current time: a phrase is read into what it *says* ("the 24th of December",
"every Monday at 9"), and ``due.resolve`` turns that into dates for a given "now" and time zone. The grammar,
informally (``[]`` optional, ``|`` alternatives)::

    phrase     := recurring | single
    single     := date [at] [time] | time [date]
    recurring  := ("every" | "every!") rule [at] [time]
                  [("starting" | "from") date] [("until" | "ending") date]
                | ("daily" | "weekly" | "monthly" | "yearly") [at] [time] …
    rule       := "day" | "weekday" | "workday" | "weekend" | "week" | "month" | "year"
                | ("other" | N) unit [on weekdays]           every other week, every 3 days
                | weekdays                                   every mon, fri / every monday and friday
                | ["other"] weekdays                         every other monday
                | ordinals                                   every 1st / every 1st and 15th
                | ("first"…"last" | ordinal) (weekday | "day" | "workday")   every last friday, every last day
                | month-day                                  every dec 24 / every 24 dec
                | time-of-day-word                           every morning
    date       := "today" | "tomorrow" | "yesterday" | weekday | "next" (weekday | "week" | "month" | "year")
                | "in" N unit | month-day [year] | ordinal | ISO date | "end of month" | "eom"
    time       := 5pm | 5:30pm | 17:00 | "noon" | "midnight" | "morning" | "evening" …
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from todos_api.due.tokens import (
    MONTHS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    TIMES_OF_DAY,
    UNITS,
    WEEKDAYS,
    Kind,
    Token,
    clock_value,
    ordinal_value,
)

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class PhraseError(ValueError):
    """The phrase does not follow the grammar; ``position`` is where reading stopped (0-based)."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


# What a single date says, before "now" is known.
@dataclass(frozen=True, slots=True)
class Relative:
    """``today`` (0), ``tomorrow`` (1), ``in 3 days`` (3), ``in 2 weeks`` (unit week): counted from today."""

    amount: int
    unit: str  # "minute" | "hour" | "day" | "week" | "month" | "year"


@dataclass(frozen=True, slots=True)
class WeekdayDate:
    weekday: int  # 0 = Monday
    next_week: bool  # "next friday": the Friday of next (Monday-based) week; "friday": the coming one


@dataclass(frozen=True, slots=True)
class CalendarDate:
    month: int
    day: int
    year: int | None  # None: the next such date on or after today


@dataclass(frozen=True, slots=True)
class MonthDay:
    """``the 15th``: the next 15th on or after today (months without it are passed over)."""

    day: int


@dataclass(frozen=True, slots=True)
class ExactDate:
    """An ISO date as written (``2026-12-24``)."""

    value: date


@dataclass(frozen=True, slots=True)
class StartOf:
    """``next week`` (Monday), ``next month`` (the 1st), ``next year`` (January 1st); ``end of month``."""

    what: str  # "next_week" | "next_month" | "next_year" | "end_of_month" | "weekend"


DateSpec = Relative | WeekdayDate | CalendarDate | MonthDay | StartOf | ExactDate


@dataclass(frozen=True, slots=True)
class Rule:
    """A recurrence as RFC 5545 RRULE parts; the first occurrence is found on or after the start."""

    freq: str  # DAILY | WEEKLY | MONTHLY | YEARLY
    interval: int = 1
    by_day: tuple[str, ...] = ()  # "MO", "1MO", "-1FR"
    by_month_day: tuple[int, ...] = ()
    by_month: tuple[int, ...] = ()
    by_set_pos: tuple[int, ...] = ()  # "every last workday": the last of the month's Monday-to-Fridays
    # "every week" / "every month" / "every 2 weeks" have no day of their own: the start date gives it.
    anchored_to_start: bool = False


@dataclass(frozen=True, slots=True)
class Schedule:
    date: DateSpec | None = None  # for a single date; None with a time alone ("5pm": today, else tomorrow)
    time: tuple[int, int] | None = None
    rule: Rule | None = None
    from_completion: bool = False
    starting: DateSpec | None = None
    until: DateSpec | None = None


class _Reader:
    def __init__(self, tokens: list[Token], length: int) -> None:
        self.tokens = tokens
        self.index = 0
        self.length = length

    # -- cursor ------------------------------------------------------------------------------------------
    def peek(self, ahead: int = 0) -> Token | None:
        at = self.index + ahead
        return self.tokens[at] if at < len(self.tokens) else None

    def word(self, ahead: int = 0) -> str | None:
        token = self.peek(ahead)
        return token.text if token is not None and token.kind is Kind.WORD else None

    def accept(self, *words: str) -> bool:
        if self.word() in words:
            self.index += 1
            return True
        return False

    def position(self) -> int:
        token = self.peek()
        return token.position if token is not None else self.length

    def fail(self, message: str) -> PhraseError:
        return PhraseError(message, self.position())

    def done(self) -> bool:
        return self.index >= len(self.tokens)

    # -- pieces ------------------------------------------------------------------------------------------
    def number(self) -> int | None:
        token = self.peek()
        if token is None:
            return None
        if token.kind is Kind.NUMBER:
            self.index += 1
            return int(token.text)
        if token.kind is Kind.WORD and token.text in NUMBER_WORDS:
            self.index += 1
            return NUMBER_WORDS[token.text]
        return None

    def time(self) -> tuple[int, int] | None:
        """A time of day, with an optional leading "at"; None (nothing consumed) when there is none."""
        start = self.index
        had_at = self.accept("at", "@")
        token = self.peek()
        if token is not None and token.kind is Kind.CLOCK:
            value = clock_value(token.text)
            if value is None:
                raise self.fail(f"{token.text!r} is not a time of day")
            self.index += 1
            return value
        if token is not None and token.kind is Kind.NUMBER and had_at:
            value = clock_value(token.text)  # "at 9": a bare hour after "at"
            if value is None:
                raise self.fail(f"{token.text!r} is not a time of day")
            self.index += 1
            return value
        if self.accept("midnight"):
            return (0, 0)
        word = self.word()
        if word in TIMES_OF_DAY:
            self.index += 1
            return TIMES_OF_DAY[word]
        self.index = start
        return None

    def weekday(self) -> int | None:
        word = self.word()
        if word in WEEKDAYS:
            self.index += 1
            return WEEKDAYS[word]
        return None

    def calendar_date(self) -> CalendarDate | None:
        """``dec 24``, ``december 24th``, ``24 dec``, ``24th of december``, each with an optional year."""
        start = self.index
        month_word = self.word()
        if month_word in MONTHS:
            self.index += 1
            day = self.day_number()
            if day is None:
                self.index = start
                return None
            return self.with_year(MONTHS[month_word], day)
        day = self.day_number()
        if day is not None:
            self.accept("of")
            month_word = self.word()
            if month_word in MONTHS:
                self.index += 1
                return self.with_year(MONTHS[month_word], day)
        self.index = start
        return None

    def day_number(self) -> int | None:
        token = self.peek()
        if token is not None and token.kind in (Kind.NUMBER, Kind.ORDINAL):
            value = int(token.text) if token.kind is Kind.NUMBER else ordinal_value(token.text)
            if 1 <= value <= 31:
                self.index += 1
                return value
        return None

    def with_year(self, month: int, day: int) -> CalendarDate:
        token = self.peek()
        year = None
        if token is not None and token.kind is Kind.NUMBER and len(token.text) == 4:
            self.index += 1
            year = int(token.text)
        if not _possible(month, day, year):
            raise self.fail(f"there is no day {day} in month {month}")
        return CalendarDate(month, day, year)

    def date(self) -> DateSpec | None:
        """A single date (consumed); None (nothing consumed) if there is none."""
        token = self.peek()
        if token is None:
            return None
        if token.kind is Kind.ISO_DATE:
            try:
                exact = date.fromisoformat(token.text)
            except ValueError:
                raise self.fail(f"{token.text!r} is not a date") from None
            self.index += 1
            return ExactDate(exact)
        if self.accept("today", "tod"):
            return Relative(0, "day")
        if self.accept("tomorrow", "tom", "tmr", "tmrw"):
            return Relative(1, "day")
        if self.accept("yesterday"):
            return Relative(-1, "day")
        if self.accept("eom"):
            return StartOf("end_of_month")
        if self.word() == "end" and self.word(1) == "of" and self.word(2) == "month":
            self.index += 3
            return StartOf("end_of_month")
        if self.word() in ("weekend", "this") and (self.word() == "weekend" or self.word(1) == "weekend"):
            self.index += 1 if self.word() == "weekend" else 2
            return StartOf("weekend")
        start = self.index
        if self.accept("next"):
            weekday = self.weekday()
            if weekday is not None:
                return WeekdayDate(weekday, next_week=True)
            for unit in ("week", "month", "year"):
                if self.accept(unit):
                    return StartOf(f"next_{unit}")
            self.index = start
            return None
        self.accept("this", "on")
        weekday = self.weekday()
        if weekday is not None:
            return WeekdayDate(weekday, next_week=False)
        self.index = start
        if self.accept("in"):
            amount = self.number()
            unit_name = UNITS.get(self.word() or "")
            if amount is None or unit_name is None:
                raise self.fail("expected a number and a unit after 'in' (in 3 days, in 2 weeks)")
            self.index += 1
            return Relative(amount, unit_name)
        calendar = self.calendar_date()
        if calendar is not None:
            return calendar
        self.accept("the")
        token = self.peek()
        if token is not None and token.kind is Kind.ORDINAL:
            day = ordinal_value(token.text)
            if not 1 <= day <= 31:
                raise self.fail(f"there is no day {day} in a month")
            self.index += 1
            return MonthDay(day)
        self.index = start
        return None

    # -- recurrence --------------------------------------------------------------------------------------
    def rule(self) -> tuple[Rule, tuple[int, int] | None]:
        """What follows "every": the rule, and the time of day the rule itself names ("every morning")."""
        word = self.word()
        if word in TIMES_OF_DAY or word == "midnight":
            time = self.time()
            return Rule("DAILY"), time
        if self.accept("day"):
            return Rule("DAILY"), None
        if self.accept("weekday", "workday", "weekdays", "workdays"):
            return Rule("WEEKLY", by_day=WEEKDAY_CODES[:5]), None
        if self.accept("weekend", "weekends"):
            return Rule("WEEKLY", by_day=WEEKDAY_CODES[5:]), None
        interval = 1
        if self.accept("other"):
            interval = 2
        else:
            token = self.peek()
            counted = self.number() if token is not None and self.word(1) in UNITS else None
            if counted is not None:
                if counted < 1:
                    raise self.fail("an interval must be at least 1")
                interval = counted
        unit = UNITS.get(self.word() or "")
        if unit is not None:
            if unit in ("minute", "hour"):
                raise self.fail("repeating by minutes or hours is not supported; use days or longer")
            self.index += 1
            freq = {"day": "DAILY", "week": "WEEKLY", "month": "MONTHLY", "year": "YEARLY"}[unit]
            if unit == "week" and self.accept("on"):
                return Rule(freq, interval, by_day=self.weekday_list()), None
            return Rule(freq, interval, anchored_to_start=unit != "day"), None
        if self.word() in WEEKDAYS:
            return Rule("WEEKLY", interval, by_day=self.weekday_list()), None
        if interval != 1:
            raise self.fail("expected a unit (days, weeks, months, years) or a weekday")
        nth = self.nth()
        if nth is not None:
            if self.accept("day"):
                return Rule("MONTHLY", by_month_day=(nth,)), None
            if self.accept("workday", "weekday"):
                return Rule("MONTHLY", by_day=WEEKDAY_CODES[:5], by_set_pos=(nth,)), None
            weekday = self.weekday()
            if weekday is not None:
                return Rule("MONTHLY", by_day=(f"{nth}{WEEKDAY_CODES[weekday]}",)), None
            self.index -= 1  # an ordinal alone: "every 1st", read below as days of the month
        calendar = self.calendar_date()
        if calendar is not None:
            if calendar.year is not None:
                raise self.fail("a yearly date has no year (every dec 24)")
            return Rule("YEARLY", by_month=(calendar.month,), by_month_day=(calendar.day,)), None
        days = self.month_days()
        if days:
            return Rule("MONTHLY", by_month_day=days), None
        raise self.fail("expected what repeats after 'every' (day, weekday, monday, 1st, 2 weeks, …)")

    def nth(self) -> int | None:
        """``first`` … ``last``, or an ordinal followed by a weekday/day (``2nd monday``)."""
        word = self.word()
        if word in ORDINAL_WORDS:
            self.index += 1
            return ORDINAL_WORDS[word]
        token = self.peek()
        follower = self.word(1)
        if (
            token is not None
            and token.kind is Kind.ORDINAL
            and (follower in WEEKDAYS or follower in ("day", "workday", "weekday"))
        ):
            value = ordinal_value(token.text)
            if not 1 <= value <= 5:
                raise self.fail("a weekday of the month is 1st to 5th, or last")
            self.index += 1
            return value
        return None

    def weekday_list(self) -> tuple[str, ...]:
        days: list[str] = []
        while True:
            weekday = self.weekday()
            if weekday is None:
                raise self.fail("expected a weekday")
            if WEEKDAY_CODES[weekday] not in days:
                days.append(WEEKDAY_CODES[weekday])
            if not self.list_separator(lambda: self.word() in WEEKDAYS):
                return tuple(days)

    def month_days(self) -> tuple[int, ...]:
        days: list[int] = []
        while True:
            token = self.peek()
            if token is None or token.kind is not Kind.ORDINAL:
                if days:
                    raise self.fail("expected a day of the month (1st … 31st)")
                return ()
            value = ordinal_value(token.text)
            if not 1 <= value <= 31:
                raise self.fail(f"there is no day {value} in a month")
            self.index += 1
            if value not in days:
                days.append(value)
            if not self.list_separator(lambda: (t := self.peek()) is not None and t.kind is Kind.ORDINAL):
                return tuple(sorted(days))

    def list_separator(self, item_follows: object) -> bool:
        """Consume ``,`` / ``and`` / ``, and`` when another list item follows."""
        start = self.index
        consumed = False
        while True:
            token = self.peek()
            if token is not None and (token.kind is Kind.COMMA or token.text == "and"):
                self.index += 1
                consumed = True
                continue
            break
        if consumed and callable(item_follows) and item_follows():
            return True
        self.index = start
        return False


def _possible(month: int, day: int, year: int | None) -> bool:
    try:
        date(year if year is not None else 2024, month, day)  # 2024 is a leap year: Feb 29 is possible
    except ValueError:
        return False
    return True


_SHORTHAND = {"daily": "day", "weekly": "week", "monthly": "month", "yearly": "year", "annually": "year"}


def read_phrase(tokens: list[Token], length: int) -> Schedule:
    """The schedule ``tokens`` describe; ``PhraseError`` where they stop following the grammar."""
    reader = _Reader(tokens, length)
    if reader.done():
        raise reader.fail("the phrase is empty")
    first = reader.word()
    if first in ("every", "every!", "each") or first in _SHORTHAND:
        schedule = _recurring(reader)
    else:
        schedule = _single(reader)
    if not reader.done():
        token = reader.peek()
        assert token is not None
        raise reader.fail(f"unexpected {token.text!r}")
    return schedule


def _single(reader: _Reader) -> Schedule:
    time = reader.time()
    found = reader.date()
    if time is None:
        time = reader.time()
    if found is None and time is None:
        raise reader.fail("expected a date or a time (tomorrow, next friday, dec 24, 5pm, …)")
    if isinstance(found, Relative) and found.unit in ("minute", "hour") and time is not None:
        raise reader.fail("'in N hours' already says the time")
    return Schedule(date=found, time=time)


def _recurring(reader: _Reader) -> Schedule:
    word = reader.word()
    reader.index += 1
    from_completion = word == "every!"
    if word in _SHORTHAND:
        rule, time = (
            Rule(
                {"day": "DAILY", "week": "WEEKLY", "month": "MONTHLY", "year": "YEARLY"}[_SHORTHAND[word]],
                anchored_to_start=_SHORTHAND[word] != "day",
            ),
            None,
        )
    else:
        rule, time = reader.rule()
    if time is None:
        time = reader.time()
    starting: DateSpec | None = None
    until: DateSpec | None = None
    while not reader.done():
        if reader.accept("starting", "from", "start", "starts"):
            starting = reader.date()
            if starting is None:
                raise reader.fail("expected a date after 'starting'")
        elif reader.accept("until", "ending", "till", "to", "ends"):
            until = reader.date()
            if until is None:
                raise reader.fail("expected a date after 'until'")
        elif time is None and (clock := reader.time()) is not None:
            time = clock
        else:
            break
    return Schedule(
        rule=rule,
        time=time,
        from_completion=from_completion,
        starting=starting,
        until=until,
    )
