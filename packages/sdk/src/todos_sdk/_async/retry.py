"""The retrying transport: applies the SDK's retry policy (todos_sdk._retry_policy) to each request: gives a
mutating one its Idempotency-Key (on the API's client), and repeats safe ones on connection failures, 408,
429, 5xx and `409 idempotency_in_progress`, waiting the server's `Retry-After` when it gives one."""

from __future__ import annotations

import asyncio

import httpx

from .._logging import log_request, log_response, log_retry
from .._retry_policy import (
    RETRIED_ERRORS,
    RETRIED_STATUSES,
    RetryPolicy,
    add_idempotency_key,
    is_safe_to_repeat,
    policy_for,
)
from .._twins import AsyncSleep

__all__ = ["AsyncRetryTransport"]


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """Wraps a transport; repeats safe requests on connection failures and retryable answers.

    `idempotency_keys`: give every mutating request a fresh Idempotency-Key (the Todos API's client; not
    Better Auth's, whose endpoints do not replay).
    """

    def __init__(
        self,
        transport: httpx.AsyncBaseTransport | None = None,
        policy: RetryPolicy | None = None,
        sleep: AsyncSleep = asyncio.sleep,
        *,
        idempotency_keys: bool = False,
    ) -> None:
        self._transport = transport or httpx.AsyncHTTPTransport()
        self._policy = policy or RetryPolicy()
        self._sleep = sleep
        self._idempotency_keys = idempotency_keys

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._idempotency_keys:
            add_idempotency_key(request)  # before the first attempt: every retry carries the same key
        if not is_safe_to_repeat(request):
            return await self._send(request)
        policy = policy_for(request, self._policy)
        for delay in policy.delays():
            try:
                response = await self._send(request)
            except RETRIED_ERRORS as err:
                log_retry(request, type(err).__name__, delay)
                await self._sleep(delay)
                continue
            if not _retryable(response):
                return response
            wait = policy.retry_after(response, delay)
            if wait is None:
                return response  # the server asks for a longer wait than we retry within: let it be raised
            await response.aclose()
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
