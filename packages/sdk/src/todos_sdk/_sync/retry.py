# generated from _async by scripts/generate_sync_sdk.py — do not edit
"""The retrying transport: applies the SDK's retry policy (todos_sdk._retry_policy) to each request: gives a
mutating one its Idempotency-Key (on the API's client), and repeats safe ones on connection failures, 408,
429, 5xx and `409 idempotency_in_progress`, waiting the server's `Retry-After` when it gives one."""

from __future__ import annotations

import time

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
from .._twins import Sleep

__all__ = ["RetryTransport"]


class RetryTransport(httpx.BaseTransport):
    """Wraps a transport; repeats safe requests on connection failures and retryable answers.

    `idempotency_keys`: give every mutating request a fresh Idempotency-Key (the Todos API's client; not
    Better Auth's, whose endpoints do not replay).
    """

    def __init__(
        self,
        transport: httpx.BaseTransport | None = None,
        policy: RetryPolicy | None = None,
        sleep: Sleep = time.sleep,
        *,
        idempotency_keys: bool = False,
    ) -> None:
        self._transport = transport or httpx.HTTPTransport()
        self._policy = policy or RetryPolicy()
        self._sleep = sleep
        self._idempotency_keys = idempotency_keys

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self._idempotency_keys:
            add_idempotency_key(request)  # before the first attempt: every retry carries the same key
        if not is_safe_to_repeat(request):
            return self._send(request)
        policy = policy_for(request, self._policy)
        for delay in policy.delays():
            try:
                response = self._send(request)
            except RETRIED_ERRORS as err:
                log_retry(request, type(err).__name__, delay)
                self._sleep(delay)
                continue
            if not _retryable(response):
                return response
            wait = policy.retry_after(response, delay)
            if wait is None:
                return response  # the server asks for a longer wait than we retry within: let it be raised
            response.close()
            log_retry(request, f"HTTP {response.status_code}", wait)
            self._sleep(wait)
        return self._send(request)

    def _send(self, request: httpx.Request) -> httpx.Response:
        log_request(request)
        response = self._transport.handle_request(request)
        log_response(request, response)
        return response

    def close(self) -> None:
        self._transport.close()


def _retryable(response: httpx.Response) -> bool:
    # The API answers 409 with Retry-After only for idempotency_in_progress (the key's first request runs).
    in_progress = response.status_code == 409 and "retry-after" in response.headers
    return response.status_code in RETRIED_STATUSES or in_progress
