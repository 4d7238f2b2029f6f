"""The retrying transport: repeats safe requests (todos_sdk._retry_policy) on connection failures, 408, 429,
5xx and `409 idempotency_in_progress`, waiting the server's `Retry-After` when it gives one."""

from __future__ import annotations

import asyncio

import httpx

from .._logging import log_request, log_response, log_retry
from .._retry_policy import RETRIED_ERRORS, RETRIED_STATUSES, RetryPolicy, is_safe_to_repeat, policy_for
from .._twins import AsyncSleep

__all__ = ["AsyncRetryTransport"]


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """Wraps a transport; repeats safe requests on connection failures and retryable answers."""

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
            return await self._send(request)
        for delay in policy_for(request, self._policy).delays():
            try:
                response = await self._send(request)
            except RETRIED_ERRORS as err:
                log_retry(request, type(err).__name__, delay)
                await self._sleep(delay)
                continue
            if not _retryable(response):
                return response
            await response.aclose()
            wait = self._policy.retry_after(response, delay)
            log_retry(request, f"HTTP {response.status_code}", wait)
            await self._sleep(wait)
        return await self._send(request)

    async def _send(self, request: httpx.Request) -> httpx.Response:
        log_request(request)
        response = await self._transport.handle_async_request(request)
        log_response(request, response)
        return response

    async def aclose(self) -> None:
        await self._transport.aclose()


def _retryable(response: httpx.Response) -> bool:
    # The API answers 409 with Retry-After only for idempotency_in_progress (the key's first request runs).
    in_progress = response.status_code == 409 and "retry-after" in response.headers
    return response.status_code in RETRIED_STATUSES or in_progress
