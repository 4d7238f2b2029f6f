"""Debug logging of every HTTP exchange, switched on by `TODOS_LOG=debug`, with every secret redacted.

Logger `todos_sdk`. The SDK carries session tokens, JWTs, API keys, passwords and device codes; none of them
may reach a log: the headers that carry them (Authorization, x-api-key, Cookie, Set-Cookie, set-auth-token)
and the JSON fields that do (password, token, key, …) are written as `[redacted]`. Response bodies are not
logged (they are streamed, and an API key's secret or a session token comes back in one).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable

import httpx

__all__ = ["REDACTED", "logger", "log_request", "log_response", "log_retry", "redact_body", "redact_headers"]

logger = logging.getLogger("todos_sdk")
REDACTED = "[redacted]"
SECRET_HEADERS = frozenset({"authorization", "x-api-key", "cookie", "set-cookie", "set-auth-token"})
SECRET_FIELDS = frozenset(
    {
        "password",
        "newpassword",
        "currentpassword",
        "token",
        "access_token",
        "refresh_token",
        "key",
        "device_code",
    }
)


def _configure_from_environment() -> None:
    if os.environ.get("TODOS_LOG", "").lower() != "debug" or logger.handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("[%(asctime)s %(name)s %(levelname)s] %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)


_configure_from_environment()


def redact_headers(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {name: REDACTED if name.lower() in SECRET_HEADERS else value for name, value in headers}


def redact_body(content: bytes) -> str:
    """A request body fit for a log: JSON with its secret fields replaced; anything else by its size only."""
    if not content:
        return ""
    try:
        body = json.loads(content)
    except ValueError:
        return f"<{len(content)} bytes>"
    return json.dumps(_redact(body))


def _redact(value: object) -> object:
    if isinstance(value, dict):
        return {k: REDACTED if str(k).lower() in SECRET_FIELDS else _redact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact(item) for item in value]
    return value


def log_request(request: httpx.Request) -> None:
    if not logger.isEnabledFor(logging.DEBUG):
        return
    # The URL may hold nothing secret: tokens travel in headers and bodies only.
    try:
        body = redact_body(request.content)
    except httpx.RequestNotRead:  # a streamed upload: not ours to read
        body = "<stream>"
    headers = redact_headers(request.headers.multi_items())
    logger.debug("request: %s %s headers=%s body=%s", request.method, request.url, headers, body)


def log_response(request: httpx.Request, response: httpx.Response) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        headers = redact_headers(response.headers.multi_items())
        logger.debug(
            "response: %s %s %s headers=%s", request.method, request.url, response.status_code, headers
        )


def log_retry(request: httpx.Request, reason: str, delay: float) -> None:
    logger.debug("retrying %s %s in %.2f s (%s)", request.method, request.url, delay, reason)
