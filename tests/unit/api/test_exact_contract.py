"""The answers say exactly what the schema says: Allow on 405, one answer for unparsable JSON, parameters
parsed as the JSON literals they are documented as, and text rules published as the patterns we check."""

from __future__ import annotations

import re
import sys

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from todos_api.main import create_app
from todos_api.model.models import TodoCreate
from todos_api.model.text_rules import NO_NUL_PATTERN, TITLE_PATTERN, WHITESPACE

from tests.support.tokens import SigningKey, better_auth_claims, sign
from tests.unit.api.conftest import TASK_FIELD_COLUMNS, RecordingDatabase, unit_settings

TODOS = "/api/v1/todos"
ROW = {
    "auth_user_id": "u1", "total": 1, "id": 7, "title": "t", "description": None, "is_completed": False,
    "user_id": "u1", "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z", "version": 1,
    "deleted_at": None, **TASK_FIELD_COLUMNS,
}  # fmt: skip


@pytest.fixture
def bearer(signing_key: SigningKey, database: RecordingDatabase) -> dict[str, str]:
    database.rows = [ROW]
    return {"Authorization": f"Bearer {sign(better_auth_claims('u1'), signing_key)}"}


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", TODOS, "GET, HEAD, POST"),
        ("PATCH", TODOS, "GET, HEAD, POST"),
        ("POST", f"{TODOS}/7", "DELETE, GET, HEAD, PUT"),
        ("PATCH", f"{TODOS}/7", "DELETE, GET, HEAD, PUT"),
        ("GET", f"{TODOS}/7/complete", "PATCH"),
        ("POST", "/healthz", "GET, HEAD"),
        ("PUT", "/readyz", "GET, HEAD"),
    ],
)
async def test_wrong_method_405_allows_every_method_of_the_path(
    client: httpx.AsyncClient, method: str, path: str, allow: str
) -> None:
    response = await client.request(method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == allow
    assert response.json()["code"] == "method_not_allowed"


@pytest.mark.parametrize(
    "body", [b'{"title": "\xff"}', b'{"title": "\xc3\x28"}', b"[" * 100_000 + b"]" * 100_000]
)
async def test_undecodable_json_body_is_422_json_invalid(body: bytes) -> None:
    # Invalid UTF-8, or nesting deeper than the parser's recursion: FastAPI alone would answer 400.
    app = create_app(unit_settings(max_body_bytes=1 << 20), database=RecordingDatabase(unit_settings()))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as large:
        response = await large.post(TODOS, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json() == {
        "status_code": 422,
        "code": "validation_error",
        "detail": "body: JSON decode error",
        "errors": [{"loc": ["body"], "msg": "JSON decode error", "type": "json_invalid"}],
    }


async def test_bad_json_syntax_is_422_json_invalid(client: httpx.AsyncClient) -> None:
    response = await client.post(TODOS, content=b"{", headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["type"] == "json_invalid"


@pytest.mark.parametrize(
    ("url", "loc", "error_type"),
    [
        (f"{TODOS}/1.0", ["path", "todo_id"], "int_parsing"),
        (f"{TODOS}/+1", ["path", "todo_id"], "int_parsing"),
        (f"{TODOS}/007", ["path", "todo_id"], "int_parsing"),
        (f"{TODOS}?limit=1_0", ["query", "limit"], "int_parsing"),
        (f"{TODOS}?limit=%205", ["query", "limit"], "int_parsing"),
        (f"{TODOS}?limit=5%20", ["query", "limit"], "int_parsing"),
        (f"{TODOS}?skip=1e1", ["query", "skip"], "int_parsing"),
        (f"{TODOS}?completed=yes", ["query", "completed"], "bool_parsing"),
        (f"{TODOS}?completed=1", ["query", "completed"], "bool_parsing"),
        (f"{TODOS}?completed=True", ["query", "completed"], "bool_parsing"),
    ],
)
async def test_loosely_written_parameter_is_422(
    client: httpx.AsyncClient, bearer: dict[str, str], url: str, loc: list[str], error_type: str
) -> None:
    response = await client.get(url, headers=bearer)
    assert response.status_code == 422
    assert [(e["loc"], e["type"]) for e in response.json()["errors"]] == [(loc, error_type)]


@pytest.mark.parametrize(
    "url", [f"{TODOS}/7", f"{TODOS}/9223372036854775807", f"{TODOS}?limit=10&skip=0&completed=false"]
)
async def test_parameter_written_as_json_literal_is_accepted(
    client: httpx.AsyncClient, bearer: dict[str, str], url: str
) -> None:
    assert (await client.get(url, headers=bearer)).status_code == 200


def test_title_length_counts_the_text_as_sent() -> None:
    assert TodoCreate.model_validate({"title": f"  {'x' * 196}  "}).title == "x" * 196
    with pytest.raises(ValidationError, match="string_too_long"):
        TodoCreate.model_validate({"title": f" {'x' * 200}"})


@pytest.mark.parametrize("title", ["   ", "\u3000\t", "a\x00b"])
def test_blank_or_nul_title_is_refused_by_its_pattern(title: str) -> None:
    with pytest.raises(ValidationError, match="string_pattern_mismatch"):
        TodoCreate.model_validate({"title": title})


def test_whitespace_set_is_what_strip_removes() -> None:
    assert set(WHITESPACE) == {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}


def test_schema_states_the_text_rules() -> None:
    schemas = create_app(unit_settings()).openapi()["components"]["schemas"]
    for name in ("TodoCreate", "TodoUpdate"):
        properties = schemas[name]["properties"]
        assert properties["title"]["pattern"] == TITLE_PATTERN
        assert properties["title"]["maxLength"] == 200
        assert properties["description"]["anyOf"][0]["pattern"] == NO_NUL_PATTERN


# Every string the published pattern and lengths accept is accepted, and every other one refused.
TEXT = st.text(alphabet=st.sampled_from(["\x00", " ", "\u3000", "\t", "a", "é", "\U0001f600"]), max_size=205)


@given(title=TEXT, description=TEXT)
def test_schema_rules_and_validation_agree(title: str, description: str) -> None:
    title_ok = 1 <= len(title) <= 200 and re.search(TITLE_PATTERN, title) is not None
    description_ok = len(description) <= 1000 and re.search(NO_NUL_PATTERN, description) is not None
    try:
        TodoCreate.model_validate({"title": title, "description": description})
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == (title_ok and description_ok)


async def test_completion_body_null_is_422_while_absent_body_toggles(
    client: httpx.AsyncClient, bearer: dict[str, str], database: RecordingDatabase
) -> None:
    url = f"{TODOS}/7/complete"
    refused = await client.patch(url, content=b"null", headers={**bearer, "Content-Type": "application/json"})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["type"] == "model_attributes_type"
    assert database.statements == []  # refused before any SQL
    assert (await client.patch(url, headers=bearer)).status_code == 200


def test_created_todo_links_to_the_operations_on_it() -> None:
    schema = create_app(unit_settings()).openapi()
    operation_ids = {
        operation["operationId"] for path in schema["paths"].values() for operation in path.values()
    }
    links = schema["paths"][TODOS]["post"]["responses"]["201"]["links"]
    assert {link["operationId"] for link in links.values()} == {
        "todos-get_todo", "todos-update_todo", "todos-complete_todo", "todos-delete_todo"
    }  # fmt: skip
    assert all(link["operationId"] in operation_ids for link in links.values())
    assert all(link["parameters"] == {"todo_id": "$response.body#/id"} for link in links.values())
