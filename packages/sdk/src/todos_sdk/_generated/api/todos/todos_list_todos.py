from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.todo_page import TodoPage
from ...models.todo_sort import TodoSort
from ...models.validation_error_response import ValidationErrorResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    skip: int | Unset = 0,
    limit: int | Unset = 100,
    completed: bool | None | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: TodoSort | Unset = UNSET,
    trashed: bool | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["skip"] = skip

    params["limit"] = limit

    json_completed: bool | None | Unset
    if isinstance(completed, Unset):
        json_completed = UNSET
    else:
        json_completed = completed
    params["completed"] = json_completed

    json_q: None | str | Unset
    if isinstance(q, Unset):
        json_q = UNSET
    else:
        json_q = q
    params["q"] = json_q

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort

    params["sort"] = json_sort

    json_trashed: bool | None | Unset
    if isinstance(trashed, Unset):
        json_trashed = UNSET
    else:
        json_trashed = trashed
    params["trashed"] = json_trashed

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/todos",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | TodoPage | ValidationErrorResponse | None:
    if response.status_code == 200:
        response_200 = TodoPage.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 422:
        response_422 = ValidationErrorResponse.from_dict(response.json())

        return response_422

    if response.status_code == 500:
        response_500 = ErrorResponse.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = ErrorResponse.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | TodoPage | ValidationErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    skip: int | Unset = 0,
    limit: int | Unset = 100,
    completed: bool | None | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: TodoSort | Unset = UNSET,
    trashed: bool | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
) -> Response[ErrorResponse | TodoPage | ValidationErrorResponse]:
    """List Todos

     List your todos, newest first by default, with filters and pagination (skip or cursor).

    Args:
        skip (int | Unset): Items to skip. Default: 0.
        limit (int | Unset): Page size. Default: 100.
        completed (bool | None | Unset): Only completed (true) or open (false) todos.
        q (None | str | Unset): Case-insensitive text in title or description.
        sort (TodoSort | Unset):
        trashed (bool | None | Unset): true: list the trash (tasks deleted in the last 30 days)
            instead.
        cursor (None | str | Unset): The `next_cursor` of the previous page (same filters and
            `sort`): the page after it, at the cost of a first page. Not combined with `skip` > 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | TodoPage | ValidationErrorResponse]
    """

    kwargs = _get_kwargs(
        skip=skip,
        limit=limit,
        completed=completed,
        q=q,
        sort=sort,
        trashed=trashed,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    skip: int | Unset = 0,
    limit: int | Unset = 100,
    completed: bool | None | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: TodoSort | Unset = UNSET,
    trashed: bool | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
) -> ErrorResponse | TodoPage | ValidationErrorResponse | None:
    """List Todos

     List your todos, newest first by default, with filters and pagination (skip or cursor).

    Args:
        skip (int | Unset): Items to skip. Default: 0.
        limit (int | Unset): Page size. Default: 100.
        completed (bool | None | Unset): Only completed (true) or open (false) todos.
        q (None | str | Unset): Case-insensitive text in title or description.
        sort (TodoSort | Unset):
        trashed (bool | None | Unset): true: list the trash (tasks deleted in the last 30 days)
            instead.
        cursor (None | str | Unset): The `next_cursor` of the previous page (same filters and
            `sort`): the page after it, at the cost of a first page. Not combined with `skip` > 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | TodoPage | ValidationErrorResponse
    """

    return sync_detailed(
        client=client,
        skip=skip,
        limit=limit,
        completed=completed,
        q=q,
        sort=sort,
        trashed=trashed,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    skip: int | Unset = 0,
    limit: int | Unset = 100,
    completed: bool | None | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: TodoSort | Unset = UNSET,
    trashed: bool | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
) -> Response[ErrorResponse | TodoPage | ValidationErrorResponse]:
    """List Todos

     List your todos, newest first by default, with filters and pagination (skip or cursor).

    Args:
        skip (int | Unset): Items to skip. Default: 0.
        limit (int | Unset): Page size. Default: 100.
        completed (bool | None | Unset): Only completed (true) or open (false) todos.
        q (None | str | Unset): Case-insensitive text in title or description.
        sort (TodoSort | Unset):
        trashed (bool | None | Unset): true: list the trash (tasks deleted in the last 30 days)
            instead.
        cursor (None | str | Unset): The `next_cursor` of the previous page (same filters and
            `sort`): the page after it, at the cost of a first page. Not combined with `skip` > 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | TodoPage | ValidationErrorResponse]
    """

    kwargs = _get_kwargs(
        skip=skip,
        limit=limit,
        completed=completed,
        q=q,
        sort=sort,
        trashed=trashed,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    skip: int | Unset = 0,
    limit: int | Unset = 100,
    completed: bool | None | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: TodoSort | Unset = UNSET,
    trashed: bool | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
) -> ErrorResponse | TodoPage | ValidationErrorResponse | None:
    """List Todos

     List your todos, newest first by default, with filters and pagination (skip or cursor).

    Args:
        skip (int | Unset): Items to skip. Default: 0.
        limit (int | Unset): Page size. Default: 100.
        completed (bool | None | Unset): Only completed (true) or open (false) todos.
        q (None | str | Unset): Case-insensitive text in title or description.
        sort (TodoSort | Unset):
        trashed (bool | None | Unset): true: list the trash (tasks deleted in the last 30 days)
            instead.
        cursor (None | str | Unset): The `next_cursor` of the previous page (same filters and
            `sort`): the page after it, at the cost of a first page. Not combined with `skip` > 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | TodoPage | ValidationErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            skip=skip,
            limit=limit,
            completed=completed,
            q=q,
            sort=sort,
            trashed=trashed,
            cursor=cursor,
        )
    ).parsed
