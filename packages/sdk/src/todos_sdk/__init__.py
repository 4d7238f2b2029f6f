"""todos_sdk: a typed Python client for the Todos API.

    from todos_sdk import TodosClient

    with TodosClient.sign_in("me@example.com", "secret") as todos:
        todos.create_todo("Buy milk")
        for todo in todos.iter_todos():
            print(todo.id, todo.title, todo.is_completed)

Layout: `_generated/` is written by openapi-python-client from the repository's openapi.json
(scripts/generate_sdk.py) and never edited by hand; every other module here is hand-written around it —
Better Auth sessions and JWT refresh (`_auth`), retries (`_retry`), exceptions (`_exceptions`) and the
clients (`_client`). The models are re-exported from `todos_sdk.models`.
"""

from ._auth import AsyncBetterAuth, AsyncSessionJWTAuth, BetterAuth, Session, SessionJWTAuth, User
from ._client import ApiResponse, AsyncTodosClient, TodosClient
from ._exceptions import (
    ApiError,
    FieldError,
    Forbidden,
    NotFound,
    ServerError,
    ServerUnreachable,
    ServiceUnavailable,
    TodosError,
    Unauthorized,
    ValidationFailed,
)
from ._retry import RetryPolicy
from ._settings import DEFAULT_API_URL, DEFAULT_AUTH_URL
from ._version import __version__

__all__ = [
    "DEFAULT_API_URL",
    "DEFAULT_AUTH_URL",
    "ApiError",
    "ApiResponse",
    "AsyncBetterAuth",
    "AsyncSessionJWTAuth",
    "AsyncTodosClient",
    "BetterAuth",
    "FieldError",
    "Forbidden",
    "NotFound",
    "RetryPolicy",
    "ServerError",
    "ServerUnreachable",
    "ServiceUnavailable",
    "Session",
    "SessionJWTAuth",
    "TodosClient",
    "TodosError",
    "Unauthorized",
    "User",
    "ValidationFailed",
    "__version__",
]
