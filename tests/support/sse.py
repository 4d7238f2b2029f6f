"""Reading a Server-Sent Events stream in tests: events and comment lines, as a client sees them."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass
class Event:
    id: str = ""
    event: str = ""
    data: str = ""
    comments: list[str] = field(default_factory=list)

    def json(self) -> Any:
        return json.loads(self.data)


async def events(response: httpx.Response) -> AsyncIterator[Event]:
    """Each event (or block of comment lines) of the stream, as it arrives."""
    current = Event()
    async for line in response.aiter_lines():
        if line == "":
            yield current
            current = Event()
        elif line.startswith(":"):
            current.comments.append(line[1:].strip())
        else:
            name, _, value = line.partition(":")
            setattr(current, name, value.removeprefix(" ")) if name in {"id", "event", "data"} else None


async def changes(response: httpx.Response, count: int, timeout: float = 10.0) -> list[Event]:
    """The next ``count`` change events, or TimeoutError."""
    found: list[Event] = []

    async def collect() -> None:
        async for event in events(response):
            if event.event == "change":
                found.append(event)
                if len(found) == count:
                    return

    await asyncio.wait_for(collect(), timeout)
    return found
