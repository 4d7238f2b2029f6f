"""Retries with backoff for requests that are safe to repeat: the policy (`_retry_policy`) and its transports.

RetryTransport (blocking, generated) and AsyncRetryTransport wrap an httpx transport; see `_retry_policy`
for which requests they repeat and when.
"""

from ._async.retry import AsyncRetryTransport
from ._retry_policy import NO_RETRY, RetryPolicy, is_safe_to_repeat
from ._sync.retry import RetryTransport

__all__ = ["NO_RETRY", "AsyncRetryTransport", "RetryPolicy", "RetryTransport", "is_safe_to_repeat"]
