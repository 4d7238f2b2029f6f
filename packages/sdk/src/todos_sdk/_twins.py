"""What the asyncio SDK and the blocking one spell differently, beyond `async`/`await`: pairs, side by side.

The source in `_async/` names the asyncio member of each pair; scripts/generate_sync_sdk.py renames it to its
blocking partner when it writes `_sync/`. Types that wrap a result in Awaitable cannot be renamed token by
token, so they are named here.
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from types import TracebackType

import httpx

__all__ = ["AsyncLock", "AsyncResponseHook", "AsyncSleep", "Lock", "ResponseHook", "Sleep"]

Sleep = Callable[[float], None]
AsyncSleep = Callable[[float], Awaitable[None]]

ResponseHook = Callable[[httpx.Response], None]
AsyncResponseHook = Callable[[httpx.Response], Awaitable[None]]

# One JWT refresh at a time: threads sharing a blocking client, or tasks sharing an asyncio one.
Lock = threading.Lock


class AsyncLock:
    """asyncio.Lock, with asyncio imported only when an asyncio client is built.

    Importing asyncio costs `todo` (blocking, and timed at every start) 10 ms or more, for nothing.
    asyncio.Lock binds to the running loop on first use (Python 3.10+), so a client may be built outside it.
    """

    def __init__(self) -> None:
        import asyncio

        self._lock = asyncio.Lock()

    async def __aenter__(self) -> None:
        await self._lock.acquire()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._lock.release()
