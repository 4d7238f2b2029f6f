"""Retries with backoff, as httpx transports, for requests that are safe to repeat.

A request is repeated only when sending it twice cannot do anything that sending it once would not:
GET/HEAD/OPTIONS/PUT/DELETE (idempotent by definition) and `PATCH …/complete` *with* a body, which sets the
completion state (without a body it toggles, and a toggle repeated is a toggle undone). Such requests are
retried on connection failures and on 503; everything else is sent exactly once.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from typing import Any

import httpx

__all__ = ["AsyncRetryTransport", "RetryPolicy", "RetryTransport"]

_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# Failures where the server cannot have acted on the request, or where repeating a safe request is harmless.
# Read timeouts are left out on purpose: the server is slow, and repeating would only add load.
_RETRIED_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError, httpx.ReadError)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry: `attempts` tries in all, delays doubling from `backoff`."""

    attempts: int = 3
    backoff: float = 0.25
    max_delay: float = 4.0
    jitter: bool = True

    def delays(self) -> Iterator[float]:
        """The pause before each retry (attempts - 1 of them)."""
        for retry in range(max(self.attempts - 1, 0)):
            delay = min(self.backoff * 2**retry, self.max_delay)
            # Jitter spreads the retries of many clients that failed at the same moment.
            yield delay * random.uniform(0.5, 1.0) if self.jitter else delay

    def retry_after(self, response: httpx.Response, default: float) -> float:
        """The server's `Retry-After` (in seconds, capped at max_delay) when it gives one."""
        value = response.headers.get("retry-after", "")
        return min(float(value), self.max_delay) if value.isdigit() else default


NO_RETRY = RetryPolicy(attempts=1)


def is_safe_to_repeat(request: httpx.Request) -> bool:
    """Whether sending this request twice has the same effect as sending it once."""
    if request.method in _IDEMPOTENT_METHODS:
        return True
    is_completion_set = request.url.path.endswith("/complete") and bool(request.content)
    return request.method == "PATCH" and is_completion_set


class RetryTransport(httpx.BaseTransport):
    """Wraps a transport; repeats safe requests on connection failures and 503."""

    def __init__(
        self,
        transport: httpx.BaseTransport | None = None,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._transport = transport or httpx.HTTPTransport()
        self._policy = policy or RetryPolicy()
        self._sleep = sleep

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not is_safe_to_repeat(request):
            return self._transport.handle_request(request)
        for delay in self._policy.delays():
            try:
                response = self._transport.handle_request(request)
            except _RETRIED_ERRORS:
                self._sleep(delay)
                continue
            if response.status_code != 503:
                return response
            response.close()
            self._sleep(self._policy.retry_after(response, delay))
        return self._transport.handle_request(request)

    def close(self) -> None:
        self._transport.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """The asyncio twin of RetryTransport."""

    def __init__(
        self,
        transport: httpx.AsyncBaseTransport | None = None,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], Coroutine[Any, Any, None]] = asyncio.sleep,
    ) -> None:
        self._transport = transport or httpx.AsyncHTTPTransport()
        self._policy = policy or RetryPolicy()
        self._sleep = sleep

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not is_safe_to_repeat(request):
            return await self._transport.handle_async_request(request)
        for delay in self._policy.delays():
            try:
                response = await self._transport.handle_async_request(request)
            except _RETRIED_ERRORS:
                await self._sleep(delay)
                continue
            if response.status_code != 503:
                return response
            await response.aclose()
            await self._sleep(self._policy.retry_after(response, delay))
        return await self._transport.handle_async_request(request)

    async def aclose(self) -> None:
        await self._transport.aclose()
