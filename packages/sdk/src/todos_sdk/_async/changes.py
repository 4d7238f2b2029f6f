"""The change feed and the trash, on top of the reads: list_changes, iter_changes, restore_todo.

The live stream (watch) is in events.py; the trash listing is `list_todos(trashed=True)` and a permanent
delete `delete_todo(id, permanent=True)` (client.py).
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator
from typing import Unpack

from .._changes import Change
from .._client import ApiResponse, RequestOptions, optional, success
from .._generated.api.todos import todos_list_changes, todos_restore_todo
from .._generated.models import ChangePage, TodoPublic
from .reads import AsyncTodoReads

__all__ = ["AsyncTodoChanges"]

MAX_CHANGES_PAGE = 1000


class AsyncTodoChanges(AsyncTodoReads):
    """The change feed (GET /todos/changes) and restoring from the trash."""

    async def list_changes_detailed(
        self, since: str | None = None, *, limit: int = 100, **options: Unpack[RequestOptions]
    ) -> ApiResponse[ChangePage]:
        """One page of changes after `since` (None: from the beginning), oldest first, in commit order.
        CursorExpired when `since` is older than the feed keeps."""
        request = todos_list_changes._get_kwargs(since=optional(since), limit=limit)
        response = await self._send(request, options)
        return success(todos_list_changes._build_response(client=self.api, response=response), ChangePage)

    async def list_changes(
        self, since: str | None = None, *, limit: int = 100, **options: Unpack[RequestOptions]
    ) -> ChangePage:
        """One page of changes (see list_changes_detailed); `next_cursor` is the next `since`."""
        page = await self.list_changes_detailed(since, limit=limit, **options)
        return page.data

    async def iter_changes(
        self,
        since: str | None = None,
        *,
        page_size: int = MAX_CHANGES_PAGE,
        **options: Unpack[RequestOptions],
    ) -> AsyncGenerator[Change, None]:
        """Every change after `since` up to now, page after page; each task once, in its newest state.

        Keep the last change's `cursor` and pass it as `since` next time (Todoist's sync token, Graph's
        delta link). CursorExpired: the cursor is too old, read the list again and start from None.
        """
        cursor = since
        while True:
            page = await self.list_changes_detailed(cursor, limit=page_size, **options)
            items = json.loads(page.content)["items"]
            for index, raw in enumerate(items):
                last = index == len(items) - 1
                yield Change.from_json(raw, page.data.next_cursor if last else cursor)
            cursor = page.data.next_cursor
            if not page.data.has_more:
                return

    async def restore_todo_detailed(
        self,
        todo_id: int,
        *,
        if_match: str | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> ApiResponse[TodoPublic]:
        """Take a task out of the trash (a live one is answered unchanged); NotFound when it is not in the
        trash (or was deleted for good, or is older than 30 days). Retried with its Idempotency-Key."""
        request = todos_restore_todo._get_kwargs(
            todo_id, if_match=optional(if_match), idempotency_key=optional(idempotency_key)
        )
        response = await self._send(request, options)
        return success(todos_restore_todo._build_response(client=self.api, response=response), TodoPublic)

    async def restore_todo(
        self,
        todo_id: int,
        *,
        if_match: str | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> TodoPublic:
        """Take a task out of the trash (see restore_todo_detailed)."""
        todo = await self.restore_todo_detailed(
            todo_id, if_match=if_match, idempotency_key=idempotency_key, **options
        )
        return todo.data
