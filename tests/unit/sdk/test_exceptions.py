"""ApiError.from_response: one exception class per status, from the API's and Better Auth's error shapes."""

from __future__ import annotations

import json

import pytest
from todos_sdk import (
    ApiError,
    Conflict,
    Forbidden,
    NotFound,
    ServerError,
    ServiceUnavailable,
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
def test_from_response_picks_class_by_status(status_code: int, expected: type[ApiError]) -> None:
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
