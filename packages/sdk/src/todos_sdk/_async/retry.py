"""The retrying transport: repeats safe requests (todos_sdk._retry_policy) on connection failures and 503."""

from __future__ import annotations

import asyncio

import httpx

from .._retry_policy import RETRIED_ERRORS, RetryPolicy, is_safe_to_repeat
from .._twins import AsyncSleep

__all__ = ["AsyncRetryTransport"]


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """Wraps a transport; repeats safe requests on connection failures and 503."""

    def __init__(
        self,
        transport: httpx.AsyncBaseTransport | None = None,
        policy: RetryPolicy | None = None,
        sleep: AsyncSleep = asyncio.sleep,
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
            except RETRIED_ERRORS:
                await self._sleep(delay)
                continue
            if response.status_code != 503:
                return response
            await response.aclose()
            await self._sleep(self._policy.retry_after(response, delay))
        return await self._transport.handle_async_request(request)

    async def aclose(self) -> None:
        await self._transport.aclose()
