"""API shapes that are not a table: the list page, the completion body, errors, health."""

from __future__ import annotations

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
