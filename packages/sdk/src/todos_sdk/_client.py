"""What TodosClient and AsyncTodosClient (`_async/client.py`, and its generated twin) share.

Every client method has a `…_detailed` twin (as the generated functions do) that returns an ApiResponse:
the parsed model *and* the API's own bytes, for callers that pass the API's JSON on untouched (`todo --json`);
`client.with_raw_response.<method>` is the same, under the method's own name.

Every method takes the per-call RequestOptions (`timeout=`, `max_retries=`, `extra_headers=`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypedDict, TypeVar

import httpx

from ._exceptions import TodosError
from ._generated.models import TodoPage, TodoPublic, TodoSort
from ._generated.types import UNSET, Response, Unset
from ._retry_policy import MAX_RETRIES_EXTENSION

__all__ = [
    "AUTH_HANDLES",
    "MAX_PAGE_SIZE",
    "ApiResponse",
    "RequestOptions",
    "etag_of",
    "filter_params",
    "optional",
    "success",
    "with_options",
]

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

    def parse(self) -> T:
        """The parsed model (openai-python's raw-response spelling of `.data`)."""
        return self.data


class RequestOptions(TypedDict, total=False):
    """Per-call options, taken by every client method; each overrides the client's default for this call."""

    timeout: float | httpx.Timeout | None
    max_retries: int
    extra_headers: Mapping[str, str]


def with_options(kwargs: dict[str, Any], options: RequestOptions) -> dict[str, Any]:
    """A generated operation's request arguments with the per-call options applied."""
    headers = {**kwargs.get("headers", {}), **options.get("extra_headers", {})}
    applied: dict[str, Any] = {**kwargs, "headers": headers}
    if "timeout" in options:
        applied["timeout"] = options["timeout"]
    if "max_retries" in options:
        applied["extensions"] = {MAX_RETRIES_EXTENSION: options["max_retries"]}
    return applied


def etag_of(todo: TodoPublic) -> str:
    """The task's ETag as the API sends it (its `etag` field, the ETag header): send it as If-Match."""
    return todo.etag


def no_content(response: httpx.Response) -> ApiResponse[None]:
    return ApiResponse(None, response.status_code, response.headers, response.content)


def success(response: Response[Any], expected: type[T]) -> ApiResponse[T]:
    """The parsed answer, or TodosError when the API answered something the schema does not describe."""
    if not isinstance(response.parsed, expected):
        raise TodosError(f"unexpected answer from the API: HTTP {int(response.status_code)}")
    return ApiResponse(response.parsed, int(response.status_code), response.headers, response.content)


def optional(value: T | None) -> T | Unset:
    """None as the generated code's UNSET: the field is left out of the request."""
    return UNSET if value is None else value


def following(page: TodoPage, fetched: int) -> dict[str, Any] | None:
    """Where the page after ``page`` starts: its ``next_cursor``, or ``skip`` for a server without cursors;
    None after the last page. ``fetched``: the items fetched so far, ``page``'s included."""
    if not page.items:
        return None
    if isinstance(page.next_cursor, Unset):
        return {"skip": fetched} if fetched < page.total else None
    return {"cursor": page.next_cursor} if page.next_cursor else None


def filter_params(completed: bool | None, search: str | None, sort: TodoSort | None) -> dict[str, Any]:
    return {"completed": optional(completed), "q": optional(search), "sort": optional(sort)}
