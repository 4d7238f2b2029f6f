"""The SDK's one retry policy: which requests may be repeated, how often, how patiently, and with which key.

Every owner of a wait applies it: the retrying transports in `_async`/`_sync` (RetryTransport), the event
stream's reconnect (`watch`, RECONNECT) and the exceptions that report a server's `Retry-After` (Conflict).

**Keys.** The API's client gives every mutating request (POST, PUT, PATCH, DELETE) a fresh
`Idempotency-Key` (uuid4) unless it carries one, once, before the first attempt: every retry, and the resend
after a JWT refresh, carries the same key, so the API applies the write once and replays its first answer
(with `Idempotent-Replayed: true`) to a retry of a write whose answer was lost.

**What is repeated.** A request is repeated only when sending it twice cannot do anything that sending it
once would not: GET/HEAD/OPTIONS, any request carrying an `Idempotency-Key`, PUT/DELETE and `PATCH …/complete`
with a body (it sets the state) — but never a write carrying `If-Match` without its key: if the first attempt
went through, the repeat would be refused with 412 about its own change ("changed elsewhere"), a lie.
Repeated on connection failures and on 408, 429 and 5xx (and a 409 `idempotency_in_progress`: the first
attempt still runs); everything else is sent exactly once. A per-request `max_retries` rides in the
request's extensions (MAX_RETRIES_EXTENSION).

**Waits.** Before retry n (0-based) the policy waits `backoff * 2**n`, capped at `max_delay`, with jitter; a
server's `Retry-After` (seconds or an HTTP-date) replaces that wait; one longer than `max_delay` ends the
retries (the answer is raised, its `retry_after` says when to come back) rather than retrying sooner than
the server asked.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace

import httpx

__all__ = [
    "IDEMPOTENCY_KEY",
    "MAX_RETRIES_EXTENSION",
    "NO_RETRY",
    "RECONNECT",
    "RETRIED_ERRORS",
    "RETRIED_STATUSES",
    "RetryPolicy",
    "add_idempotency_key",
    "is_safe_to_repeat",
    "policy_for",
    "retry_after_seconds",
]

MAX_RETRIES_EXTENSION = "todos_max_retries"
IDEMPOTENCY_KEY = "Idempotency-Key"
# 408/429: the server asks to come back; 5xx: it failed or is overloaded. 409 only with the in-progress code.
RETRIED_STATUSES = frozenset({408, 429, 500, 502, 503, 504})

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_IDEMPOTENT_WRITES = frozenset({"PUT", "DELETE"})
_MUTATING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Failures where the server cannot have acted on the request, or where repeating a safe request is harmless.
# Read timeouts are left out on purpose: the server is slow, and repeating would only add load.
RETRIED_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError, httpx.ReadError)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry: `attempts` tries in all (0: no end), delays doubling from
    `backoff` up to `max_delay`."""

    attempts: int = 3
    backoff: float = 0.25
    max_delay: float = 4.0
    jitter: bool = True

    def delay(self, retry: int, base: float | None = None) -> float:
        """The pause before retry number `retry` (0-based), doubling from `base` (default: `backoff`)."""
        start = self.backoff if base is None else base
        delay = min(start * 2.0 ** min(retry, 32), self.max_delay)
        # Jitter spreads the retries of many clients that failed at the same moment.
        return delay * random.uniform(0.5, 1.0) if self.jitter else delay

    def delays(self) -> Iterator[float]:
        """The pause before each retry (attempts - 1 of them; for ever when attempts is 0)."""
        retry = 0
        while self.attempts <= 0 or retry < self.attempts - 1:
            yield self.delay(retry)
            retry += 1

    def retry_after(self, response: httpx.Response, default: float) -> float | None:
        """The wait before retrying after `response`: its `Retry-After` when it gives one, else `default`;
        None when the server asks for longer than `max_delay` (do not retry: it would come too early)."""
        seconds = retry_after_seconds(response.headers.get("retry-after", ""))
        if seconds is None:
            return default
        return seconds if seconds <= self.max_delay else None

    def with_max_retries(self, max_retries: int) -> RetryPolicy:
        return replace(self, attempts=max(max_retries, 0) + 1)


# The event stream's reconnect: from the server's `retry:` (1 s until it says), doubling up to 30 s, for ever.
RECONNECT = RetryPolicy(attempts=0, backoff=1.0, max_delay=30.0, jitter=False)
NO_RETRY = RetryPolicy(attempts=1)


def retry_after_seconds(value: str, now: float | None = None) -> float | None:
    """`Retry-After` as seconds to wait: delta-seconds or an HTTP-date (RFC 9110 §10.2.3); None if neither."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    if not value:
        return None
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


def add_idempotency_key(request: httpx.Request) -> None:
    """Give a mutating request a fresh Idempotency-Key unless it carries one (the caller's own wins)."""
    if request.method in _MUTATING_METHODS and IDEMPOTENCY_KEY not in request.headers:
        request.headers[IDEMPOTENCY_KEY] = str(uuid.uuid4())


def is_safe_to_repeat(request: httpx.Request) -> bool:
    """Whether sending this request twice has the same effect as sending it once."""
    if request.method in _SAFE_METHODS or IDEMPOTENCY_KEY in request.headers:
        return True
    if "if-match" in request.headers:
        return False  # went through the first time, its repeat would be refused with 412 about itself
    if request.method in _IDEMPOTENT_WRITES:
        return True
    is_completion_set = request.url.path.endswith("/complete") and bool(request.content)
    return request.method == "PATCH" and is_completion_set
