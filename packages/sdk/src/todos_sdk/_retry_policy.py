"""Which requests may be retried, how often and how patiently; the transports in `_async`/`_sync` apply it.

A request is repeated only when sending it twice cannot do anything that sending it once would not:
GET/HEAD/OPTIONS/PUT/DELETE (idempotent by definition) and `PATCH …/complete` *with* a body, which sets the
completion state (without a body it toggles, and a toggle repeated is a toggle undone). Such requests are
retried on connection failures and on 503; everything else is sent exactly once.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

import httpx

__all__ = ["NO_RETRY", "RETRIED_ERRORS", "RetryPolicy", "is_safe_to_repeat"]

_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# Failures where the server cannot have acted on the request, or where repeating a safe request is harmless.
# Read timeouts are left out on purpose: the server is slow, and repeating would only add load.
RETRIED_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError, httpx.ReadError)


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
