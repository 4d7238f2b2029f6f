"""`todo edit/done/undo/rm` read the task, then write with If-Match; a 412 is one line, CHANGED_ELSEWHERE."""

from __future__ import annotations

import json

import httpx
import pytest
import respx
from todos_cli.exit_codes import ExitCode

from tests.support.sdk_fakes import TODOS, error_json, todo_json
from tests.unit.cli.conftest import Runner

pytestmark = pytest.mark.usefixtures("logged_in")


def stale() -> httpx.Response:
    body = error_json(412, "precondition_failed", "The task has changed since it was read.")
    return httpx.Response(412, json=body, headers={"ETag": '"4-2"'})


def read_as(servers: respx.MockRouter, todo_id: int, title: str, version: int) -> respx.Route:
    return servers.get(f"{TODOS}/{todo_id}").mock(
        return_value=httpx.Response(
            200, json=todo_json(todo_id, title), headers={"ETag": f'"{todo_id}-{version}"'}
        )
    )


def test_edit_sends_if_match_from_the_task_it_read(run: Runner, servers: respx.MockRouter) -> None:
    read_as(servers, 4, "Call Bob", 3)
    put = servers.put(f"{TODOS}/4").mock(return_value=httpx.Response(200, json=todo_json(4, "Call Alice")))

    result = run("edit", "4", "--title", "Call Alice")

    assert result.exit_code == 0, result.stderr
    assert put.calls.last.request.headers["If-Match"] == '"4-3"'


def test_edit_of_a_task_changed_elsewhere_names_its_current_title(
    run: Runner, servers: respx.MockRouter
) -> None:
    servers.get(f"{TODOS}/4").mock(
        side_effect=[
            httpx.Response(200, json=todo_json(4, "Call Bob"), headers={"ETag": '"4-1"'}),
            httpx.Response(200, json=todo_json(4, "Call Carol"), headers={"ETag": '"4-2"'}),
        ]
    )
    servers.put(f"{TODOS}/4").mock(return_value=stale())

    result = run("edit", "4", "--title", "Call Alice")

    assert result.exit_code == ExitCode.CHANGED_ELSEWHERE
    assert int(ExitCode.CHANGED_ELSEWHERE) == 6  # documented in todo --help and docs/sdk-and-cli.md
    assert result.stdout == ""
    assert result.stderr == (
        "error: task 4 changed elsewhere (now 'Call Carol'): nothing written; "
        "run it again to apply to the latest, or --force to overwrite\n"
    )


def test_edit_force_writes_without_reading_or_if_match(run: Runner, servers: respx.MockRouter) -> None:
    read = read_as(servers, 4, "Call Bob", 3)
    put = servers.put(f"{TODOS}/4").mock(return_value=httpx.Response(200, json=todo_json(4, "Call Alice")))

    result = run("edit", "4", "--title", "Call Alice", "--force")

    assert result.exit_code == 0, result.stderr
    assert read.call_count == 0
    assert "If-Match" not in put.calls.last.request.headers


def test_done_sends_if_match_and_reports_a_task_deleted_meanwhile(
    run: Runner, servers: respx.MockRouter
) -> None:
    read_as(servers, 1, "Buy milk", 2)
    servers.get(f"{TODOS}/4").mock(
        side_effect=[
            httpx.Response(200, json=todo_json(4), headers={"ETag": '"4-1"'}),
            httpx.Response(404, json=error_json(404, "todo_not_found", "Todo not found.")),
        ]
    )
    first = servers.patch(f"{TODOS}/1/complete").mock(
        return_value=httpx.Response(200, json=todo_json(1, done=True))
    )
    servers.patch(f"{TODOS}/4/complete").mock(return_value=stale())

    result = run("done", "4", "1")

    assert result.exit_code == ExitCode.CHANGED_ELSEWHERE
    assert result.stderr == "error: task 4 was deleted elsewhere: nothing written\n"
    assert result.stdout == "#1 [x] Buy milk\n"
    assert first.calls.last.request.headers["If-Match"] == '"1-2"'
    assert json.loads(first.calls.last.request.read()) == {"is_completed": True}


def test_undo_force_sends_no_if_match(run: Runner, servers: respx.MockRouter) -> None:
    patch = servers.patch(f"{TODOS}/1/complete").mock(return_value=httpx.Response(200, json=todo_json(1)))

    result = run("undo", "1", "--force")

    assert result.exit_code == 0, result.stderr
    assert "If-Match" not in patch.calls.last.request.headers
    assert json.loads(patch.calls.last.request.read()) == {"is_completed": False}


def test_rm_of_a_changed_task_deletes_nothing_and_exits_changed_elsewhere(
    run: Runner, servers: respx.MockRouter
) -> None:
    servers.get(f"{TODOS}/4").mock(
        side_effect=[
            httpx.Response(200, json=todo_json(4, "Old"), headers={"ETag": '"4-1"'}),
            httpx.Response(200, json=todo_json(4, "New"), headers={"ETag": '"4-2"'}),
        ]
    )
    delete = servers.delete(f"{TODOS}/4").mock(return_value=stale())

    result = run("rm", "4", "--yes")

    assert result.exit_code == ExitCode.CHANGED_ELSEWHERE
    assert delete.calls.last.request.headers["If-Match"] == '"4-1"'
    assert "task 4 changed elsewhere (now 'New')" in result.stderr
    assert "Deleted" not in result.stderr


def test_help_documents_the_changed_elsewhere_exit_code(run: Runner) -> None:
    assert "6 the task changed elsewhere" in " ".join(run("--help").stdout.split())
