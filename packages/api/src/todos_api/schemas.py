"""API shapes that are not a table: the list page, the change feed, the completion body, errors, health."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from todos_api.models import TodoPublic


class TodoSort(StrEnum):
    CREATED_AT_DESC = "created_at_desc"
    CREATED_AT_ASC = "created_at_asc"
    UPDATED_AT_DESC = "updated_at_desc"
    UPDATED_AT_ASC = "updated_at_asc"
    TITLE_ASC = "title_asc"
    TITLE_DESC = "title_desc"


class TodoPage(BaseModel):
    items: list[TodoPublic]
    total: int = Field(description="Number of todos matching the filters, over all pages.")
    skip: int
    limit: int


class TodoChange(BaseModel):
    """A task's newest state since the cursor: live (``deleted_at`` null), trashed, or deleted for good."""

    id: int
    deleted_at: datetime | None = Field(
        description="Null: the task is live. Set: trashed (restorable while `permanent` is false) or deleted."
    )
    permanent: bool = Field(description="Deleted for good: a tombstone, `todo` is null.")
    todo: TodoPublic | None = Field(description="The task as it is now; null for a tombstone.")


class ChangePage(BaseModel):
    items: list[TodoChange] = Field(description="Oldest change first, in commit order.")
    next_cursor: str = Field(description="Pass as `since` to read the changes after these (opaque).")
    has_more: bool = Field(description="More changes are ready now: read again at once with `next_cursor`.")


class TodoCompletion(BaseModel):
    """Sets the state instead of toggling it, so that a retried request is harmless."""

    model_config = ConfigDict(extra="forbid")

    is_completed: StrictBool


class ErrorResponse(BaseModel):
    status_code: int
    code: str = Field(description="Stable machine-readable error code, e.g. `todo_not_found`.")
    detail: str = Field(description="Human-readable explanation.")


class ValidationErrorItem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorResponse(ErrorResponse):
    errors: list[ValidationErrorItem]


class HealthStatus(BaseModel):
    status: str = "ok"
