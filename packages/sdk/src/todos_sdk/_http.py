"""The httpx clients behind todos_sdk: no cookies, retries for safe requests, errors raised as exceptions."""

from __future__ import annotations

import http.cookiejar
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from functools import cache
from importlib.metadata import PackageNotFoundError, version

import httpx

from ._exceptions import ApiError, ServerUnreachable
from ._retry import AsyncRetryTransport, RetryPolicy, RetryTransport

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)


@cache
def user_agent() -> str:
    try:
        return f"todos-sdk/{version('todos-sdk')}"
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "todos-sdk"


def cookieless_jar() -> http.cookiejar.CookieJar:
    """A cookie jar that never stores a cookie, so none is ever sent back.

    Better Auth refuses requests that carry a Cookie header without a trusted Origin (403
    MISSING_OR_NULL_ORIGIN), and it sets session cookies on sign-in: a client that kept them would lock itself
    out. Non-browser clients authenticate with `Authorization: Bearer` only.
    """
    return http.cookiejar.CookieJar(policy=http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))


def raise_for_error(*, except_status: frozenset[int] = frozenset()) -> Callable[[httpx.Response], None]:
    """A response hook that raises the matching ApiError for every non-2xx answer not in except_status."""

    def hook(response: httpx.Response) -> None:
        if response.is_success or response.status_code in except_status:
            return
        response.read()
        raise ApiError.from_response(response.status_code, response.content)

    return hook


def async_raise_for_error(
    *, except_status: frozenset[int] = frozenset()
) -> Callable[[httpx.Response], Awaitable[None]]:
    """The AsyncClient twin of raise_for_error."""

    async def hook(response: httpx.Response) -> None:
        if response.is_success or response.status_code in except_status:
            return
        await response.aread()
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
    return httpx.Client(
        base_url=base_url,
        auth=auth,
        cookies=cookieless_jar(),
        headers={"User-Agent": user_agent(), "Accept": "application/json"},
        timeout=timeout,
        transport=RetryTransport(transport, retry),
        event_hooks={"response": [raise_for_error(except_status=except_status)]},
    )


def new_async_client(
    base_url: str,
    *,
    auth: httpx.Auth | None = None,
    retry: RetryPolicy | None = None,
    timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
    transport: httpx.AsyncBaseTransport | None = None,
    except_status: frozenset[int] = frozenset(),
) -> httpx.AsyncClient:
    """The AsyncClient twin of new_client."""
    return httpx.AsyncClient(
        base_url=base_url,
        auth=auth,
        cookies=cookieless_jar(),
        headers={"User-Agent": user_agent(), "Accept": "application/json"},
        timeout=timeout,
        transport=AsyncRetryTransport(transport, retry),
        event_hooks={"response": [async_raise_for_error(except_status=except_status)]},
    )


@contextmanager
def unreachable_as_error(base_url: str) -> Iterator[None]:
    """Turn httpx's transport failures into ServerUnreachable, with a message that names the server."""
    try:
        yield
    except httpx.TimeoutException as err:
        raise ServerUnreachable(f"{base_url} did not answer in time", url=base_url) from err
    except httpx.TransportError as err:
        raise ServerUnreachable(f"cannot connect to {base_url}", url=base_url) from err
