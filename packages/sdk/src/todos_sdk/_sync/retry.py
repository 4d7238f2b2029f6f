# generated from _async by scripts/generate_sync_sdk.py — do not edit
"""The retrying transport: repeats safe requests (todos_sdk._retry_policy) on connection failures and 503."""

from __future__ import annotations

import time

import httpx

from .._retry_policy import RETRIED_ERRORS, RetryPolicy, is_safe_to_repeat
from .._twins import Sleep

__all__ = ["RetryTransport"]


class RetryTransport(httpx.BaseTransport):
    """Wraps a transport; repeats safe requests on connection failures and 503."""

    def __init__(
        self,
        transport: httpx.BaseTransport | None = None,
        policy: RetryPolicy | None = None,
        sleep: Sleep = time.sleep,
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
            except RETRIED_ERRORS:
                self._sleep(delay)
                continue
            if response.status_code != 503:
                return response
            response.close()
            self._sleep(self._policy.retry_after(response, delay))
        return self._transport.handle_request(request)

    def close(self) -> None:
        self._transport.close()
