"""Which requests may be retried, how often and how patiently; the transports in `_async`/`_sync` apply it.

A request is repeated only when sending it twice cannot do anything that sending it once would not:
GET/HEAD/OPTIONS/PUT/DELETE (idempotent by definition), `PATCH …/complete` *with* a body, which sets the
completion state, and any request carrying an `Idempotency-Key` (the API stores the first answer and replays
it: the client's creates and toggles send one). Such requests are retried on connection failures and on 408,
429 and 5xx (and a 409 `idempotency_in_progress`: the first attempt is still running); everything else is sent
exactly once. A per-request `max_retries` rides in the request's extensions (MAX_RETRIES_EXTENSION).
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace

import httpx

__all__ = [
    "MAX_RETRIES_EXTENSION",
    "NO_RETRY",
    "RETRIED_ERRORS",
    "RETRIED_STATUSES",
    "RetryPolicy",
    "is_safe_to_repeat",
    "policy_for",
]

MAX_RETRIES_EXTENSION = "todos_max_retries"
# 408/429: the server asks to come back; 5xx: it failed or is overloaded. 409 only with the in-progress code.
RETRIED_STATUSES = frozenset({408, 429, 500, 502, 503, 504})

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
        """The server's `Retry-After` (seconds or an HTTP-date, capped at max_delay) when it gives one."""
        seconds = retry_after_seconds(response.headers.get("retry-after", ""))
        return default if seconds is None else min(seconds, self.max_delay)

    def with_max_retries(self, max_retries: int) -> RetryPolicy:
        return replace(self, attempts=max(max_retries, 0) + 1)


def retry_after_seconds(value: str, now: float | None = None) -> float | None:
    """`Retry-After` as seconds to wait: delta-seconds or an HTTP-date (RFC 9110 §10.2.3); None if neither."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    # Imported here: email.utils costs the CLI's start-up milliseconds, and dates are rare.
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(when.timestamp() - (time.time() if now is None else now), 0.0)


def policy_for(request: httpx.Request, default: RetryPolicy) -> RetryPolicy:
    """The policy for one request: the client's, or the request's own `max_retries`."""
    max_retries = request.extensions.get(MAX_RETRIES_EXTENSION)
    return default if max_retries is None else default.with_max_retries(int(max_retries))


NO_RETRY = RetryPolicy(attempts=1)


def is_safe_to_repeat(request: httpx.Request) -> bool:
    """Whether sending this request twice has the same effect as sending it once."""
    if request.method in _IDEMPOTENT_METHODS or "idempotency-key" in request.headers:
        return True
    is_completion_set = request.url.path.endswith("/complete") and bool(request.content)
    return request.method == "PATCH" and is_completion_set
