"""The API's error codes against the clients' tables (todos_devstack.error_codes; make check-contract)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from todos_api.core import errors
from todos_api.http import handlers
from todos_devstack import error_codes
from todos_devstack.contract import SCHEMA_PATH


def test_every_api_error_code_has_an_sdk_family_a_cli_exit_code_and_a_web_message() -> None:
    # Fails as soon as a code is added to todos_api.core.errors.ErrorCode without the three client entries.
    assert error_codes.check() == []


def test_a_code_added_to_the_api_alone_is_reported_for_each_client() -> None:
    api = [*error_codes.api_codes(), "brand_new_code"]

    problems = error_codes.drift(api, error_codes.client_tables())

    assert len(problems) == 3
    assert all("no entry for the API's error code(s): brand_new_code" in line for line in problems)
    assert {line.split(" has no entry")[0] for line in problems} == {
        error_codes.SDK_TABLE,
        error_codes.CLI_TABLE,
        error_codes.WEB_TABLE,
    }


def test_a_client_code_the_api_does_not_answer_is_reported() -> None:
    tables = {"sdk": {"todo_not_found", "gone_code"}}

    assert error_codes.drift(["todo_not_found"], tables) == [
        "sdk lists code(s) the API does not answer: gone_code"
    ]


def test_the_web_keys_are_read_from_the_messages_object(tmp_path: Path) -> None:
    source = tmp_path / "error-messages.ts"
    source.write_text(
        'import x from "y";\nexport const ERROR_MESSAGES = {\n  todo_not_found: "Gone.",\n'
        '  cursor_expired: "Behind: reloading.",\n} as const satisfies Record<ErrorCode, string>;\n'
        "function other() {\n  return { not_a_code: 1 };\n}\n"
    )

    assert error_codes.web_codes(source) == {"todo_not_found", "cursor_expired"}


def _domain_errors(cls: type[errors.ApiError]) -> list[type[errors.ApiError]]:
    return [cls, *(sub for child in cls.__subclasses__() for sub in _domain_errors(child))]


@pytest.mark.parametrize("error", _domain_errors(errors.ApiError), ids=lambda cls: cls.__name__)
def test_every_domain_error_answers_a_code_of_the_enum(error: type[errors.ApiError]) -> None:
    assert isinstance(error.code, errors.ErrorCode)


def test_the_framework_errors_answer_codes_of_the_enum() -> None:
    assert all(isinstance(code, errors.ErrorCode) for code in handlers.FRAMEWORK_CODES.values())


def test_openapi_declares_the_error_code_enum_as_the_error_shapes_code() -> None:
    schema = json.loads(SCHEMA_PATH.read_text())["components"]["schemas"]

    assert schema["ErrorCode"]["enum"] == error_codes.api_codes()
    assert schema["ErrorResponse"]["properties"]["code"]["$ref"] == "#/components/schemas/ErrorCode"
