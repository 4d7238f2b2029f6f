"""Quick add: one line of text → a task's title, list, labels, priority and due date, as Todoist reads it.

``Pay rent every 1st #Home @bills p1`` is the task "Pay rent", due every 1st of the month, in the list "Home",
labelled "bills", priority 1. What was recognised is reported as spans of the text, so a client can highlight
it while the user types. Rules:

- ``#Name`` (a list) and ``@name`` (a label) run to the next space; ``#"Home Office"`` takes a quoted name.
  The last ``#`` wins; labels are kept once each, case-insensitively, in the order written.
- ``p1`` … ``p4`` as a word of its own; the last one wins.
- The date is the longest run of the remaining words that reads as a due phrase (``every monday 9am``,
  ``tomorrow at 5pm``); among equally long runs, the last. A run is at most ``MAX_DATE_WORDS`` words.
- What is left, with spaces collapsed, is the title; a text that is only markers keeps its date words as the
  title rather than create an empty task.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from todos_api.due.dates import Due, InvalidDue, parse_due, zone_named

MAX_DATE_WORDS = 10

_MARKER = re.compile(r'(?<!\S)(?P<sigil>[#@])(?:"(?P<quoted>[^"]+)"|(?P<bare>[^\s#@"]+))(?!\S)')
_PRIORITY = re.compile(r"(?<!\S)[pP](?P<level>[1-4])(?!\S)")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    kind: str  # "list" | "label" | "priority" | "due"


@dataclass(frozen=True, slots=True)
class QuickAdd:
    title: str
    list_name: str | None
    labels: tuple[str, ...]
    priority: int | None
    due: Due | None
    spans: tuple[Span, ...]


def parse_quick_add(text: str, *, now: datetime, timezone: str) -> QuickAdd:
    """What ``text`` asks for, reading its date phrase at ``now`` in ``timezone`` (an unknown zone raises
    ``InvalidDue``)."""
    zone_named(timezone)
    spans: list[Span] = []
    taken = [False] * len(text)

    def take(start: int, end: int, kind: str) -> None:
        spans.append(Span(start, end, kind))
        for index in range(start, end):
            taken[index] = True

    list_name: str | None = None
    labels: list[str] = []
    for marker in _MARKER.finditer(text):
        name = marker.group("quoted") or marker.group("bare")
        if marker.group("sigil") == "#":
            list_name = name
            take(marker.start(), marker.end(), "list")
        else:
            if name.casefold() not in (label.casefold() for label in labels):
                labels.append(name)
            take(marker.start(), marker.end(), "label")
    priority: int | None = None
    for match in _PRIORITY.finditer(text):
        if not any(taken[match.start() : match.end()]):
            priority = int(match.group("level"))
            take(match.start(), match.end(), "priority")

    words = [word for word in _WORD.finditer(text) if not any(taken[word.start() : word.end()])]
    due, due_words = _longest_date(text, words, now, timezone)
    if due is not None and due_words is not None:
        take(due_words[0], due_words[1], "due")

    title = " ".join(text[word.start() : word.end()] for word in words if not taken[word.start()])
    if not title and due is not None:
        # Only markers and a date: keep the date's words as the title instead of an empty task.
        due = None
        spans = [span for span in spans if span.kind != "due"]
        title = " ".join(word.group() for word in words)
    spans.sort(key=lambda span: span.start)
    return QuickAdd(title, list_name, tuple(labels), priority, due, tuple(spans))


def _longest_date(
    text: str, words: list[re.Match[str]], now: datetime, timezone: str
) -> tuple[Due | None, tuple[int, int] | None]:
    """The longest run of adjacent ``words`` (no marker between them) that reads as a due phrase."""
    for length in range(min(MAX_DATE_WORDS, len(words)), 0, -1):
        for first in range(len(words) - length, -1, -1):
            run = words[first : first + length]
            if not _adjacent(text, run):
                continue
            phrase = text[run[0].start() : run[-1].end()]
            try:
                return parse_due(phrase, now=now, timezone=timezone), (run[0].start(), run[-1].end())
            except InvalidDue:
                continue
    return None, None


def _adjacent(text: str, run: list[re.Match[str]]) -> bool:
    return all(text[left.end() : right.start()].isspace() for left, right in zip(run, run[1:], strict=False))
