"""The filter language of ``GET /todos?filter=``: text in, a tree of ``Filter`` nodes out.

    filter   := either
    either   := both ("|" both)*
    both     := negated ("&" negated)*
    negated  := "!" negated | "(" filter ")" | term
    term     := "today" | "tomorrow" | "overdue" | "no date" | "recurring" | "next" N "days"
              | "due before:" DATE | "due after:" DATE | "p1" … "p4" | "#" LIST | "@" LABEL | "search:" WORDS

``DATE`` is any single date the due-date phrases know ("dec 24", "next friday", "2027-01-15"); ``LIST``,
``LABEL`` and ``WORDS`` run to the next ``&``, ``|`` or ``)`` (surrounding spaces trimmed), so a list may be
called ``#Home Office``; a backslash takes the next character literally (``#R\\&D``). Words are
case-insensitive. A syntax error names the 0-based character position where reading stopped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

FILTER_MAX_LENGTH = 1000
MAX_DEPTH = 32  # nesting of parentheses and "!": deep enough for people, bounded for the parser's stack


class FilterSyntaxError(ValueError):
    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} (at character {position + 1})")
        self.message = message
        self.position = position


@dataclass(frozen=True, slots=True)
class And:
    left: Filter
    right: Filter


@dataclass(frozen=True, slots=True)
class Or:
    left: Filter
    right: Filter


@dataclass(frozen=True, slots=True)
class Not:
    operand: Filter


@dataclass(frozen=True, slots=True)
class DueOn:
    """``today`` (0) and ``tomorrow`` (1): due on that day, counted from today in the caller's zone."""

    days_from_today: int


@dataclass(frozen=True, slots=True)
class Overdue:
    """Open, and due before now (a timed task) or before today (a dated one)."""


@dataclass(frozen=True, slots=True)
class NoDate:
    pass


@dataclass(frozen=True, slots=True)
class Recurring:
    pass


@dataclass(frozen=True, slots=True)
class NextDays:
    """``next 7 days``: due from today up to and including today + 6."""

    days: int


@dataclass(frozen=True, slots=True)
class DueBefore:
    day: date  # strictly before


@dataclass(frozen=True, slots=True)
class DueAfter:
    day: date  # strictly after


@dataclass(frozen=True, slots=True)
class Priority:
    level: int  # 1 (most urgent) … 4


@dataclass(frozen=True, slots=True)
class InList:
    name: str  # compared case-insensitively


@dataclass(frozen=True, slots=True)
class HasLabel:
    name: str  # compared case-insensitively


@dataclass(frozen=True, slots=True)
class Search:
    text: str  # a substring of the title or the description, case-insensitively (as `q=`)


Filter = (
    (
        And
        | Or
        | Not
        | DueOn
        | Overdue
        | NoDate
        | Recurring
        | NextDays
        | DueBefore
        | DueAfter
        | Priority
        | InList
    )
    | HasLabel
    | Search
)

# Reads the date phrase of "due before:" into a day; given by the caller, so this module needs no clock or
# zone. Raises ValueError for a phrase it cannot read.
DateReader = Callable[[str], date]

_KEYWORDS: tuple[tuple[str, Filter], ...] = (
    ("no date", NoDate()),
    ("today", DueOn(0)),
    ("tomorrow", DueOn(1)),
    ("overdue", Overdue()),
    ("recurring", Recurring()),
)
_PRIORITY = re.compile(r"p([1-4])(?![\w])", re.IGNORECASE)
_NEXT_DAYS = re.compile(r"next\s+(\d{1,4})\s+days?(?![\w])", re.IGNORECASE)
_WORD_END = re.compile(r"(?![\w])")


