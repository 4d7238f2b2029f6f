"""ETag parsing (RFC 9110) and the declaration of the headers the todo routes read."""

from __future__ import annotations

import pytest
from todos_api.http.lean_route import LeanRoute
from todos_api.http.routes import todos
from todos_api.http.write_headers import read_keyed_conditions
from todos_api.main import create_app
from todos_api.todos.conditional import etag, if_match_versions, if_none_match_hits
from todos_api.todos.idempotency import fingerprint


@pytest.mark.parametrize(
    ("header", "versions"),
    [
        (None, None),
        ("*", None),
        (' "7-3" ', "3"),
        ('"7-3", "7-5"', "3,5"),
        ('W/"7-3"', ""),  # If-Match compares strongly: weak tags never match
        ('"8-3"', ""),  # another todo's tag
        ('"7-x", "7-", "7-99999999999999999999", garbage', ""),
        ('"7-3",W/"7-4","7-6"', "3,6"),
    ],
)
def test_if_match_versions_names_only_strong_tags_of_this_todo(
    header: str | None, versions: str | None
) -> None:
    assert if_match_versions(header, 7) == versions


@pytest.mark.parametrize(
    ("header", "hits"),
    [
        (None, False),
        ("*", True),
        ('"7-3"', True),
        ('W/"7-3"', True),
        ('"7-2", "7-3"', True),
        ('"7-2"', False),
    ],
)
def test_if_none_match_compares_weakly(header: str | None, hits: bool) -> None:
    assert if_none_match_hits(header, etag(7, 3)) is hits


def test_fingerprint_tells_method_path_and_body_apart() -> None:
    prints = {
        fingerprint("POST", "/api/v1/todos", b'{"title":"a"}'),
        fingerprint("POST", "/api/v1/todos", b'{"title":"b"}'),
        fingerprint("PATCH", "/api/v1/todos", b'{"title":"a"}'),
        fingerprint("POST", "/api/v1/todos/1", b""),
        fingerprint("POST", "/api/v1/todos/", b"1"),  # same bytes concatenated, different split
    }
    assert len(prints) == 5


def test_every_write_route_takes_an_idempotency_key() -> None:
    """A write added later without write_operation() / KeyedConditionsDep fails here."""
    schema = create_app().openapi()
    writes = {
        (method.upper(), path): operation
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if path.startswith("/api/v1/") and method in {"post", "put", "patch", "delete"}
    }
    assert len(writes) >= 5
    for name, operation in writes.items():
        headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        assert "Idempotency-Key" in headers, name
        assert "409" in operation["responses"], name
        success = next(code for code in operation["responses"] if code.startswith("2"))
        assert "Idempotent-Replayed" in operation["responses"][success]["headers"], name
    keyed_reads = {
        (method, route.path)
        for route in todos.router.routes
        if isinstance(route, LeanRoute)
        and any(d.call is read_keyed_conditions for d in route.dependant.dependencies)
        for method in route.methods or ()
    }
    assert set(writes) <= keyed_reads


def test_routes_declare_the_headers_they_read_and_stay_lean() -> None:
    schema = create_app().openapi()
    declared = {
        (method.upper(), path): {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if path.startswith("/api/v1/todos")
    }
    assert declared[("POST", "/api/v1/todos")] == {"Idempotency-Key"}
    assert declared[("GET", "/api/v1/todos/{todo_id}")] == {"If-None-Match"}
    assert declared[("PUT", "/api/v1/todos/{todo_id}")] == {"If-Match", "Idempotency-Key"}
    assert declared[("DELETE", "/api/v1/todos/{todo_id}")] == {"If-Match", "Idempotency-Key"}
    assert declared[("POST", "/api/v1/todos/{todo_id}/restore")] == {"If-Match", "Idempotency-Key"}
    assert declared[("PATCH", "/api/v1/todos/{todo_id}/complete")] == {"If-Match", "Idempotency-Key"}
    responses = schema["paths"]["/api/v1/todos/{todo_id}"]["put"]["responses"]
    assert set(responses["412"]["headers"]) == {"ETag"}
    assert "content" not in schema["paths"]["/api/v1/todos/{todo_id}"]["get"]["responses"]["304"]
    assert set(schema["paths"]["/api/v1/todos"]["post"]["responses"]["201"]["headers"]) == {
        "Location",
        "ETag",
        "Idempotent-Replayed",
    }
    # Read through request-only dependencies, not Header parameters: the routes keep LeanRoute's handler.
    assert all(isinstance(route, LeanRoute) and route.lean for route in todos.router.routes)
