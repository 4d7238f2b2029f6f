"""What the asyncio SDK and the blocking one spell differently, beyond `async`/`await`: pairs, side by side.

The source in `_async/` names the asyncio member of each pair; scripts/generate_sync_sdk.py renames it to its
blocking partner when it writes `_sync/`. Types that wrap a result in Awaitable cannot be renamed token by
token, so they are named here.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable

import httpx

__all__ = ["AsyncLock", "AsyncResponseHook", "AsyncSleep", "Lock", "ResponseHook", "Sleep"]

Sleep = Callable[[float], None]
AsyncSleep = Callable[[float], Awaitable[None]]

ResponseHook = Callable[[httpx.Response], None]
AsyncResponseHook = Callable[[httpx.Response], Awaitable[None]]

# One refresh at a time: threads sharing a client, or tasks sharing an event loop. asyncio.Lock binds to the
# running loop on first use (Python 3.10+), so a client may be built outside the loop that uses it.
Lock = threading.Lock
AsyncLock = asyncio.Lock