class _Reader:
    def __init__(self, text: str, read_date: DateReader) -> None:
        self.text = text
        self.at = 0
        self.depth = 0
        self.read_date = read_date

    def skip_space(self) -> None:
        while self.at < len(self.text) and self.text[self.at].isspace():
            self.at += 1

    def peek(self) -> str:
        self.skip_space()
        return self.text[self.at] if self.at < len(self.text) else ""

    def fail(self, message: str, position: int | None = None) -> FilterSyntaxError:
        return FilterSyntaxError(message, self.at if position is None else position)

    def either(self) -> Filter:
        node = self.both()
        while self.peek() == "|":
            self.at += 1
            node = Or(node, self.both())
        return node

    def both(self) -> Filter:
        node = self.negated()
        while self.peek() == "&":
            self.at += 1
            node = And(node, self.negated())
        return node

    def negated(self) -> Filter:
        character = self.peek()
        if character in ("!", "("):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise self.fail(f"nested more than {MAX_DEPTH} deep")
            self.at += 1
            if character == "!":
                node: Filter = Not(self.negated())
            else:
                node = self.either()
                if self.peek() != ")":
                    raise self.fail(
                        "expected ')'" if self.peek() == "" else f"expected ')' before {self.peek()!r}"
                    )
                self.at += 1
            self.depth -= 1
            return node
        return self.term()

    def term(self) -> Filter:
        self.skip_space()
        start = self.at
        rest = self.text[start:]
        lowered = rest.lower()
        if not rest:
            raise self.fail("expected a filter (today, overdue, p1, #List, @label, search: …)")
        if rest[0] in "&|)":
            raise self.fail(f"expected a filter before {rest[0]!r}")
        if rest[0] == "#":
            self.at += 1
            return InList(self.name("a list name after '#'"))
        if rest[0] == "@":
            self.at += 1
            return HasLabel(self.name("a label name after '@'"))
        if lowered.startswith("search:"):
            self.at += len("search:")
            return Search(self.name("text after 'search:'"))
        for prefix, bound in (("due before:", DueBefore), ("due after:", DueAfter)):
            if lowered.startswith(prefix):
                self.at += len(prefix)
                value_start = self.at
                return bound(self.date(self.name(f"a date after '{prefix}'"), value_start))
        for keyword, node in _KEYWORDS:
            if lowered.startswith(keyword) and _WORD_END.match(rest, len(keyword)):
                self.at += len(keyword)
                return node
        priority = _PRIORITY.match(rest)
        if priority:
            self.at += priority.end()
            return Priority(int(priority.group(1)))
        next_days = _NEXT_DAYS.match(rest)
        if next_days:
            days = int(next_days.group(1))
            if days < 1:
                raise self.fail("'next N days' needs N of at least 1", start)
            self.at += next_days.end()
            return NextDays(days)
        word = re.match(r"[^\s&|()!]+", rest)
        shown = word.group() if word else rest[0]
        raise self.fail(f"unknown filter {shown!r}", start)

    def name(self, what: str) -> str:
        """Text up to the next operator (``&``, ``|``, ``)``), a backslash escaping one character."""
        chars: list[str] = []
        start = self.at
        while self.at < len(self.text) and self.text[self.at] not in "&|)":
            character = self.text[self.at]
            if character == "\\" and self.at + 1 < len(self.text):
                self.at += 1
                character = self.text[self.at]
            chars.append(character)
            self.at += 1
        value = "".join(chars).strip()
        if not value:
            raise self.fail(f"expected {what}", start)
        return value

    def date(self, phrase: str, position: int) -> date:
        try:
            return self.read_date(phrase)
        except ValueError as error:
            raise self.fail(f"cannot read the date {phrase!r}: {error}", position) from None


def parse_filter(text: str, read_date: DateReader) -> Filter:
    """The filter ``text`` says; ``read_date(phrase) -> date`` reads the dates of ``due before:`` / ``after:``
    (raising ``ValueError`` for one it cannot read)."""
    if len(text) > FILTER_MAX_LENGTH:
        raise FilterSyntaxError(f"longer than {FILTER_MAX_LENGTH} characters", FILTER_MAX_LENGTH)
    reader = _Reader(text, read_date)
    node = reader.either()
    if reader.peek() != "":
        character = reader.peek()
        raise reader.fail(f"unexpected {character!r}" + (" (no matching '(')" if character == ")" else ""))
    return node
