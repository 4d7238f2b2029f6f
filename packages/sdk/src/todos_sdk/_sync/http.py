# generated from _async by scripts/generate_sync_sdk.py — do not edit
"""The httpx client behind the SDK: no cookies, retries for safe requests, errors raised as exceptions."""

from __future__ import annotations

import httpx

from .._exceptions import ApiError
from .._http import DEFAULT_TIMEOUT, USER_AGENT, cookieless_jar, ssl_context_for
from .._retry_policy import RetryPolicy
from .._twins import ResponseHook
from .retry import RetryTransport

__all__ = ["raise_for_error", "new_client"]


def raise_for_error(*, except_status: frozenset[int] = frozenset()) -> ResponseHook:
    """A response hook that raises the matching ApiError for every non-2xx answer not in except_status."""

    def hook(response: httpx.Response) -> None:
        if response.is_success or response.status_code in except_status:
            return
        response.read()
        raise ApiError.from_response(response.status_code, response.content)

    return hook


def new_client(
    base_url: str,
    *,
    auth: httpx.Auth | None = None,
    retry: RetryPolicy | None = None,
    timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
    transport: httpx.BaseTransport | None = None,
    except_status: frozenset[int] = frozenset(),
) -> httpx.Client:
    """A client for base_url that sends no cookies, retries safe requests and raises ApiError on errors."""
    network = transport or httpx.HTTPTransport(verify=ssl_context_for(base_url))
    return httpx.Client(
        base_url=base_url,
        auth=auth,
        cookies=cookieless_jar(),
        headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        timeout=timeout,
        transport=RetryTransport(network, retry),
        event_hooks={"response": [raise_for_error(except_status=except_status)]},
    )
