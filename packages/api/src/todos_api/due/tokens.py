"""The words of a due phrase: what the tokenizer recognises and the vocabulary the grammar reads.

A phrase is lower-cased and split into tokens by one regular expression; anything the expression does not
recognise makes the whole phrase invalid (we never guess around a typo).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    ISO_DATE = "iso_date"  # 2026-12-24
    CLOCK = "clock"  # 5pm, 5:30 pm, 17:00
    ORDINAL = "ordinal"  # 1st, 22nd
    NUMBER = "number"  # 3
    WORD = "word"  # tomorrow, every!, dec
    COMMA = "comma"


@dataclass(frozen=True, slots=True)
class Token:
    kind: Kind
    text: str
    position: int  # where the token starts in the phrase as given (0-based), for error messages


_TOKEN = re.compile(
    r"""
    (?P<iso_date>\d{4}-\d{2}-\d{2})
  | (?P<clock>\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)(?![a-z])|\d{1,2}:\d{2}(?![\d:]))
  | (?P<ordinal>\d{1,2}(?:st|nd|rd|th)(?![a-z]))
  | (?P<number>\d+(?![a-z\d]))
  | (?P<word>[a-z]+!?)
  | (?P<comma>,)
    """,
    re.VERBOSE,
)
_SPACE = re.compile(r"\s+")


class UnknownText(ValueError):
    def __init__(self, position: int) -> None:
        super().__init__(position)
        self.position = position


def tokenize(phrase: str) -> list[Token]:
    """Tokens of ``phrase`` (case-insensitive); ``UnknownText`` at the first character no token covers."""
    text = phrase.lower()
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        space = _SPACE.match(text, position)
        if space:
            position = space.end()
            continue
        match = _TOKEN.match(text, position)
        if match is None or match.lastgroup is None:
            raise UnknownText(position)
        tokens.append(Token(Kind(match.lastgroup), match.group(), position))
        position = match.end()
    return tokens


WEEKDAYS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("monday", "mon"),
        ("tuesday", "tue", "tues"),
        ("wednesday", "wed"),
        ("thursday", "thu", "thur", "thurs"),
        ("friday", "fri"),
        ("saturday", "sat"),
        ("sunday", "sun"),
    )
):
    for _name in _names:
        WEEKDAYS[_name] = _number

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("january", "jan"),
        ("february", "feb"),
        ("march", "mar"),
        ("april", "apr"),
        ("may",),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _number

# "every first monday", "every last day": the n-th (negative: from the end) within a month.
ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10}

# Units of "in N …" and "every N …", to their canonical name.
UNITS = {
    "minute": "minute",
    "minutes": "minute",
    "min": "minute",
    "mins": "minute",
    "hour": "hour",
    "hours": "hour",
    "hr": "hour",
    "hrs": "hour",
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "month": "month",
    "months": "month",
    "year": "year",
    "years": "year",
}

# Times of day in words, as Todoist reads them.
TIMES_OF_DAY = {
    "morning": (9, 0),
    "noon": (12, 0),
    "afternoon": (12, 0),
    "evening": (19, 0),
    "night": (22, 0),
}


def ordinal_value(text: str) -> int:
    """``"22nd"`` → 22."""
    return int(text[:-2])


def clock_value(text: str) -> tuple[int, int] | None:
    """``"5:30 pm"`` → (17, 30); None for an impossible time such as ``"25:00"`` or ``"13pm"``."""
    match = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?", text)
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    meridiem = (match.group(3) or "").replace(".", "")
    if minute > 59:
        return None
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    elif hour > 23:
        return None
    return hour, minute
