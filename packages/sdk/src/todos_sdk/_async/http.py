"""The httpx client behind the SDK: no cookies, retries for safe requests, errors raised as exceptions."""

from __future__ import annotations

import httpx

from .._exceptions import ApiError
from .._http import DEFAULT_TIMEOUT, USER_AGENT, cookieless_jar, ssl_context_for
from .._retry_policy import RetryPolicy
from .._twins import AsyncResponseHook
from .retry import AsyncRetryTransport

__all__ = ["async_raise_for_error", "new_async_client"]


def async_raise_for_error(*, except_status: frozenset[int] = frozenset()) -> AsyncResponseHook:
    """A response hook that raises the matching ApiError for every non-2xx answer not in except_status."""

    async def hook(response: httpx.Response) -> None:
        if response.is_success or response.status_code in except_status:
            return
        await response.aread()
        raise ApiError.from_response(response.status_code, response.content)

    return hook


def new_async_client(
    base_url: str,
    *,
    auth: httpx.Auth | None = None,
    retry: RetryPolicy | None = None,
    timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
    transport: httpx.AsyncBaseTransport | None = None,
    except_status: frozenset[int] = frozenset(),
) -> httpx.AsyncClient:
    """A client for base_url that sends no cookies, retries safe requests and raises ApiError on errors."""
    network = transport or httpx.AsyncHTTPTransport(verify=ssl_context_for(base_url))
    return httpx.AsyncClient(
        base_url=base_url,
        auth=auth,
        cookies=cookieless_jar(),
        headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        timeout=timeout,
        transport=AsyncRetryTransport(network, retry),
        event_hooks={"response": [async_raise_for_error(except_status=except_status)]},
    )
