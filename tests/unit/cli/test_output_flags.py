"""`--json FIELDS`, `--ndjson` and `--dry-run`: machine output and writes that are only described."""

from __future__ import annotations

import json

import httpx
import pytest
import respx
from todos_cli.exit_codes import ExitCode
from todos_cli.json_fields import TASK_FIELDS, split_json_fields
from todos_devstack.paths import ROOT

from tests.support.sdk_fakes import TODOS, page_json, todo_json
from tests.unit.cli.conftest import Runner

pytestmark = pytest.mark.usefixtures("logged_in")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["list", "--json"], (["list", "--json"], None)),
        (["list", "--json", "id,title"], (["list", "--json"], "id,title")),
        (["list", "--json=id"], (["list", "--json"], "id")),
        (["add", "--json", "Buy milk"], (["add", "--json", "Buy milk"], None)),
        (["add", "X", "--json", "--dry-run"], (["add", "X", "--json", "--dry-run"], None)),
        (["add", "--", "--json", "id"], (["add", "--", "--json", "id"], None)),
        (["done", "--json", "3"], (["done", "--json", "3"], None)),
        (["list", "--json", "id,nope"], (["list", "--json"], "id,nope")),
        (["add", "--json", "milk,eggs"], (["add", "--json", "milk,eggs"], None)),
    ],
)
def test_split_json_fields_takes_only_what_reads_as_fields(
    args: list[str], expected: tuple[list[str], str | None]
) -> None:
    assert split_json_fields(args) == expected


def test_list_json_fields_prints_an_array_of_those_fields(run: Runner, servers: respx.MockRouter) -> None:
    servers.get(TODOS).mock(
        return_value=httpx.Response(200, json=page_json([todo_json(2, "Call Bob", done=True), todo_json(1)]))
    )

    result = run("list", "--json", "id,title")

    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == [{"id": 2, "title": "Call Bob"}, {"id": 1, "title": "Buy milk"}]


def test_list_json_without_fields_still_prints_the_envelope(run: Runner, servers: respx.MockRouter) -> None:
    servers.get(TODOS).mock(return_value=httpx.Response(200, json=page_json([todo_json(1)])))

    result = run("list", "--json")

    assert json.loads(result.stdout)["items"][0]["id"] == 1


def test_json_unknown_field_exits_usage_listing_the_fields(run: Runner, servers: respx.MockRouter) -> None:
    route = servers.get(TODOS).mock(return_value=httpx.Response(200, json=page_json([])))

    result = run("list", "--json=id,colour")

    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith("error: unknown JSON field colour; available: id,title,")
    assert route.call_count == 0


def test_json_with_a_space_separated_unknown_field_names_it_instead_of_an_extra_argument(
    run: Runner, servers: respx.MockRouter
) -> None:
    route = servers.get(TODOS).mock(return_value=httpx.Response(200, json=page_json([])))

    result = run("list", "--json", "id,nope")

    assert result.exit_code == ExitCode.USAGE
    assert "unexpected extra argument" not in result.stderr
    assert result.stderr.startswith("error: unknown JSON field nope; available: id,title,")
    assert "deleted_at" in result.stderr
    assert route.call_count == 0


def test_list_json_fields_include_deleted_at(run: Runner, servers: respx.MockRouter) -> None:
    servers.get(TODOS).mock(
        return_value=httpx.Response(200, json=page_json([{**todo_json(1), "deleted_at": None}]))
    )

    result = run("list", "--json", "id,deleted_at")

    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == [{"id": 1, "deleted_at": None}]


def test_task_fields_are_the_apis_task_object_fields() -> None:
    schema = json.loads((ROOT / "openapi.json").read_text())["components"]["schemas"]["TodoPublic"]

    assert sorted(TASK_FIELDS) == sorted(schema["properties"])


def test_list_ndjson_prints_one_task_per_line_across_pages(run: Runner, servers: respx.MockRouter) -> None:
    servers.get(TODOS).mock(
        side_effect=[
            httpx.Response(200, json=page_json([todo_json(2)], total=2, limit=1)),
            httpx.Response(200, json=page_json([todo_json(1)], total=2, skip=1, limit=1)),
        ]
    )

    result = run("list", "--ndjson", "--all", "--limit", "1")

    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines == [todo_json(2), todo_json(1)]


def test_add_json_fields_prints_the_new_tasks_fields(run: Runner, servers: respx.MockRouter) -> None:
    servers.post(TODOS).mock(return_value=httpx.Response(201, json=todo_json(9, "Buy milk")))

    result = run("add", "Buy milk", "--json", "id")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == '{"id":9}\n'


def test_add_dry_run_sends_nothing(run: Runner, servers: respx.MockRouter) -> None:
    route = servers.post(TODOS).mock(return_value=httpx.Response(201, json=todo_json(9)))

    result = run("add", "Buy milk", "-d", "2 l", "--dry-run")

    assert result.exit_code == 0
    assert result.stdout == "would add 'Buy milk' with description '2 l' (dry run: nothing sent)\n"
    assert route.call_count == 0


def test_edit_dry_run_reads_but_writes_nothing(run: Runner, servers: respx.MockRouter) -> None:
    servers.get(f"{TODOS}/4").mock(
        return_value=httpx.Response(200, json=todo_json(4), headers={"ETag": '"4-1"'})
    )
    put = servers.put(f"{TODOS}/4").mock(return_value=httpx.Response(200, json=todo_json(4)))

    result = run("edit", "4", "--title", "Call Alice", "-d", "", "--dry-run")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "would set #4's title to 'Call Alice' and clear the description (dry run: nothing written)\n"
    )
    assert put.call_count == 0


@pytest.mark.parametrize(
    ("command", "method", "path", "said"),
    [
        ("done", "PATCH", "/1/complete", "would mark #1 'Buy milk' done"),
        ("undo", "PATCH", "/1/complete", "would mark #1 'Buy milk' not done"),
        ("rm", "DELETE", "/1", "would move #1 'Buy milk' to the trash"),
    ],
)
def test_dry_run_of_a_write_says_what_it_would_do(
    run: Runner, servers: respx.MockRouter, command: str, method: str, path: str, said: str
) -> None:
    servers.get(f"{TODOS}/1").mock(
        return_value=httpx.Response(200, json=todo_json(1), headers={"ETag": '"1-1"'})
    )
    write = servers.route(method=method, url=f"{TODOS}{path}").mock(return_value=httpx.Response(204))

    result = run(command, "1", "--dry-run")  # rm asks nothing in a dry run

    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{said} (dry run: nothing written)\n"
    assert write.call_count == 0
