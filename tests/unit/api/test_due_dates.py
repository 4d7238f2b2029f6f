"""Due dates in words: the phrase table (each phrase read at a fixed "now" → its next five dates), the
daylight-saving cases in three zones, completion of recurring tasks, and the phrases we refuse.

The expected dates were worked out by hand from a calendar (Thursday 3 December 2026, 16:00 in Berlin), not
copied from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from todos_api.due import Due, InvalidDue, next_due, parse_due, upcoming

# Thursday 2026-12-03, 16:00 in Berlin (15:00 UTC).
NOW = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
BERLIN = "Europe/Berlin"


def dates(due: Due, count: int = 5) -> str:
    return " ".join(
        occurrence.datetime.strftime("%Y-%m-%d %H:%M") if occurrence.datetime else occurrence.date.isoformat()
        for occurrence in upcoming(due, count)
    )


SINGLE_DATES = [
    ("today", "2026-12-03"),
    ("tod", "2026-12-03"),
    ("tomorrow", "2026-12-04"),
    ("tom", "2026-12-04"),
    ("yesterday", "2026-12-02"),
    ("tomorrow 5pm", "2026-12-04 17:00"),
    ("tomorrow at 17:00", "2026-12-04 17:00"),
    ("5pm tomorrow", "2026-12-04 17:00"),
    ("Tomorrow 5:30 PM", "2026-12-04 17:30"),
    ("5pm", "2026-12-03 17:00"),  # still ahead today
    ("10am", "2026-12-04 10:00"),  # passed today: tomorrow
    ("noon", "2026-12-04 12:00"),
    ("midnight", "2026-12-04 00:00"),
    ("tomorrow morning", "2026-12-04 09:00"),
    ("tomorrow evening", "2026-12-04 19:00"),
    ("friday", "2026-12-04"),
    ("fri", "2026-12-04"),
    ("thursday", "2026-12-03"),  # a weekday name counts today
    ("next friday", "2026-12-11"),  # the Friday of next week
    ("next monday", "2026-12-07"),
    ("next thursday", "2026-12-10"),
    ("next week", "2026-12-07"),
    ("next month", "2027-01-01"),
    ("next year", "2027-01-01"),
    ("this weekend", "2026-12-05"),
    ("in 3 days", "2026-12-06"),
    ("in a week", "2026-12-10"),
    ("in 2 weeks", "2026-12-17"),
    ("in 1 month", "2027-01-03"),
    ("in 30 minutes", "2026-12-03 16:30"),
    ("in 2 hours", "2026-12-03 18:00"),
    ("dec 24", "2026-12-24"),
    ("december 24th", "2026-12-24"),
    ("24 dec", "2026-12-24"),
    ("24th of december", "2026-12-24"),
    ("jan 5", "2027-01-05"),  # passed this year: next year
    ("feb 29", "2028-02-29"),  # the next leap day
    ("dec 24 2027", "2027-12-24"),
    ("2026-12-24", "2026-12-24"),
    ("2027-01-15 9am", "2027-01-15 09:00"),
    ("the 15th", "2026-12-15"),
    ("1st", "2027-01-01"),
    ("eom", "2026-12-31"),
    ("end of month", "2026-12-31"),
]

RECURRING = [
    ("every day", "FREQ=DAILY", "2026-12-03 2026-12-04 2026-12-05 2026-12-06 2026-12-07"),
    ("daily", "FREQ=DAILY", "2026-12-03 2026-12-04 2026-12-05 2026-12-06 2026-12-07"),
    (
        "every day 9am",  # 9:00 has passed today
        "FREQ=DAILY;BYHOUR=9;BYMINUTE=0",
        "2026-12-04 09:00 2026-12-05 09:00 2026-12-06 09:00 2026-12-07 09:00 2026-12-08 09:00",
    ),
    (
        "every morning",
        "FREQ=DAILY;BYHOUR=9;BYMINUTE=0",
        "2026-12-04 09:00 2026-12-05 09:00 2026-12-06 09:00 2026-12-07 09:00 2026-12-08 09:00",
    ),
    (
        "every weekday",
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        "2026-12-03 2026-12-04 2026-12-07 2026-12-08 2026-12-09",
    ),
    (
        "every workday 8:45am",
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=8;BYMINUTE=45",
        "2026-12-04 08:45 2026-12-07 08:45 2026-12-08 08:45 2026-12-09 08:45 2026-12-10 08:45",
    ),
    ("every weekend", "FREQ=WEEKLY;BYDAY=SA,SU", "2026-12-05 2026-12-06 2026-12-12 2026-12-13 2026-12-19"),
    ("every week", "FREQ=WEEKLY;BYDAY=TH", "2026-12-03 2026-12-10 2026-12-17 2026-12-24 2026-12-31"),
    ("weekly", "FREQ=WEEKLY;BYDAY=TH", "2026-12-03 2026-12-10 2026-12-17 2026-12-24 2026-12-31"),
    (
        "every 2 weeks",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
        "2026-12-03 2026-12-17 2026-12-31 2027-01-14 2027-01-28",
    ),
    (
        "every other week",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
        "2026-12-03 2026-12-17 2026-12-31 2027-01-14 2027-01-28",
    ),
    ("every 3 days", "FREQ=DAILY;INTERVAL=3", "2026-12-03 2026-12-06 2026-12-09 2026-12-12 2026-12-15"),
    ("every monday", "FREQ=WEEKLY;BYDAY=MO", "2026-12-07 2026-12-14 2026-12-21 2026-12-28 2027-01-04"),
    (
        "every monday 9am",
        "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0",
        "2026-12-07 09:00 2026-12-14 09:00 2026-12-21 09:00 2026-12-28 09:00 2027-01-04 09:00",
    ),
    (
        "every mon, wed and fri",
        "FREQ=WEEKLY;BYDAY=MO,WE,FR",
        "2026-12-04 2026-12-07 2026-12-09 2026-12-11 2026-12-14",
    ),
    (
        "every tue and thu at 6pm",  # 18:00 is still ahead today
        "FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=18;BYMINUTE=0",
        "2026-12-03 18:00 2026-12-08 18:00 2026-12-10 18:00 2026-12-15 18:00 2026-12-17 18:00",
    ),
    (
        "every other monday",  # this coming Monday, then every second one
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
        "2026-12-07 2026-12-21 2027-01-04 2027-01-18 2027-02-01",
    ),
    (
        "every 2 weeks on friday",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR",
        "2026-12-04 2026-12-18 2027-01-01 2027-01-15 2027-01-29",
    ),
    ("every 1st", "FREQ=MONTHLY;BYMONTHDAY=1", "2027-01-01 2027-02-01 2027-03-01 2027-04-01 2027-05-01"),
    ("every 15th", "FREQ=MONTHLY;BYMONTHDAY=15", "2026-12-15 2027-01-15 2027-02-15 2027-03-15 2027-04-15"),
    (
        "every 1st and 15th",
        "FREQ=MONTHLY;BYMONTHDAY=1,15",
        "2026-12-15 2027-01-01 2027-01-15 2027-02-01 2027-02-15",
    ),
    (
        "every 31st",  # RFC 5545: months without a 31st are passed over ("every last day" for month ends)
        "FREQ=MONTHLY;BYMONTHDAY=31",
        "2026-12-31 2027-01-31 2027-03-31 2027-05-31 2027-07-31",
    ),
    ("every 29th", "FREQ=MONTHLY;BYMONTHDAY=29", "2026-12-29 2027-01-29 2027-03-29 2027-04-29 2027-05-29"),
    (
        "every last day",
        "FREQ=MONTHLY;BYMONTHDAY=-1",
        "2026-12-31 2027-01-31 2027-02-28 2027-03-31 2027-04-30",
    ),
    (
        "every first day",
        "FREQ=MONTHLY;BYMONTHDAY=1",
        "2027-01-01 2027-02-01 2027-03-01 2027-04-01 2027-05-01",
    ),
    (
        "every last friday",
        "FREQ=MONTHLY;BYDAY=-1FR",
        "2026-12-25 2027-01-29 2027-02-26 2027-03-26 2027-04-30",
    ),
    ("every 2nd tuesday", "FREQ=MONTHLY;BYDAY=2TU", "2026-12-08 2027-01-12 2027-02-09 2027-03-09 2027-04-13"),
    (
        "every first monday",
        "FREQ=MONTHLY;BYDAY=1MO",
        "2026-12-07 2027-01-04 2027-02-01 2027-03-01 2027-04-05",
    ),
    (
        "every first workday",
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1",
        "2027-01-01 2027-02-01 2027-03-01 2027-04-01 2027-05-03",
    ),
    (
        "every last workday",
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
        "2026-12-31 2027-01-29 2027-02-26 2027-03-31 2027-04-30",
    ),
    ("every month", "FREQ=MONTHLY;BYMONTHDAY=3", "2026-12-03 2027-01-03 2027-02-03 2027-03-03 2027-04-03"),
    ("monthly", "FREQ=MONTHLY;BYMONTHDAY=3", "2026-12-03 2027-01-03 2027-02-03 2027-03-03 2027-04-03"),
    (
        "every 3 months",
        "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=3",
        "2026-12-03 2027-03-03 2027-06-03 2027-09-03 2027-12-03",
    ),
    (
        "every dec 24",
        "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24",
        "2026-12-24 2027-12-24 2028-12-24 2029-12-24 2030-12-24",
    ),
    (
        "every year",
        "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=3",
        "2026-12-03 2027-12-03 2028-12-03 2029-12-03 2030-12-03",
    ),
    (
        "every monday starting jan 5 until mar 1",  # 5 Jan 2027 is a Tuesday
        "FREQ=WEEKLY;BYDAY=MO;UNTIL=20270301",
        "2027-01-11 2027-01-18 2027-01-25 2027-02-01 2027-02-08",
    ),
    ("every day until dec 6", "FREQ=DAILY;UNTIL=20261206", "2026-12-03 2026-12-04 2026-12-05 2026-12-06"),
    (
        "every weekday starting next monday",
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        "2026-12-07 2026-12-08 2026-12-09 2026-12-10 2026-12-11",
    ),
]

FROM_COMPLETION = [
    ("every! 3 days", "FREQ=DAILY;INTERVAL=3"),
    ("every! 2 weeks", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"),
    ("every! day", "FREQ=DAILY"),
]


@pytest.mark.parametrize(("phrase", "expected"), SINGLE_DATES)
def test_a_phrase_names_one_date(phrase: str, expected: str) -> None:
    due = parse_due(phrase, now=NOW, timezone=BERLIN)

    assert not due.is_recurring and due.rrule is None
    assert dates(due) == expected
    assert due.string == phrase


@pytest.mark.parametrize(("phrase", "rrule", "expected"), RECURRING)
def test_a_recurring_phrase_gives_its_rule_and_next_five_dates(
    phrase: str, rrule: str, expected: str
) -> None:
    due = parse_due(phrase, now=NOW, timezone=BERLIN)

    assert due.is_recurring and not due.from_completion
    assert due.rrule == rrule
    assert dates(due) == expected


@pytest.mark.parametrize(("phrase", "rrule"), FROM_COMPLETION)
def test_every_bang_counts_from_the_completion(phrase: str, rrule: str) -> None:
    due = parse_due(phrase, now=NOW, timezone=BERLIN)

    assert due.is_recurring and due.from_completion and due.rrule == rrule
    assert due.date.isoformat() == "2026-12-03"


def test_the_table_has_at_least_sixty_phrases() -> None:
    assert len(SINGLE_DATES) + len(RECURRING) + len(FROM_COMPLETION) >= 60


def test_a_timed_due_carries_the_zone_offset_and_a_date_only_one_none() -> None:
    timed = parse_due("tomorrow 5pm", now=NOW, timezone=BERLIN).as_json()
    dated = parse_due("dec 24", now=NOW, timezone="America/New_York").as_json()

    assert timed["datetime"] == "2026-12-04T17:00:00+01:00" and timed["date"] == "2026-12-04"
    assert dated == {
        "date": "2026-12-24",
        "datetime": None,
        "timezone": "America/New_York",
        "string": "dec 24",
        "is_recurring": False,
        "rrule": None,
        "from_completion": False,
    }


def test_the_day_depends_on_the_zone_the_phrase_is_read_in() -> None:
    # 15:00 UTC on Thursday is already Friday 04:00 on Lord Howe Island (+11:00 in summer).
    assert parse_due("today", now=NOW, timezone="Australia/Lord_Howe").date.isoformat() == "2026-12-04"
    assert parse_due("today", now=NOW, timezone="America/New_York").date.isoformat() == "2026-12-03"


# -- daylight saving -----------------------------------------------------------------------------------------


def iso_dates(phrase: str, now: datetime, zone: str, count: int = 4) -> list[str]:
    due = parse_due(phrase, now=now, timezone=zone)
    return [occurrence.datetime.isoformat() for occurrence in upcoming(due, count) if occurrence.datetime]


def test_new_york_spring_forward_moves_a_skipped_time_by_the_gap_and_back_the_next_day() -> None:
    assert iso_dates("every day 2:30am", datetime(2027, 3, 12, 12, tzinfo=UTC), "America/New_York") == [
        "2027-03-13T02:30:00-05:00",
        "2027-03-14T03:30:00-04:00",  # 02:00–03:00 does not exist that night
        "2027-03-15T02:30:00-04:00",
        "2027-03-16T02:30:00-04:00",
    ]


def test_new_york_wall_clock_time_stays_across_the_change() -> None:
    assert iso_dates("every day 9am", datetime(2027, 3, 12, 18, tzinfo=UTC), "America/New_York") == [
        "2027-03-13T09:00:00-05:00",
        "2027-03-14T09:00:00-04:00",
        "2027-03-15T09:00:00-04:00",
        "2027-03-16T09:00:00-04:00",
    ]


def test_new_york_fall_back_takes_the_first_of_a_repeated_time() -> None:
    assert iso_dates("every day 1:30am", datetime(2026, 10, 30, 12, tzinfo=UTC), "America/New_York") == [
        "2026-10-31T01:30:00-04:00",
        "2026-11-01T01:30:00-04:00",  # 01:30 happens twice that night: the first, still EDT
        "2026-11-02T01:30:00-05:00",
        "2026-11-03T01:30:00-05:00",
    ]


def test_berlin_spring_forward_and_fall_back() -> None:
    assert iso_dates("every sunday 2:30am", datetime(2027, 3, 20, 12, tzinfo=UTC), BERLIN) == [
        "2027-03-21T02:30:00+01:00",
        "2027-03-28T03:30:00+02:00",
        "2027-04-04T02:30:00+02:00",
        "2027-04-11T02:30:00+02:00",
    ]
    assert iso_dates("every sunday 2:30am", datetime(2027, 10, 20, 12, tzinfo=UTC), BERLIN) == [
        "2027-10-24T02:30:00+02:00",
        "2027-10-31T02:30:00+02:00",
        "2027-11-07T02:30:00+01:00",
        "2027-11-14T02:30:00+01:00",
    ]


def test_lord_howe_half_hour_shift_forward() -> None:
    assert iso_dates("every day 2:15am", datetime(2027, 10, 1, 12, tzinfo=UTC), "Australia/Lord_Howe") == [
        "2027-10-02T02:15:00+10:30",
        "2027-10-03T02:45:00+11:00",  # 02:00–02:30 does not exist: moved by the 30-minute gap
        "2027-10-04T02:15:00+11:00",
        "2027-10-05T02:15:00+11:00",
    ]


def test_lord_howe_half_hour_shift_back() -> None:
    assert iso_dates("every day 1:45am", datetime(2027, 4, 2, 12, tzinfo=UTC), "Australia/Lord_Howe") == [
        "2027-04-03T01:45:00+11:00",
        "2027-04-04T01:45:00+11:00",  # 01:30–02:00 happens twice: the first
        "2027-04-05T01:45:00+10:30",
        "2027-04-06T01:45:00+10:30",
    ]


# -- completing a recurring task -----------------------------------------------------------------------------


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_completing_a_daily_task_on_time_moves_it_to_tomorrow() -> None:
    due = parse_due("every day", now=NOW, timezone=BERLIN)
    following = next_due(due, at("2026-12-03T18:00:00+01:00"))

    assert following is not None and following.date.isoformat() == "2026-12-04"
    assert following.rrule == due.rrule and following.string == due.string


def test_completing_an_overdue_daily_task_moves_it_to_today_not_a_past_day() -> None:
    due = parse_due("every day", now=datetime(2026, 11, 28, 12, tzinfo=UTC), timezone=BERLIN)
    following = next_due(due, at("2026-12-03T10:00:00+01:00"))

    assert following is not None and following.date.isoformat() == "2026-12-03"


def test_completing_a_timed_weekly_task_early_keeps_the_schedule() -> None:
    due = parse_due("every monday 9am", now=NOW, timezone=BERLIN)  # Monday 7 December, 09:00
    following = next_due(due, at("2026-12-05T12:00:00+01:00"))  # done on the Saturday before

    assert following is not None and following.datetime is not None
    assert following.datetime.isoformat() == "2026-12-14T09:00:00+01:00"


def test_every_bang_counts_the_interval_from_the_day_it_was_done() -> None:
    due = parse_due("every! 3 days", now=NOW, timezone=BERLIN)  # due 3 December
    following = next_due(due, at("2026-12-10T20:00:00+01:00"))  # done a week late

    assert following is not None and following.date.isoformat() == "2026-12-13"


def test_every_without_bang_keeps_its_schedule_when_done_late() -> None:
    due = parse_due("every 3 days", now=NOW, timezone=BERLIN)  # 3, 6, 9, 12 … December
    following = next_due(due, at("2026-12-10T20:00:00+01:00"))

    assert following is not None and following.date.isoformat() == "2026-12-12"


def test_the_last_occurrence_before_until_ends_the_series() -> None:
    due = parse_due("every day until dec 6", now=NOW, timezone=BERLIN)
    last = upcoming(due, 10)[-1]

    assert last.date.isoformat() == "2026-12-06"
    assert next_due(last, at("2026-12-06T12:00:00+01:00")) is None


def test_a_one_off_due_has_no_next_date() -> None:
    assert next_due(parse_due("tomorrow", now=NOW, timezone=BERLIN), NOW) is None


# -- refusals ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("someday", "expected a date or a time"),  # a word, but no date we know
        ("tomorrow %", "unknown word"),
        ("feb 30", "no day 30 in month 2"),
        ("25:00", "not a time of day"),
        ("13pm", "not a time of day"),
        ("every", "expected what repeats"),
        ("every 0 days", "at least 1"),
        ("every hour", "minutes or hours"),
        ("every 32nd", "no day 32"),
        ("in three", "a number and a unit"),
        ("tomorrow tomorrow", "unexpected 'tomorrow'"),
        ("every day until", "a date after 'until'"),
        ("every day until 2026-12-01", "ends before its first date"),
        ("in 2 hours 5pm", "already says the time"),
        ("2026-02-30", "not a date"),
    ],
)
def test_an_unreadable_phrase_is_refused_naming_it(phrase: str, reason: str) -> None:
    with pytest.raises(InvalidDue) as refused:
        parse_due(phrase, now=NOW, timezone=BERLIN)

    assert reason in refused.value.message
    assert repr(" ".join(phrase.split())) in refused.value.message or "empty" in reason


def test_an_unknown_word_is_located() -> None:
    with pytest.raises(InvalidDue) as refused:
        parse_due("tomorrow at 5pm sharp", now=NOW, timezone=BERLIN)

    assert refused.value.position == 16


def test_an_unknown_time_zone_is_refused() -> None:
    with pytest.raises(InvalidDue, match="IANA"):
        parse_due("tomorrow", now=NOW, timezone="Mars/Olympus_Mons")


def test_a_very_long_phrase_is_refused_without_being_read() -> None:
    with pytest.raises(InvalidDue, match="longer than"):
        parse_due("tomorrow " * 50, now=NOW, timezone=BERLIN)
