# generated from _async by scripts/generate_sync_sdk.py — do not edit
"""The client: the generated operations, signed in, retried, with typed exceptions.

Every method has a `…_detailed` twin (as the generated functions do) that returns an ApiResponse: the parsed
model *and* the API's own bytes, for callers that pass the API's JSON on untouched (the CLI's `--json`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Self

import httpx

from .._client import AUTH_HANDLES, MAX_PAGE_SIZE, ApiResponse, filter_params, optional, success
from .._generated.api.todos import (
    todos_complete_todo,
    todos_create_todo,
    todos_delete_todo,
    todos_get_todo,
    todos_list_todos,
    todos_update_todo,
)
from .._generated.client import AuthenticatedClient
from .._generated.models import TodoCompletion, TodoCreate, TodoPage, TodoPublic, TodoSort, TodoUpdate
from .._generated.types import UNSET, Unset
from .._http import DEFAULT_TIMEOUT, unreachable_as_error
from .._retry_policy import RetryPolicy
from .._settings import resolve_api_url
from .auth import BetterAuth, SessionJWTAuth
from .closing import Closing
from .http import new_client

__all__ = ["TodosClient"]


class TodosClient(Closing):
    """The Todos API for one Better Auth session.

    TodosClient and AsyncTodosClient have the same methods; the asyncio one's are awaited (`async with`,
    `async for` for the iterators):

    >>> with TodosClient.sign_in("me@example.com", "secret") as todos:
    ...     todo = todos.create_todo("Buy milk")
    ...     todos.set_completed(todo.id, True)

    URLs: the arguments, else TODO_API_URL / TODO_AUTH_URL, else DEFAULT_API_URL / DEFAULT_AUTH_URL.
    Raises TodosError subclasses: NotFound, Unauthorized, ValidationFailed, ServerUnreachable, ….
    """

    def __init__(
        self,
        session_token: str,
        *,
        api_url: str | None = None,
        auth_url: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.api_url = resolve_api_url(api_url)
        self.better_auth = BetterAuth(auth_url, retry=retry, timeout=timeout, transport=transport)
        self.session_token = session_token
        auth = SessionJWTAuth(session_token, self.better_auth)
        http = new_client(
            self.api_url,
            auth=auth,
            retry=retry,
            timeout=timeout,
            transport=transport,
            except_status=AUTH_HANDLES,
        )
        # The generated client, for calling todos_sdk._generated.api functions directly with this session.
        self.api = AuthenticatedClient(base_url=self.api_url, token="").set_httpx_client(http)

    @classmethod
    def sign_in(
        cls, email: str, password: str, *, api_url: str | None = None, auth_url: str | None = None
    ) -> Self:
        """Sign in to Better Auth and return a client for the new session (`client.session_token`)."""
        with BetterAuth(auth_url) as better_auth:
            session = better_auth.sign_in(email=email, password=password)
        return cls(session.token, api_url=api_url, auth_url=auth_url)

    # Tasks

    def list_todos_detailed(
        self,
        *,
        skip: int = 0,
        limit: int = MAX_PAGE_SIZE,
        completed: bool | None = None,
        search: str | None = None,
        sort: TodoSort | None = None,
    ) -> ApiResponse[TodoPage]:
        """One page of your tasks, newest first unless `sort` says otherwise; `completed`, `search` filter."""
        params = filter_params(completed, search, sort)
        with unreachable_as_error(self.api_url):
            response = todos_list_todos.sync_detailed(client=self.api, skip=skip, limit=limit, **params)
        return success(response, TodoPage)

    def list_todos(
        self,
        *,
        skip: int = 0,
        limit: int = MAX_PAGE_SIZE,
        completed: bool | None = None,
        search: str | None = None,
        sort: TodoSort | None = None,
    ) -> TodoPage:
        """One page of your tasks, newest first unless `sort` says otherwise; `completed`, `search` filter."""
        page = self.list_todos_detailed(skip=skip, limit=limit, completed=completed, search=search, sort=sort)
        return page.data

    def iter_pages(
        self,
        *,
        page_size: int = MAX_PAGE_SIZE,
        completed: bool | None = None,
        search: str | None = None,
        sort: TodoSort | None = None,
    ) -> Iterator[ApiResponse[TodoPage]]:
        """Every page of your tasks, fetched one at a time as the iteration goes."""
        skip = 0
        while True:
            page = self.list_todos_detailed(
                skip=skip, limit=page_size, completed=completed, search=search, sort=sort
            )
            yield page
            skip += len(page.data.items)
            if not page.data.items or skip >= page.data.total:
                return

    def iter_todos(
        self,
        *,
        page_size: int = MAX_PAGE_SIZE,
        completed: bool | None = None,
        search: str | None = None,
        sort: TodoSort | None = None,
    ) -> Iterator[TodoPublic]:
        """All your tasks (filtered and sorted as list_todos), across as many pages as it takes."""
        for page in self.iter_pages(page_size=page_size, completed=completed, search=search, sort=sort):
            yield from page.data.items

    def get_todo_detailed(self, todo_id: int) -> ApiResponse[TodoPublic]:
        """One task; NotFound when it does not exist or is not yours."""
        with unreachable_as_error(self.api_url):
            response = todos_get_todo.sync_detailed(todo_id, client=self.api)
        return success(response, TodoPublic)

    def get_todo(self, todo_id: int) -> TodoPublic:
        """One task; NotFound when it does not exist or is not yours."""
        todo = self.get_todo_detailed(todo_id)
        return todo.data

    def create_todo_detailed(self, title: str, description: str | None = None) -> ApiResponse[TodoPublic]:
        """Create a task (sent once, never retried: a repeat would create a second task)."""
        body = TodoCreate(title=title, description=optional(description))
        with unreachable_as_error(self.api_url):
            response = todos_create_todo.sync_detailed(client=self.api, body=body)
        return success(response, TodoPublic)

    def create_todo(self, title: str, description: str | None = None) -> TodoPublic:
        """Create a task (sent once, never retried: a repeat would create a second task)."""
        todo = self.create_todo_detailed(title, description)
        return todo.data

    def update_todo_detailed(
        self, todo_id: int, *, title: str | Unset = UNSET, description: str | None | Unset = UNSET
    ) -> ApiResponse[TodoPublic]:
        """Change a task's title and/or description (None clears it); fields not given keep their value."""
        body = TodoUpdate(title=title, description=description)
        with unreachable_as_error(self.api_url):
            response = todos_update_todo.sync_detailed(todo_id, client=self.api, body=body)
        return success(response, TodoPublic)

    def update_todo(
        self, todo_id: int, *, title: str | Unset = UNSET, description: str | None | Unset = UNSET
    ) -> TodoPublic:
        """Change a task's title and/or description (None clears it); fields not given keep their value."""
        todo = self.update_todo_detailed(todo_id, title=title, description=description)
        return todo.data

    def set_completed_detailed(self, todo_id: int, completed: bool = True) -> ApiResponse[TodoPublic]:
        """Mark a task done (or not done); setting a state is safe to retry, unlike toggling it."""
        body = TodoCompletion(is_completed=completed)
        with unreachable_as_error(self.api_url):
            response = todos_complete_todo.sync_detailed(todo_id, client=self.api, body=body)
        return success(response, TodoPublic)

    def set_completed(self, todo_id: int, completed: bool = True) -> TodoPublic:
        """Mark a task done (or not done); setting a state is safe to retry, unlike toggling it."""
        todo = self.set_completed_detailed(todo_id, completed)
        return todo.data

    def toggle_completed(self, todo_id: int) -> TodoPublic:
        """Flip a task between done and not done (sent once, never retried)."""
        with unreachable_as_error(self.api_url):
            response = todos_complete_todo.sync_detailed(todo_id, client=self.api, body=UNSET)
        return success(response, TodoPublic).data

    def delete_todo(self, todo_id: int) -> None:
        """Delete a task; NotFound when it does not exist (or was already deleted) or is not yours."""
        with unreachable_as_error(self.api_url):
            todos_delete_todo.sync_detailed(todo_id, client=self.api)

    # Lifecycle

    def close(self) -> None:
        self.api.get_httpx_client().close()
        self.better_auth.close()
