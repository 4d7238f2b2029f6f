"""The httpx clients behind todos_sdk: no cookies, retries for safe requests, errors raised as exceptions."""

from __future__ import annotations

import http.cookiejar
import ssl
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from functools import cache

import httpx

from ._exceptions import ApiError, ServerUnreachable
from ._retry import AsyncRetryTransport, RetryPolicy, RetryTransport
from ._version import __version__

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
USER_AGENT = f"todos-sdk/{__version__}"


def ssl_context_for(base_url: str) -> ssl.SSLContext:
    """The TLS settings for a server: certificate checks for https, a context that trusts nothing for http."""
    return _verifying_context() if base_url.lower().startswith("https:") else _trusts_nothing_context()


@cache
def _verifying_context() -> ssl.SSLContext:
    """httpx's own default (certifi's CA bundle, or SSL_CERT_FILE/SSL_CERT_DIR), loaded once per process."""
    return httpx.create_ssl_context()


@cache
def _trusts_nothing_context() -> ssl.SSLContext:
    """For plain-http servers, where no TLS happens.

    Loading CA certificates would cost tens of milliseconds at every start of the CLI, for nothing. This
    context still requires a valid certificate but trusts no CA, so a TLS connection made through it anyway
    fails closed instead of going unchecked.
    """
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


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
        headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        timeout=timeout,
        transport=RetryTransport(transport or httpx.HTTPTransport(verify=ssl_context_for(base_url)), retry),
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
        headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        timeout=timeout,
        transport=AsyncRetryTransport(
            transport or httpx.AsyncHTTPTransport(verify=ssl_context_for(base_url)), retry
        ),
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
