"""What every httpx client of todos_sdk shares: TLS settings, no cookies, transport failures as exceptions.

The clients themselves are made by `new_async_client` (`_async/http.py`) and `new_client` (generated).
"""

from __future__ import annotations

import http.cookiejar
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

import httpx

from ._exceptions import ApiConnectionError, ApiTimeoutError
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


@contextmanager
def unreachable_as_error(base_url: str) -> Iterator[None]:
    """Turn httpx's transport failures into ApiTimeoutError / ApiConnectionError (both ServerUnreachable),
    with a message that names the server."""
    try:
        yield
    except httpx.TimeoutException as err:
        raise ApiTimeoutError(f"{base_url} did not answer in time", url=base_url) from err
    except httpx.TransportError as err:
        raise ApiConnectionError(f"cannot connect to {base_url}", url=base_url) from err
