"""ApiError.from_response: one exception class per code family (the status only for codes the SDK does not
know), from the API's and Better Auth's error shapes."""

from __future__ import annotations

import json

import pytest
from todos_sdk import (
    CODE_FAMILIES,
    ApiError,
    Conflict,
    CursorExpired,
    Forbidden,
    IdempotencyKeyReused,
    InvalidCursor,
    NotFound,
    PreconditionFailed,
    RequestTimeout,
    RequestTooLarge,
    ServerError,
    ServiceUnavailable,
    TooManyRequests,
    Unauthorized,
    ValidationFailed,
)

from tests.support.sdk_fakes import error_json


@pytest.mark.parametrize(
    ("status_code", "expected"),
    [
        (400, ValidationFailed),
        (401, Unauthorized),
        (403, Forbidden),
        (404, NotFound),
        (409, Conflict),  # changed on purpose (issue 9): 409 has its own class now
        (422, ValidationFailed),
        (500, ServerError),
        (502, ServerError),
        (503, ServiceUnavailable),
    ],
)
def test_from_response_picks_class_by_status_for_an_unknown_code(
    status_code: int, expected: type[ApiError]
) -> None:
    error = ApiError.from_response(status_code, json.dumps(error_json(status_code, "x", "y")).encode())

    assert type(error) is expected
    assert error.status_code == status_code


def test_from_response_reads_api_error_shape() -> None:
    body = error_json(
        422,
        "validation_error",
        "Request validation failed.",
        [
            {
                "loc": ["body", "title"],
                "msg": "String should have at most 200 characters",
                "type": "string_too_long",
            }
        ],
    )

    error = ApiError.from_response(422, json.dumps(body).encode())

    assert isinstance(error, ValidationFailed)
    assert error.code == "validation_error"
    assert error.detail == "Request validation failed."
    assert [(e.field, e.message) for e in error.errors] == [
        ("title", "String should have at most 200 characters")
    ]
    assert str(error) == "title: String should have at most 200 characters"


def test_from_response_reads_better_auth_shape() -> None:
    body = {"code": "INVALID_EMAIL_OR_PASSWORD", "message": "Invalid email or password"}

    error = ApiError.from_response(401, json.dumps(body).encode())

    assert isinstance(error, Unauthorized)
    assert error.code == "INVALID_EMAIL_OR_PASSWORD"
    assert str(error) == "Invalid email or password"


def test_from_response_survives_html_body() -> None:
    error = ApiError.from_response(502, b"<html><body>Bad Gateway</body></html>")

    assert isinstance(error, ServerError)
    assert error.code == "http_502"
    assert error.detail == "HTTP 502"


def test_from_response_keeps_plain_text_first_line() -> None:
    error = ApiError.from_response(500, b"upstream timed out\nmore")

    assert error.detail == "HTTP 500: upstream timed out"


@pytest.mark.parametrize(
    ("status_code", "code", "expected"),
    [
        (422, "invalid_cursor", InvalidCursor),
        (400, "invalid_last_event_id", InvalidCursor),  # a 400 was ValidationFailed by status alone
        (422, "idempotency_key_reused", IdempotencyKeyReused),
        (413, "payload_too_large", RequestTooLarge),  # by status alone: a bare ApiError
        (431, "headers_too_large", RequestTooLarge),
        (429, "too_many_streams", TooManyRequests),
        (408, "request_timeout", RequestTimeout),
        (410, "cursor_expired", CursorExpired),
        (412, "precondition_failed", PreconditionFailed),
        (401, "session_revoked", Unauthorized),
        (503, "shutting_down", ServiceUnavailable),
        (500, "internal_error", ServerError),
    ],
)
def test_from_response_picks_class_by_code(status_code: int, code: str, expected: type[ApiError]) -> None:
    error = ApiError.from_response(status_code, json.dumps(error_json(status_code, code, "y")).encode())

    assert type(error) is expected
    assert error.code == code


def test_the_code_decides_over_the_status() -> None:
    # A proxy or an older server may answer a code with another status: the code names the family.
    error = ApiError.from_response(400, json.dumps(error_json(400, "todo_not_found", "gone")).encode())

    assert type(error) is NotFound


def test_http_error_goes_by_its_status() -> None:
    error = ApiError.from_response(405, json.dumps(error_json(405, "http_error", "no")).encode())

    assert CODE_FAMILIES["http_error"] is None
    assert type(error) is ApiError


def test_new_families_keep_the_old_class_names_catching_them() -> None:
    assert issubclass(InvalidCursor, ValidationFailed)
    assert issubclass(IdempotencyKeyReused, ValidationFailed)
    assert issubclass(RequestTooLarge, ValidationFailed)
    assert issubclass(ServiceUnavailable, ServerError)
