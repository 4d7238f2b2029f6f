"""todos_sdk: a typed Python client for the Todos API.

    from todos_sdk import TodosClient

    with TodosClient.sign_in("me@example.com", "secret") as todos:
        todos.create_todo("Buy milk")
        for todo in todos.iter_todos():
            print(todo.id, todo.title, todo.is_completed)

Layout: `_generated/` is written by openapi-python-client from the repository's openapi.json
(scripts/generate_sdk.py); `_async/` is the hand-written client (AsyncTodosClient, AsyncBetterAuth, the JWT
auth, the retrying transport), and `_sync/` the blocking one generated from it (scripts/generate_sync_sdk.py).
Neither generated directory is edited by hand. Beside them, the parts both share: sessions and JWTs (`_auth`),
retries (`_retry_policy`), exceptions (`_exceptions`), where the servers are (`_settings`). The models are
re-exported from `todos_sdk.models`.

Names load on first use (PEP 562): `from todos_sdk import DEFAULT_API_URL` must not cost the `todo` command
the import of httpx and the generated client.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

# Cheap (the standard library only): loaded with the package.
from ._exceptions import (
    CODE_FAMILIES,
    APIConnectionError,
    ApiConnectionError,
    ApiError,
    APITimeoutError,
    ApiTimeoutError,
    Conflict,
    CursorExpired,
    DeviceAccessDenied,
    DeviceCodeExpired,
    DeviceCodeInvalid,
    DeviceFlowError,
    FieldError,
    Forbidden,
    IdempotencyKeyReused,
    InvalidCursor,
    NotFound,
    PreconditionFailed,
    RequestTimeout,
    RequestTooLarge,
    ServerError,
    ServerUnreachable,
    ServiceUnavailable,
    TodosError,
    TooManyRequests,
    Unauthorized,
    ValidationFailed,
)
from ._settings import DEFAULT_API_URL, DEFAULT_AUTH_URL, resolve_api_url, resolve_auth_url
from ._version import __version__

# Costly (httpx, the generated client): loaded by the first lookup of a name below, through __getattr__.
if TYPE_CHECKING:
    from ._async.auth import AsyncApiKeyJWTAuth, AsyncBetterAuth, AsyncSessionJWTAuth
    from ._async.client import AsyncTodosClient
    from ._auth import Session, User
    from ._changes import Change, Reconnecting
    from ._client import ApiResponse, RequestOptions, etag_of
    from ._device import ApiKey, CreatedApiKey, DeviceCode
    from ._due import local_timezone
    from ._retry_policy import RetryPolicy
    from ._sync.auth import ApiKeyJWTAuth, BetterAuth, SessionJWTAuth
    from ._sync.client import TodosClient

_LAZY = {
    "ApiKey": "._device",
    "ApiKeyJWTAuth": "._sync.auth",
    "ApiResponse": "._client",
    "AsyncApiKeyJWTAuth": "._async.auth",
    "AsyncBetterAuth": "._async.auth",
    "AsyncSessionJWTAuth": "._async.auth",
    "AsyncTodosClient": "._async.client",
    "BetterAuth": "._sync.auth",
    "Change": "._changes",
    "CreatedApiKey": "._device",
    "DeviceCode": "._device",
    "Reconnecting": "._changes",
    "RequestOptions": "._client",
    "etag_of": "._client",
    "local_timezone": "._due",
    "RetryPolicy": "._retry_policy",
    "Session": "._auth",
    "SessionJWTAuth": "._sync.auth",
    "TodosClient": "._sync.client",
    "User": "._auth",
}

__all__ = [
    "CODE_FAMILIES",
    "DEFAULT_API_URL",
    "DEFAULT_AUTH_URL",
    "APIConnectionError",
    "APITimeoutError",
    "ApiConnectionError",
    "ApiError",
    "ApiKey",
    "ApiKeyJWTAuth",
    "ApiResponse",
    "ApiTimeoutError",
    "AsyncApiKeyJWTAuth",
    "AsyncBetterAuth",
    "AsyncSessionJWTAuth",
    "AsyncTodosClient",
    "BetterAuth",
    "Change",
    "Conflict",
    "CreatedApiKey",
    "CursorExpired",
    "DeviceAccessDenied",
    "DeviceCode",
    "DeviceCodeExpired",
    "DeviceCodeInvalid",
    "DeviceFlowError",
    "FieldError",
    "Forbidden",
    "IdempotencyKeyReused",
    "InvalidCursor",
    "NotFound",
    "PreconditionFailed",
    "Reconnecting",
    "RequestOptions",
    "RequestTimeout",
    "RequestTooLarge",
    "RetryPolicy",
    "ServerError",
    "ServerUnreachable",
    "ServiceUnavailable",
    "Session",
    "SessionJWTAuth",
    "TodosClient",
    "TodosError",
    "TooManyRequests",
    "Unauthorized",
    "User",
    "ValidationFailed",
    "etag_of",
    "local_timezone",
    "resolve_api_url",
    "resolve_auth_url",
    "__version__",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value  # the next lookup does not come back here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
