"""The client: the generated operations, signed in, retried, with typed exceptions and per-call options
(how a request is built and sent: reads.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Self, Unpack

import httpx

from .._client import (
    AUTH_HANDLES,
    ApiResponse,
    RequestOptions,
    etag_of,
    no_content,
    optional,
    success,
)
from .._due import task_fields
from .._generated.api.todos import (
    todos_complete_todo,
    todos_create_todo,
    todos_delete_todo,
    todos_update_todo,
)
from .._generated.client import AuthenticatedClient
from .._generated.models import TodoCompletion, TodoCreate, TodoPublic, TodoUpdate
from .._generated.types import UNSET, Unset
from .._http import DEFAULT_TIMEOUT
from .._retry_policy import RetryPolicy
from .._settings import resolve_api_url
from .auth import AsyncApiKeyJWTAuth, AsyncBetterAuth, AsyncSessionJWTAuth
from .events import AsyncTodoEvents
from .http import new_async_client
from .raw import AsyncTodosClientWithRawResponse

__all__ = ["AsyncTodosClient"]


class AsyncTodosClient(AsyncTodoEvents):
    """The Todos API for one Better Auth session (or one API key: from_api_key).

    TodosClient and AsyncTodosClient have the same methods; the asyncio one's are awaited (`async with`,
    `async for` for the iterators):

    >>> with TodosClient.sign_in("me@example.com", "secret") as todos:
    ...     todo = todos.create_todo("Buy milk")
    ...     todos.complete(todo)  # If-Match from the task read: PreconditionFailed if it changed meanwhile

    URLs: the arguments, else TODO_API_URL / TODO_AUTH_URL, else DEFAULT_API_URL / DEFAULT_AUTH_URL.
    Defaults for every call (`timeout`, `max_retries`, `default_headers`, `http_client`): docs/sdk-and-cli.md.
    """

    def __init__(
        self,
        session_token: str | None = None,
        *,
        api_key: str | None = None,
        api_url: str | None = None,
        auth_url: str | None = None,
        retry: RetryPolicy | None = None,
        max_retries: int | None = None,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        default_headers: Mapping[str, str] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        if (session_token is None) == (api_key is None):
            raise ValueError("give exactly one of session_token and api_key")
        if max_retries is not None:
            retry = (retry or RetryPolicy()).with_max_retries(max_retries)
        self.api_url = resolve_api_url(api_url)
        self.better_auth = AsyncBetterAuth(auth_url, retry=retry, timeout=timeout, transport=transport)
        self.session_token = session_token
        auth: AsyncSessionJWTAuth
        if api_key is not None:
            auth = AsyncApiKeyJWTAuth(api_key, self.better_auth)
        else:
            auth = AsyncSessionJWTAuth(str(session_token), self.better_auth)
        self._http = new_async_client(
            self.api_url,
            auth=auth,
            retry=retry,
            timeout=timeout,
            transport=transport,
            except_status=AUTH_HANDLES,
            headers=default_headers,
            http_client=http_client,
            idempotency_keys=True,
        )
        # The generated client, for calling todos_sdk._generated.api functions directly with this session.
        self.api = AuthenticatedClient(base_url=self.api_url, token="").set_async_httpx_client(self._http)
        # `client.with_raw_response.get_todo(1)`: status, headers (ETag, Location) and `.parse()`.
        self.with_raw_response = AsyncTodosClientWithRawResponse(self)

    @classmethod
    async def sign_in(
        cls, email: str, password: str, *, api_url: str | None = None, auth_url: str | None = None
    ) -> Self:
        """Sign in to Better Auth and return a client for the new session (`client.session_token`)."""
        async with AsyncBetterAuth(auth_url) as better_auth:
            session = await better_auth.sign_in(email=email, password=password)
        return cls(session.token, api_url=api_url, auth_url=auth_url)

    @classmethod
    def from_api_key(
        cls, api_key: str, *, api_url: str | None = None, auth_url: str | None = None, **kwargs: Any
    ) -> Self:
        """A client signed in with an API key: traded at Better Auth for short-lived JWTs, renewed before
        they expire and once after a 401 (so a revoked key is refused at the next request)."""
        return cls(api_key=api_key, api_url=api_url, auth_url=auth_url, **kwargs)

    # Reads (one page, every page, one task): AsyncTodoReads; the change feed and the trash:
    # AsyncTodoChanges; the live stream: AsyncTodoEvents

    # Writes

    async def create_todo_detailed(
        self,
        title: str,
        description: str | None = None,
        *,
        due: str | None = None,
        timezone: str | None = None,
        priority: int | None = None,
        labels: Sequence[str] | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> ApiResponse[TodoPublic]:
        """Create a task. A fresh Idempotency-Key (or yours) rides along, the same on every retry: the API
        applies it once and replays its first answer, so a lost answer is retried without a second task.
        Every write below does the same (todos_sdk._retry_policy).

        `due`: when, in words ("tomorrow 5pm", "every 1st"), read by the API in `timezone` (an IANA name;
        default: this machine's zone, else UTC); ValidationFailed (code `invalid_due`) when it cannot.
        `priority` 1 (most urgent) to 4 (the API's default); `labels`: names. Fields not given: not sent."""
        fields = task_fields(due=optional(due), timezone=timezone, priority=priority, labels=labels)
        body = TodoCreate(title=title, description=optional(description), **fields)
        request = todos_create_todo._get_kwargs(body=body, idempotency_key=optional(idempotency_key))
        response = await self._send(request, options)
        return success(todos_create_todo._build_response(client=self.api, response=response), TodoPublic)

    async def create_todo(
        self,
        title: str,
        description: str | None = None,
        *,
        due: str | None = None,
        timezone: str | None = None,
        priority: int | None = None,
        labels: Sequence[str] | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> TodoPublic:
        """Create a task, with its due in words, priority and labels (safe to retry: create_todo_detailed)."""
        todo = await self.create_todo_detailed(
            title,
            description,
            due=due,
            timezone=timezone,
            priority=priority,
            labels=labels,
            idempotency_key=idempotency_key,
            **options,
        )
        return todo.data

    async def update_todo_detailed(
        self,
        todo_id: int,
        *,
        title: str | Unset = UNSET,
        description: str | None | Unset = UNSET,
        due: str | None | Unset = UNSET,
        timezone: str | None = None,
        priority: int | None = None,
        labels: Sequence[str] | None = None,
        if_match: str | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> ApiResponse[TodoPublic]:
        """Change a task's fields; fields not given keep their value. `description=None` and `due=None`
        clear them; `due` in words as create_todo (read in `timezone`, default this machine's zone);
        `labels` replaces the task's labels ([] removes them all).
        With `if_match` (an ETag: etag_of(todo)), PreconditionFailed when the task changed since, never
        about this very write: its retries carry its Idempotency-Key and get its first answer back."""
        fields = task_fields(due=due, timezone=timezone, priority=priority, labels=labels)
        body = TodoUpdate(title=title, description=description, **fields)
        request = todos_update_todo._get_kwargs(
            todo_id, body=body, if_match=optional(if_match), idempotency_key=optional(idempotency_key)
        )
        response = await self._send(request, options)
        return success(todos_update_todo._build_response(client=self.api, response=response), TodoPublic)

    async def update_todo(
        self,
        todo_id: int,
        *,
        title: str | Unset = UNSET,
        description: str | None | Unset = UNSET,
        due: str | None | Unset = UNSET,
        timezone: str | None = None,
        priority: int | None = None,
        labels: Sequence[str] | None = None,
        if_match: str | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> TodoPublic:
        """Change a task's fields (see update_todo_detailed)."""
        todo = await self.update_todo_detailed(
            todo_id,
            title=title,
            description=description,
            due=due,
            timezone=timezone,
            priority=priority,
            labels=labels,
            if_match=if_match,
            idempotency_key=idempotency_key,
            **options,
        )
        return todo.data

    async def complete_todo_detailed(
        self,
        todo_id: int,
        completed: bool | None = None,
        *,
        if_match: str | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> ApiResponse[TodoPublic]:
        """Set a task done/not done (`completed`), or toggle it (None). Its Idempotency-Key (fresh, or
        yours) makes a retried toggle flip once. `if_match` as update_todo."""
        body = UNSET if completed is None else TodoCompletion(is_completed=completed)
        request = todos_complete_todo._get_kwargs(
            todo_id, body=body, if_match=optional(if_match), idempotency_key=optional(idempotency_key)
        )
        response = await self._send(request, options)
        return success(todos_complete_todo._build_response(client=self.api, response=response), TodoPublic)

    async def complete_todo(
        self,
        todo_id: int,
        completed: bool | None = None,
        *,
        if_match: str | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> TodoPublic:
        """Set a task done/not done, or toggle it (see complete_todo_detailed)."""
        todo = await self.complete_todo_detailed(
            todo_id, completed, if_match=if_match, idempotency_key=idempotency_key, **options
        )
        return todo.data

    async def set_completed_detailed(
        self, todo_id: int, completed: bool = True, **options: Unpack[RequestOptions]
    ) -> ApiResponse[TodoPublic]:
        """Mark a task done (or not done); setting a state is safe to retry."""
        return await self.complete_todo_detailed(todo_id, completed, **options)

    async def set_completed(
        self, todo_id: int, completed: bool = True, **options: Unpack[RequestOptions]
    ) -> TodoPublic:
        """Mark a task done (or not done); setting a state is safe to retry."""
        return await self.complete_todo(todo_id, completed, **options)

    async def toggle_completed(self, todo_id: int, **options: Unpack[RequestOptions]) -> TodoPublic:
        """Flip a task between done and not done (with an Idempotency-Key: retried without flipping twice)."""
        return await self.complete_todo(todo_id, None, **options)

    async def delete_todo_detailed(
        self,
        todo_id: int,
        *,
        permanent: bool = False,
        if_match: str | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> ApiResponse[None]:
        """Move a task to the trash (restore_todo brings it back), or with `permanent` delete it for good
        (from the trash too); NotFound when it does not exist (or was already deleted) or is not yours. A
        retry after a lost answer gets the first 204 back (its Idempotency-Key), not a NotFound."""
        request = todos_delete_todo._get_kwargs(
            todo_id,
            permanent=permanent,
            if_match=optional(if_match),
            idempotency_key=optional(idempotency_key),
        )
        return no_content(await self._send(request, options))

    async def delete_todo(
        self,
        todo_id: int,
        *,
        permanent: bool = False,
        if_match: str | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:
        """Move a task to the trash, or delete it for good with `permanent` (see delete_todo_detailed)."""
        await self.delete_todo_detailed(
            todo_id, permanent=permanent, if_match=if_match, idempotency_key=idempotency_key, **options
        )

    # The task you read: If-Match from its version, so a change made elsewhere meanwhile is not overwritten.

    async def update(
        self,
        todo: TodoPublic,
        *,
        title: str | Unset = UNSET,
        description: str | None | Unset = UNSET,
        due: str | None | Unset = UNSET,
        timezone: str | None = None,
        priority: int | None = None,
        labels: Sequence[str] | None = None,
        **options: Unpack[RequestOptions],
    ) -> TodoPublic:
        """update_todo for the task as read; PreconditionFailed when it changed since."""
        return await self.update_todo(
            todo.id,
            title=title,
            description=description,
            due=due,
            timezone=timezone,
            priority=priority,
            labels=labels,
            if_match=etag_of(todo),
            **options,
        )

    async def complete(
        self, todo: TodoPublic, completed: bool = True, **options: Unpack[RequestOptions]
    ) -> TodoPublic:
        """Set the task as read done (or not); PreconditionFailed when it changed since."""
        return await self.complete_todo(todo.id, completed, if_match=etag_of(todo), **options)

    async def delete(self, todo: TodoPublic, **options: Unpack[RequestOptions]) -> None:
        """Delete the task as read; PreconditionFailed when it changed since."""
        await self.delete_todo(todo.id, if_match=etag_of(todo), **options)
