"""The SDK's SSE parser against the byte-level fixtures the web's parser also runs (tests/fixtures/sse)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from todos_sdk._changes import ServerSentEvent, SseParser

FIXTURES = Path(__file__).parents[2] / "fixtures" / "sse"
CASES = sorted(FIXTURES.glob("*.json"))


@dataclass(frozen=True)
class Case:
    chunks: list[bytes]
    events: list[dict[str, Any]]
    last_event_id: str | None
    retry_ms: int | None


def load(path: Path) -> Case:
    raw = json.loads(path.read_text(encoding="utf-8"))
    chunks = [bytes.fromhex(c["hex"]) if isinstance(c, dict) else c.encode() for c in raw["chunks"]]
    return Case(chunks, raw["events"], raw["last_event_id"], raw["retry_ms"])


def every_byte(chunks: list[bytes]) -> list[bytes]:
    return [bytes([byte]) for byte in b"".join(chunks)]


def parse(chunks: list[bytes]) -> tuple[list[ServerSentEvent], SseParser]:
    """What watch() does with one response: begin, each chunk as it arrives, end."""
    parser = SseParser()
    parser.begin_stream()
    events = [event for chunk in chunks for event in parser.feed_bytes(chunk)]
    return [*events, *parser.end_stream()], parser


def test_fixtures_are_found() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize("split", ["as_given", "every_byte"])
@pytest.mark.parametrize("path", CASES, ids=[path.stem for path in CASES])
def test_sse_parser_reads_fixture_as_the_standard_does(path: Path, split: str) -> None:
    case = load(path)
    chunks = case.chunks if split == "as_given" else every_byte(case.chunks)

    events, parser = parse(chunks)

    assert [{"event": e.event, "data": e.data, "id": e.id} for e in events] == case.events
    assert parser.last_id == case.last_event_id
    assert parser.retry_ms == case.retry_ms


def test_sse_parser_begin_stream_drops_what_the_last_connection_left_unfinished() -> None:
    parser = SseParser(last_id="1")
    parser.begin_stream()
    assert parser.feed_bytes(b"id: 2\nevent: change\ndata: half") == []
    parser.begin_stream()  # the connection dropped; a new one starts

    events = parser.feed_bytes(b"data: whole\n\n")

    assert [(e.event, e.data, e.id) for e in events] == [("message", "whole", "1")]
