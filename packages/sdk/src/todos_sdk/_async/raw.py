"""`client.with_raw_response`: every operation under its own name, answering an ApiResponse.

ApiResponse has `.status_code`, `.headers` (ETag, Location, Idempotent-Replayed), `.content` and `.parse()`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .client import AsyncTodosClient

__all__ = ["AsyncTodosClientWithRawResponse"]


class AsyncTodosClientWithRawResponse:
    """The client's operations, answering the raw response (status, headers) with the model in `.parse()`."""

    def __init__(self, client: AsyncTodosClient) -> None:
        self.list_todos = client.list_todos_detailed
        self.get_todo = client.get_todo_detailed
        self.create_todo = client.create_todo_detailed
        self.update_todo = client.update_todo_detailed
        self.complete_todo = client.complete_todo_detailed
        self.set_completed = client.set_completed_detailed
        self.delete_todo = client.delete_todo_detailed
        self.restore_todo = client.restore_todo_detailed
        self.list_changes = client.list_changes_detailed
