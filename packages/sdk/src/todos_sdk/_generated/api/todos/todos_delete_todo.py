from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.validation_error_response import ValidationErrorResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    todo_id: int,
    *,
    permanent: bool | Unset = False,
    if_match: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    params: dict[str, Any] = {}

    params["permanent"] = permanent

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v1/todos/{todo_id}".format(
            todo_id=quote(str(todo_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ErrorResponse | ValidationErrorResponse | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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
) -> Response[Any | ErrorResponse | ValidationErrorResponse]:
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
    permanent: bool | Unset = False,
    if_match: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[Any | ErrorResponse | ValidationErrorResponse]:
    """Delete Todo

     Move a todo to the trash, or delete it for good (412 when If-Match names an older version).

    Args:
        todo_id (int): The todo's id.
        permanent (bool | Unset): Delete for good (also a task in the trash) instead of trashing
            it. Default: False.
        if_match (str | Unset):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorResponse | ValidationErrorResponse]
    """

    kwargs = _get_kwargs(
        todo_id=todo_id,
        permanent=permanent,
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
    permanent: bool | Unset = False,
    if_match: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Any | ErrorResponse | ValidationErrorResponse | None:
    """Delete Todo

     Move a todo to the trash, or delete it for good (412 when If-Match names an older version).

    Args:
        todo_id (int): The todo's id.
        permanent (bool | Unset): Delete for good (also a task in the trash) instead of trashing
            it. Default: False.
        if_match (str | Unset):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorResponse | ValidationErrorResponse
    """

    return sync_detailed(
        todo_id=todo_id,
        client=client,
        permanent=permanent,
        if_match=if_match,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    todo_id: int,
    *,
    client: AuthenticatedClient,
    permanent: bool | Unset = False,
    if_match: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[Any | ErrorResponse | ValidationErrorResponse]:
    """Delete Todo

     Move a todo to the trash, or delete it for good (412 when If-Match names an older version).

    Args:
        todo_id (int): The todo's id.
        permanent (bool | Unset): Delete for good (also a task in the trash) instead of trashing
            it. Default: False.
        if_match (str | Unset):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorResponse | ValidationErrorResponse]
    """

    kwargs = _get_kwargs(
        todo_id=todo_id,
        permanent=permanent,
        if_match=if_match,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    todo_id: int,
    *,
    client: AuthenticatedClient,
    permanent: bool | Unset = False,
    if_match: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Any | ErrorResponse | ValidationErrorResponse | None:
    """Delete Todo

     Move a todo to the trash, or delete it for good (412 when If-Match names an older version).

    Args:
        todo_id (int): The todo's id.
        permanent (bool | Unset): Delete for good (also a task in the trash) instead of trashing
            it. Default: False.
        if_match (str | Unset):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorResponse | ValidationErrorResponse
    """

    return (
        await asyncio_detailed(
            todo_id=todo_id,
            client=client,
            permanent=permanent,
            if_match=if_match,
            idempotency_key=idempotency_key,
        )
    ).parsed
