"""What TodosClient and AsyncTodosClient (`_async/client.py`, and its generated twin) share.

Every client method has a `…_detailed` twin (as the generated functions do) that returns an ApiResponse:
the parsed model *and* the API's own bytes, for callers that pass the API's JSON on untouched (`todo --json`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from ._exceptions import TodosError
from ._generated.models import TodoSort
from ._generated.types import UNSET, Response, Unset

__all__ = ["AUTH_HANDLES", "MAX_PAGE_SIZE", "ApiResponse", "filter_params", "optional", "success"]

T = TypeVar("T")
MAX_PAGE_SIZE = 100
# The API's own 401 goes through the JWT auth (one refresh, then Unauthorized); every other error is raised
# by the response hook before the generated code sees it.
AUTH_HANDLES = frozenset({401})


@dataclass(frozen=True)
class ApiResponse(Generic[T]):
    """A successful answer: the parsed model, plus status, headers and body exactly as the API sent them."""

    data: T
    status_code: int
    headers: Mapping[str, str]
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode()


def success(response: Response[Any], expected: type[T]) -> ApiResponse[T]:
    """The parsed answer, or TodosError when the API answered something the schema does not describe."""
    if not isinstance(response.parsed, expected):
        raise TodosError(f"unexpected answer from the API: HTTP {int(response.status_code)}")
    return ApiResponse(response.parsed, int(response.status_code), response.headers, response.content)


def optional(value: T | None) -> T | Unset:
    """None as the generated code's UNSET: the field is left out of the request."""
    return UNSET if value is None else value


def filter_params(completed: bool | None, search: str | None, sort: TodoSort | None) -> dict[str, Any]:
    return {"completed": optional(completed), "q": optional(search), "sort": optional(sort)}
