"""`todo list`, `add`, `show`, `edit`, `done`, `undo`, `rm`: the task commands.

Commands that take several ids go on past a missing one (reporting it) and exit with NOT_FOUND at the end;
any other failure (not signed in, server down) stops at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from todos_cli.commands.context import settings_of
from todos_cli.exit_codes import ExitCode
from todos_cli.options import JsonOption, TaskIds
from todos_cli.output import data, error, message, print_json, print_todo_details, print_todos, todo_line

if TYPE_CHECKING:
    from todos_sdk import ApiResponse, TodosClient
    from todos_sdk.models import TodoPublic


def list_todos(
    ctx: typer.Context,
    completed: Annotated[
        bool | None,
        typer.Option("--done/--pending", help="Only done, or only pending, tasks.", show_default=False),
    ] = None,
    search: Annotated[
        str | None, typer.Option("--search", "-s", help="Only tasks whose text contains this.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=100, help="Tasks per page.")] = 100,
    all_pages: Annotated[bool, typer.Option("--all", "-a", help="Every page, not just the first.")] = False,
    json_output: JsonOption = False,
) -> None:
    """List your tasks, newest first. With --all --json: one page envelope per line."""
    from todos_cli.client import handle_errors, open_client

    with handle_errors(), open_client(settings_of(ctx)) as todos:
        if all_pages:
            pages = todos.iter_pages(page_size=limit, completed=completed, search=search)
            if json_output:
                for page in pages:
                    print_json(page.content)
            else:
                print_todos(todo for page in pages for todo in page.data.items)
            return
        page = todos.list_todos_detailed(limit=limit, completed=completed, search=search)
    if json_output:
        print_json(page.content)
        return
    items, total = page.data.items, page.data.total
    print_todos(items)
    if total == 0:
        message("No tasks." if completed is None and search is None else "No matching tasks.")
    elif total > len(items):
        message(f"{len(items)} of {total} tasks shown: --all lists every one.")


def add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="The task's title (1-200 characters).", show_default=False)],
    description: Annotated[str | None, typer.Option("--description", "-d", help="Details.")] = None,
    json_output: JsonOption = False,
) -> None:
    """Add a task."""
    from todos_cli.client import handle_errors, open_client

    with handle_errors(), open_client(settings_of(ctx)) as todos:
        created = todos.create_todo_detailed(title, description)
    _print_one(created, json_output)


def show(
    ctx: typer.Context,
    todo_id: Annotated[int, typer.Argument(metavar="ID", help="Task id.", show_default=False)],
    json_output: JsonOption = False,
) -> None:
    """Show one task."""
    from todos_cli.client import handle_errors, open_client

    with handle_errors(not_found=f"task {todo_id} not found"), open_client(settings_of(ctx)) as todos:
        response = todos.get_todo_detailed(todo_id)
    if json_output:
        print_json(response.content)
    else:
        print_todo_details(response.data)


def edit(
    ctx: typer.Context,
    todo_id: Annotated[int, typer.Argument(metavar="ID", help="Task id.", show_default=False)],
    title: Annotated[str | None, typer.Option("--title", "-t", help="New title.")] = None,
    description: Annotated[
        str | None, typer.Option("--description", "-d", help='New description ("" clears it).')
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Change a task's title and/or description."""
    from todos_sdk.models import UNSET

    from todos_cli.client import handle_errors, open_client

    if title is None and description is None:
        error("nothing to change: give --title and/or --description")
        raise typer.Exit(ExitCode.USAGE)
    new_title = UNSET if title is None else title
    new_description = UNSET if description is None else (description or None)  # "" → null: clear it
    with handle_errors(not_found=f"task {todo_id} not found"), open_client(settings_of(ctx)) as todos:
        updated = todos.update_todo_detailed(todo_id, title=new_title, description=new_description)
    _print_one(updated, json_output)


def done(ctx: typer.Context, todo_ids: TaskIds, json_output: JsonOption = False) -> None:
    """Mark tasks done (safe to repeat)."""
    _set_completed(ctx, todo_ids, completed=True, json_output=json_output)


def undo(ctx: typer.Context, todo_ids: TaskIds, json_output: JsonOption = False) -> None:
    """Mark tasks not done (safe to repeat)."""
    _set_completed(ctx, todo_ids, completed=False, json_output=json_output)


def rm(
    ctx: typer.Context,
    todo_ids: TaskIds,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete tasks (asks first, unless --yes)."""
    if not yes:
        listed = ", ".join(f"#{todo_id}" for todo_id in todo_ids)
        try:
            confirmed = typer.confirm(f"Delete {listed}?", err=True)
        except typer.Abort:  # no answer (stdin closed, Ctrl-C)
            confirmed = False
        if not confirmed:
            error("nothing deleted (confirm, or pass --yes)")
            raise typer.Exit(ExitCode.USAGE)

    def delete(todos: TodosClient, todo_id: int) -> None:
        todos.delete_todo(todo_id)
        message(f"Deleted #{todo_id}.")

    _for_each_task(ctx, todo_ids, delete)


def _set_completed(ctx: typer.Context, todo_ids: list[int], *, completed: bool, json_output: bool) -> None:
    def set_completed(todos: TodosClient, todo_id: int) -> None:
        _print_one(todos.set_completed_detailed(todo_id, completed), json_output)

    _for_each_task(ctx, todo_ids, set_completed)


def _for_each_task(
    ctx: typer.Context, todo_ids: list[int], act: Callable[[TodosClient, int], None]
) -> NoReturn:
    """act on every task; a missing one is reported and the rest still go, then the exit is NOT_FOUND."""
    from todos_sdk import NotFound

    from todos_cli.client import handle_errors, open_client

    exit_code = ExitCode.OK
    with handle_errors(), open_client(settings_of(ctx)) as todos:
        for todo_id in todo_ids:
            try:
                act(todos, todo_id)
            except NotFound:
                error(f"task {todo_id} not found")
                exit_code = ExitCode.NOT_FOUND
    raise typer.Exit(exit_code)


def _print_one(response: ApiResponse[TodoPublic], json_output: bool) -> None:
    if json_output:
        print_json(response.content)
    else:
        data(todo_line(response.data))
