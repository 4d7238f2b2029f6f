"""The reading half of AsyncTodosClient (list, get), and how the client sends one request.

AsyncTodosClient (client.py) builds the connection and adds the writes; see its docstring. Each method builds
its request with the generated operation's own `_get_kwargs` and parses the answer with its `_build_response`,
so the generated code stays untouched while the per-call options (`timeout=`, `max_retries=`,
`extra_headers=`: todos_sdk._client.RequestOptions) reach httpx.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Unpack

import httpx

from .._client import (
    MAX_PAGE_SIZE,
    ApiResponse,
    RequestOptions,
    filter_params,
    following,
    optional,
    success,
    with_options,
)
from .._generated.api.labels import labels_list_labels
from .._generated.api.todos import todos_get_todo, todos_list_todos
from .._generated.client import AuthenticatedClient
from .._generated.models import LabelCount, LabelList, TodoPage, TodoPublic, TodoSort
from .._http import unreachable_as_error
from .auth import AsyncBetterAuth
from .closing import AsyncClosing

__all__ = ["AsyncTodoReads"]


class AsyncTodoReads(AsyncClosing):
    """Reads of the Todos API; the subclass sets the connection (`_http`, `api`) in its constructor."""

    api_url: str
    api: AuthenticatedClient
    better_auth: AsyncBetterAuth
    _http: httpx.AsyncClient

    async def _send(self, kwargs: dict[str, Any], options: RequestOptions) -> httpx.Response:
        with unreachable_as_error(self.api_url):
            return await self._http.request(**with_options(kwargs, options))

    async def list_todos_detailed(
        self,
        *,
        skip: int = 0,
        limit: int = MAX_PAGE_SIZE,
        completed: bool | None = None,
        search: str | None = None,
        sort: TodoSort | None = None,
        cursor: str | None = None,
        trashed: bool | None = None,
        **options: Unpack[RequestOptions],
    ) -> ApiResponse[TodoPage]:
        """One page of your tasks, newest first unless `sort` says otherwise; `completed`, `search` filter;
        `trashed=True`: the trash instead (restore_todo takes a task back out)."""
        params = filter_params(completed, search, sort)
        request = todos_list_todos._get_kwargs(
            skip=skip, limit=limit, cursor=optional(cursor), trashed=optional(trashed), **params
        )
        response = await self._send(request, options)
        return success(todos_list_todos._build_response(client=self.api, response=response), TodoPage)

    async def list_todos(
        self,
        *,
        skip: int = 0,
        limit: int = MAX_PAGE_SIZE,
        completed: bool | None = None,
        search: str | None = None,
        sort: TodoSort | None = None,
        cursor: str | None = None,
        trashed: bool | None = None,
        **options: Unpack[RequestOptions],
    ) -> TodoPage:
        """One page of your tasks, newest first unless `sort` says otherwise; `completed`, `search` filter;
        `cursor` (a page's `next_cursor`) continues after that page at the cost of a first page;
        `trashed=True`: the trash."""
        page = await self.list_todos_detailed(
            skip=skip,
            limit=limit,
            completed=completed,
            search=search,
            sort=sort,
            cursor=cursor,
            trashed=trashed,
            **options,
        )
        return page.data

    async def get_todo_detailed(
        self, todo_id: int, **options: Unpack[RequestOptions]
    ) -> ApiResponse[TodoPublic]:
        """One task; NotFound when it does not exist or is not yours."""
        response = await self._send(todos_get_todo._get_kwargs(todo_id), options)
        return success(todos_get_todo._build_response(client=self.api, response=response), TodoPublic)

    async def get_todo(self, todo_id: int, **options: Unpack[RequestOptions]) -> TodoPublic:
        """One task; NotFound when it does not exist or is not yours."""
        todo = await self.get_todo_detailed(todo_id, **options)
        return todo.data

    async def labels_detailed(self, **options: Unpack[RequestOptions]) -> ApiResponse[LabelList]:
        """Your labels with how many live tasks carry each, sorted by name ignoring case."""
        response = await self._send(labels_list_labels._get_kwargs(), options)
        return success(labels_list_labels._build_response(client=self.api, response=response), LabelList)

    async def labels(self, **options: Unpack[RequestOptions]) -> list[LabelCount]:
        """Your labels (`name`, `count` of live tasks), sorted by name ignoring case; spellings that differ
        only in case are one label, named by its most used spelling."""
        answer = await self.labels_detailed(**options)
        return answer.data.items

    # Lifecycle

    async def iter_pages(
        self,
        *,
        page_size: int = MAX_PAGE_SIZE,
        completed: bool | None = None,
        search: str | None = None,
        sort: TodoSort | None = None,
        trashed: bool | None = None,
        **options: Unpack[RequestOptions],
    ) -> AsyncIterator[ApiResponse[TodoPage]]:
        """Every page of your tasks (or of the trash: `trashed=True`), fetched one at a time.

        Follows each page's `next_cursor` (every page then costs what the first does, and `total` may be a
        lower bound past 10,000); a server that sends no cursor is paged by `skip` until `total`."""
        where: dict[str, Any] | None = {}
        fetched = 0
        while where is not None:
            page = await self.list_todos_detailed(
                limit=page_size,
                completed=completed,
                search=search,
                sort=sort,
                trashed=trashed,
                **where,
                **options,
            )
            yield page
            fetched += len(page.data.items)
            where = following(page.data, fetched)

    async def iter_todos(
        self,
        *,
        page_size: int = MAX_PAGE_SIZE,
        completed: bool | None = None,
        search: str | None = None,
        sort: TodoSort | None = None,
        **options: Unpack[RequestOptions],
    ) -> AsyncIterator[TodoPublic]:
        """All your tasks (filtered and sorted as list_todos), across as many pages as it takes."""
        pages = self.iter_pages(page_size=page_size, completed=completed, search=search, sort=sort, **options)
        async for page in pages:
            for todo in page.data.items:
                yield todo

    # Writes

    async def aclose(self) -> None:
        await self._http.aclose()
        await self.better_auth.aclose()
