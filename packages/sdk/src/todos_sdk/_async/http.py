"""The httpx client behind the SDK: no cookies, retries for safe requests, errors raised as exceptions."""

from __future__ import annotations

from collections.abc import Mapping

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
        raise ApiError.from_response(response.status_code, response.content, response.headers)

    return hook


def new_async_client(
    base_url: str,
    *,
    auth: httpx.Auth | None = None,
    retry: RetryPolicy | None = None,
    timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
    transport: httpx.AsyncBaseTransport | None = None,
    except_status: frozenset[int] = frozenset(),
    headers: Mapping[str, str] | None = None,
    http_client: httpx.AsyncClient | None = None,
    idempotency_keys: bool = False,
) -> httpx.AsyncClient:
    """A client for base_url that sends no cookies, retries safe requests and raises ApiError on errors;
    with `idempotency_keys` (the Todos API's client), every mutating request carries an Idempotency-Key.

    Given an http_client of the caller's (proxies, limits, its own transport, event hooks), that one is
    used: its base URL, auth, cookies and headers become the SDK's, its transport is wrapped in the retries,
    and the error hook joins its own hooks. Its timeout stays the caller's.
    """
    default_headers = {"User-Agent": USER_AGENT, "Accept": "application/json", **(headers or {})}
    hook = async_raise_for_error(except_status=except_status)
    if http_client is not None:
        http_client.base_url = httpx.URL(base_url)
        if auth is not None:
            http_client.auth = auth
        http_client.cookies = cookieless_jar()
        http_client.headers.update(default_headers)
        # httpx has no public way to wrap an existing client's transport; its attribute is stable since 0.18.
        http_client._transport = AsyncRetryTransport(
            http_client._transport, retry, idempotency_keys=idempotency_keys
        )
        http_client.event_hooks["response"] = [*http_client.event_hooks["response"], hook]
        return http_client
    network = transport or httpx.AsyncHTTPTransport(verify=ssl_context_for(base_url))
    return httpx.AsyncClient(
        base_url=base_url,
        auth=auth,
        cookies=cookieless_jar(),
        headers=default_headers,
        timeout=timeout,
        transport=AsyncRetryTransport(network, retry, idempotency_keys=idempotency_keys),
        event_hooks={"response": [hook]},
    )
