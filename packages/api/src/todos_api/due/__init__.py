"""Due dates in words: ``parse_due("every monday 9am", now=…, timezone="Europe/Berlin")`` and the next date
of a recurring task (``next_due``). Pure functions of the phrase, the time zone and "now": no I/O."""

from todos_api.due.dates import PHRASE_MAX_LENGTH, Due, InvalidDue, next_due, parse_due, upcoming, zone_named

__all__ = ["PHRASE_MAX_LENGTH", "Due", "InvalidDue", "next_due", "parse_due", "upcoming", "zone_named"]
