"""`todo list/add/show/edit/done/undo/rm` against respx: stdout data, stderr messages, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
import respx
from todos_cli import output
from todos_cli.exit_codes import ExitCode

from tests.support.sdk_fakes import API_URL, SESSION_TOKEN, TODOS, error_json, page_json, todo_json
from tests.unit.cli.conftest import Runner

pytestmark = pytest.mark.usefixtures("logged_in")


def not_found() -> httpx.Response:
    return httpx.Response(404, json=error_json(404, "todo_not_found", "Todo not found."))


def serve_reads(servers: respx.MockRouter) -> respx.Route:
    """GET one task answers every id at version 1, with its ETag (what edit/done/undo/rm read first)."""

    def read(request: httpx.Request) -> httpx.Response:
        todo_id = int(request.url.path.rsplit("/", 1)[-1])
        return httpx.Response(200, json=todo_json(todo_id), headers={"ETag": f'"{todo_id}-1"'})

    return servers.get(url__regex=rf"{TODOS}/\d+$").mock(side_effect=read)


def test_list_prints_one_line_per_task_when_piped(run: Runner, servers: respx.MockRouter) -> None:
    servers.get(TODOS).mock(
        return_value=httpx.Response(200, json=page_json([todo_json(2, "Call Bob", done=True), todo_json(1)]))
    )

    result = run("list")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == "#2 [x] Call Bob\n#1 [ ] Buy milk\n"
    assert result.stderr == ""


def test_list_draws_a_table_on_a_terminal(
    run: Runner, servers: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(output, "stdout_is_terminal", lambda: True)
    servers.get(TODOS).mock(
        return_value=httpx.Response(
            200, json=page_json([todo_json(7, "Water plants", description="balcony")])
        )
    )

    result = run("list")

    assert result.exit_code == 0, result.stderr
    header, row = result.stdout.splitlines()[:2]
    assert header.split() == ["ID", "Done", "Title", "Description"]
    assert row.split() == ["7", "·", "Water", "plants", "balcony"]


def test_list_json_prints_the_api_body_verbatim(run: Runner, servers: respx.MockRouter) -> None:
    body = json.dumps(page_json([todo_json(1)]), separators=(",", ":")).encode()
    servers.get(TODOS).mock(return_value=httpx.Response(200, content=body))

    result = run("list", "--json")

    assert result.stdout.encode() == body + b"\n"


def test_list_passes_filters_and_limit(run: Runner, servers: respx.MockRouter) -> None:
    route = servers.get(TODOS).mock(return_value=httpx.Response(200, json=page_json([])))

    result = run("list", "--done", "--search", "milk", "--limit", "5")

    assert result.exit_code == 0
    assert dict(route.calls.last.request.url.params) == {
        "skip": "0",
        "limit": "5",
        "completed": "true",
        "q": "milk",
    }
    assert result.stderr == "No matching tasks.\n"
    assert run("list", "--pending").exit_code == 0
    assert route.calls.last.request.url.params["completed"] == "false"


def test_list_says_how_many_tasks_are_not_shown(run: Runner, servers: respx.MockRouter) -> None:
    servers.get(TODOS).mock(
        return_value=httpx.Response(200, json=page_json([todo_json(3)], total=3, limit=1))
    )

    result = run("list", "-n", "1")

    assert result.stdout == "#3 [ ] Buy milk\n"
    assert result.stderr == "1 of 3 tasks shown: --all lists every one.\n"


def test_list_all_json_prints_one_page_envelope_per_line(run: Runner, servers: respx.MockRouter) -> None:
    route = servers.get(TODOS).mock(
        side_effect=[
            httpx.Response(200, json=page_json([todo_json(2)], total=2, limit=1)),
            httpx.Response(200, json=page_json([todo_json(1)], total=2, skip=1, limit=1)),
        ]
    )

    result = run("list", "--all", "--json", "--limit", "1")

    pages = [json.loads(line) for line in result.stdout.splitlines()]
    assert [page["skip"] for page in pages] == [0, 1]
    assert [item["id"] for page in pages for item in page["items"]] == [2, 1]
    assert route.call_count == 2


def test_list_limit_out_of_range_exits_usage(run: Runner) -> None:
    assert run("list", "--limit", "101").exit_code == ExitCode.USAGE


def test_list_without_session_exits_not_signed_in(run: Runner, config_dir: Path) -> None:
    (config_dir / "session-token").unlink()

    result = run("list")

    assert result.exit_code == ExitCode.NOT_SIGNED_IN
    assert result.stderr == "error: not signed in: run `todo login` (or set TODO_TOKEN)\n"


def test_expired_session_exits_not_signed_in_with_login_hint(run: Runner, servers: respx.MockRouter) -> None:
    servers.routes["jwt"].mock(side_effect=None, return_value=httpx.Response(401))

    result = run("list")

    assert result.exit_code == ExitCode.NOT_SIGNED_IN
    assert result.stderr == "error: your session has expired or was revoked: run `todo login`\n"


def test_unreachable_api_exits_unavailable(run: Runner, servers: respx.MockRouter) -> None:
    servers.get(TODOS).mock(side_effect=httpx.ConnectError("refused"))

    result = run("list")

    assert result.exit_code == ExitCode.UNAVAILABLE
    assert result.stderr.startswith(f"error: cannot connect to {API_URL}: is it running?")
    assert "TODO_API_URL" in result.stderr and "TODO_AUTH_URL" in result.stderr  # how to point it elsewhere
    assert result.stderr.count("\n") == 1


def test_todo_token_overrides_the_stored_session(run: Runner, servers: respx.MockRouter) -> None:
    servers.get(TODOS).mock(return_value=httpx.Response(200, json=page_json([])))

    run("list", env={"TODO_TOKEN": "ci-session"})

    assert servers.routes["jwt"].calls.last.request.headers["authorization"] == "Bearer ci-session"
    run("list")
    assert servers.routes["jwt"].calls.last.request.headers["authorization"] == f"Bearer {SESSION_TOKEN}"


def test_api_url_flag_beats_environment_beats_profile(run: Runner, servers: respx.MockRouter) -> None:
    for host in ("flag.test", "env.test", "api.test"):
        servers.get(f"http://{host}/api/v1/todos", name=host).mock(
            return_value=httpx.Response(200, json=page_json([]))
        )

    run("--api-url", "http://flag.test", "list", env={"TODO_API_URL": "http://env.test"})
    run("list", env={"TODO_API_URL": "http://env.test"})
    run("list")

    assert [servers.routes[host].call_count for host in ("flag.test", "env.test", "api.test")] == [1, 1, 1]


def test_add_prints_the_new_task(run: Runner, servers: respx.MockRouter) -> None:
    route = servers.post(TODOS).mock(
        return_value=httpx.Response(201, json=todo_json(5, "Buy milk", description="2 l"))
    )

    result = run("add", "Buy milk", "-d", "2 l")

    assert result.exit_code == 0, result.stderr
    assert json.loads(route.calls.last.request.read()) == {"title": "Buy milk", "description": "2 l"}
    assert result.stdout == "#5 [ ] Buy milk\n"


def test_add_json_prints_the_api_body(run: Runner, servers: respx.MockRouter) -> None:
    body = json.dumps(todo_json(5)).encode()
    servers.post(TODOS).mock(return_value=httpx.Response(201, content=body))

    assert run("add", "Buy milk", "--json").stdout.encode() == body + b"\n"


def test_add_rejected_title_exits_usage_naming_the_field(run: Runner, servers: respx.MockRouter) -> None:
    errors = [
        {"loc": ["body", "title"], "msg": "String should have at most 200 characters", "type": "too_long"}
    ]
    servers.post(TODOS).mock(
        return_value=httpx.Response(422, json=error_json(422, "validation_error", "Invalid request.", errors))
    )

    result = run("add", "x" * 201)

    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == "error: rejected: title: String should have at most 200 characters\n"
    assert result.stdout == ""


def test_show_prints_details_and_json(run: Runner, servers: respx.MockRouter) -> None:
    body = todo_json(4, "Call Bob", done=True, description="about the\ntrip")
    servers.get(f"{TODOS}/4").mock(return_value=httpx.Response(200, json=body))

    plain = run("show", "4")
    as_json = run("show", "4", "--json")

    assert plain.stdout.splitlines()[:3] == ["#4 [x] Call Bob", "    about the", "    trip"]
    assert json.loads(as_json.stdout) == body


def test_show_missing_task_exits_not_found(run: Runner, servers: respx.MockRouter) -> None:
    servers.get(f"{TODOS}/99").mock(return_value=not_found())

    result = run("show", "99")

    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stderr == "error: task 99 not found\n"


def test_show_non_numeric_id_exits_usage(run: Runner) -> None:
    assert run("show", "abc").exit_code == ExitCode.USAGE


def test_edit_sends_only_the_given_fields(run: Runner, servers: respx.MockRouter) -> None:
    serve_reads(servers)
    route = servers.put(f"{TODOS}/4").mock(return_value=httpx.Response(200, json=todo_json(4, "Call Alice")))

    result = run("edit", "4", "--title", "Call Alice")

    assert result.exit_code == 0, result.stderr
    assert json.loads(route.calls.last.request.read()) == {"title": "Call Alice"}
    assert result.stdout == "#4 [ ] Call Alice\n"


def test_edit_with_empty_description_clears_it(run: Runner, servers: respx.MockRouter) -> None:
    serve_reads(servers)
    route = servers.put(f"{TODOS}/4").mock(return_value=httpx.Response(200, json=todo_json(4)))

    assert run("edit", "4", "-d", "").exit_code == 0
    assert json.loads(route.calls.last.request.read()) == {"description": None}


def test_edit_without_changes_exits_usage_before_any_request(run: Runner, servers: respx.MockRouter) -> None:
    result = run("edit", "4")

    assert result.exit_code == ExitCode.USAGE
    assert servers.routes["jwt"].call_count == 0


def test_done_marks_each_task_and_goes_on_past_a_missing_one(run: Runner, servers: respx.MockRouter) -> None:
    serve_reads(servers)
    servers.patch(f"{TODOS}/1/complete").mock(return_value=httpx.Response(200, json=todo_json(1, done=True)))
    servers.patch(f"{TODOS}/2/complete").mock(return_value=not_found())
    third = servers.patch(f"{TODOS}/3/complete").mock(
        return_value=httpx.Response(200, json=todo_json(3, "Third", done=True))
    )

    result = run("done", "1", "2", "3")

    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stdout == "#1 [x] Buy milk\n#3 [x] Third\n"
    assert result.stderr == "error: task 2 not found\n"
    assert json.loads(third.calls.last.request.read()) == {"is_completed": True}


def test_undo_sets_not_done_and_prints_json_lines(run: Runner, servers: respx.MockRouter) -> None:
    serve_reads(servers)
    route = servers.patch(url__regex=rf"{TODOS}/\d+/complete").mock(
        side_effect=lambda request: httpx.Response(200, json=todo_json(int(request.url.path.split("/")[-2])))
    )

    result = run("undo", "1", "2", "--json")

    assert result.exit_code == 0
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [1, 2]
    assert all(json.loads(call.request.read()) == {"is_completed": False} for call in route.calls)


def test_rm_without_yes_and_no_answer_deletes_nothing(run: Runner, servers: respx.MockRouter) -> None:
    route = servers.delete(f"{TODOS}/1").mock(return_value=httpx.Response(204))

    result = run("rm", "1")  # stdin is empty: no confirmation

    assert result.exit_code == ExitCode.USAGE
    assert "nothing deleted" in result.stderr
    assert route.call_count == 0


def test_rm_after_confirmation_deletes(run: Runner, servers: respx.MockRouter) -> None:
    serve_reads(servers)
    route = servers.delete(f"{TODOS}/1").mock(return_value=httpx.Response(204))

    result = run("rm", "1", input="y\n")

    assert result.exit_code == 0, result.stderr
    assert route.call_count == 1
    assert "Deleted #1 (in the trash)." in result.stderr


def test_rm_yes_reports_missing_tasks(run: Runner, servers: respx.MockRouter) -> None:
    serve_reads(servers)
    servers.delete(f"{TODOS}/1").mock(return_value=httpx.Response(204))
    servers.delete(f"{TODOS}/2").mock(return_value=not_found())

    result = run("rm", "1", "2", "--yes")

    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stderr == "Deleted #1 (in the trash).\nerror: task 2 not found\n"


def test_server_failure_exits_error_in_one_line(run: Runner, servers: respx.MockRouter) -> None:
    servers.post(TODOS).mock(
        return_value=httpx.Response(500, json=error_json(500, "internal_error", "Boom."))
    )

    result = run("add", "x")

    assert result.exit_code == ExitCode.ERROR
    assert result.stderr == "error: the server failed: Boom. (HTTP 500)\n"


def test_help_documents_exit_codes_and_environment(run: Runner) -> None:
    result = run("--help")

    assert "Exit codes: 0 success" in result.stdout
    assert "TODO_TOKEN" in result.stdout


@pytest.mark.parametrize(
    ("status_code", "code", "exit_code"),
    [
        (413, "payload_too_large", ExitCode.USAGE),  # by the SDK class alone: 1 (other error)
        (431, "headers_too_large", ExitCode.USAGE),
        (408, "request_timeout", ExitCode.UNAVAILABLE),
        (400, "todo_not_found", ExitCode.NOT_FOUND),  # the code decides, not the status
    ],
)
def test_api_errors_exit_with_the_code_of_their_error_code(
    run: Runner, servers: respx.MockRouter, status_code: int, code: str, exit_code: ExitCode
) -> None:
    answer = httpx.Response(status_code, json=error_json(status_code, code, "no"))
    servers.post(TODOS).mock(return_value=answer)

    assert run("add", "Buy milk").exit_code == exit_code
