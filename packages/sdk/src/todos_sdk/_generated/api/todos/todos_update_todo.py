from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.todo_public import TodoPublic
from ...models.todo_update import TodoUpdate
from ...models.validation_error_response import ValidationErrorResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    todo_id: int,
    *,
    body: TodoUpdate,
    if_match: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/v1/todos/{todo_id}".format(
            todo_id=quote(str(todo_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | TodoPublic | ValidationErrorResponse | None:
    if response.status_code == 200:
        response_200 = TodoPublic.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ErrorResponse.from_dict(response.json())

        return response_409

    if response.status_code == 412:
        response_412 = ErrorResponse.from_dict(response.json())

        return response_412

    if response.status_code == 413:
        response_413 = ErrorResponse.from_dict(response.json())

        return response_413

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
) -> Response[ErrorResponse | TodoPublic | ValidationErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    todo_id: int,
    *,
    client: AuthenticatedClient,
    body: TodoUpdate,
    if_match: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorResponse | TodoPublic | ValidationErrorResponse]:
    """Update Todo

     Update a todo: only the fields sent change (412 when If-Match names an older version).

    Args:
        todo_id (int): The todo's id.
        if_match (str | Unset):
        idempotency_key (str | Unset):
        body (TodoUpdate): Every field optional: only the fields present are changed;
            `description: null` clears it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | TodoPublic | ValidationErrorResponse]
    """

    kwargs = _get_kwargs(
        todo_id=todo_id,
        body=body,
        if_match=if_match,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    todo_id: int,
    *,
    client: AuthenticatedClient,
    body: TodoUpdate,
    if_match: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ErrorResponse | TodoPublic | ValidationErrorResponse | None:
    """Update Todo

     Update a todo: only the fields sent change (412 when If-Match names an older version).

    Args:
        todo_id (int): The todo's id.
        if_match (str | Unset):
        idempotency_key (str | Unset):
        body (TodoUpdate): Every field optional: only the fields present are changed;
            `description: null` clears it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | TodoPublic | ValidationErrorResponse
    """

    return sync_detailed(
        todo_id=todo_id,
        client=client,
        body=body,
        if_match=if_match,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    todo_id: int,
    *,
    client: AuthenticatedClient,
    body: TodoUpdate,
    if_match: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorResponse | TodoPublic | ValidationErrorResponse]:
    """Update Todo

     Update a todo: only the fields sent change (412 when If-Match names an older version).

    Args:
        todo_id (int): The todo's id.
        if_match (str | Unset):
        idempotency_key (str | Unset):
        body (TodoUpdate): Every field optional: only the fields present are changed;
            `description: null` clears it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | TodoPublic | ValidationErrorResponse]
    """

    kwargs = _get_kwargs(
        todo_id=todo_id,
        body=body,
        if_match=if_match,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    todo_id: int,
    *,
    client: AuthenticatedClient,
    body: TodoUpdate,
    if_match: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ErrorResponse | TodoPublic | ValidationErrorResponse | None:
    """Update Todo

     Update a todo: only the fields sent change (412 when If-Match names an older version).

    Args:
        todo_id (int): The todo's id.
        if_match (str | Unset):
        idempotency_key (str | Unset):
        body (TodoUpdate): Every field optional: only the fields present are changed;
            `description: null` clears it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | TodoPublic | ValidationErrorResponse
    """

    return (
        await asyncio_detailed(
            todo_id=todo_id,
            client=client,
            body=body,
            if_match=if_match,
            idempotency_key=idempotency_key,
        )
    ).parsed
