"""API shapes that are not a table: the list page, the change feed, the completion body, health (the error
shape is http/responses.py's: its ``code`` is core's ErrorCode, which this layer does not import)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from todos_api.model.models import TodoPublic


class TodoSort(StrEnum):
    CREATED_AT_DESC = "created_at_desc"
    CREATED_AT_ASC = "created_at_asc"
    UPDATED_AT_DESC = "updated_at_desc"
    UPDATED_AT_ASC = "updated_at_asc"
    TITLE_ASC = "title_asc"
    TITLE_DESC = "title_desc"


class TodoPage(BaseModel):
    items: list[TodoPublic]
    total: int = Field(
        description=(
            "Number of todos matching the filters, over all pages, counted up to 10000: when more match, "
            "`total` is 10000 and `total_is_exact` is false."
        )
    )
    skip: int
    limit: int
    # Both added after the first release: optional in the schema (the server always sends them), so that a
    # client built from this schema still reads a page from a server that predates them.
    next_cursor: str | None = Field(
        default=None,
        description=(
            "Pass as `cursor` (same filters and `sort`) for the page after this one; null on the last page."
        ),
    )
    total_is_exact: bool = Field(
        default=True, description="False when more than 10000 todos match: `total` is a lower bound."
    )


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


class HealthStatus(BaseModel):
    status: str = "ok"


class LabelCount(BaseModel):
    name: str = Field(
        description=(
            "The label as your tasks spell it: of spellings differing only in case, the most used one "
            "(ties: the first in code-point order)."
        )
    )
    count: int = Field(description="Live (not trashed) tasks carrying the label, in any spelling.")


class LabelList(BaseModel):
    items: list[LabelCount] = Field(description="Your labels, sorted by name ignoring case.")
