"""`todo trash` (list the trash) and `todo restore ID…` (take tasks back out); `todo rm` puts them in."""

from __future__ import annotations

from typing import Annotated

import typer

from todos_cli.commands.context import settings_of
from todos_cli.exit_codes import ExitCode
from todos_cli.options import JsonOption, NdjsonOption, TaskIds
from todos_cli.output import data, error, message, print_json, print_todos, todo_line


def trash(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=100, help="Tasks per page.")] = 100,
    all_pages: Annotated[bool, typer.Option("--all", "-a", help="Every page, not just the first.")] = False,
    json_output: JsonOption = False,
    ndjson: NdjsonOption = False,
) -> None:
    """List the tasks in the trash (kept 30 days; `todo restore ID` brings one back)."""
    from todos_cli.client import handle_errors, open_client
    from todos_cli.commands.todos import print_selected
    from todos_cli.json_fields import TASK_FIELDS, requested_fields

    fields = requested_fields(ctx, TASK_FIELDS)
    with handle_errors(), open_client(settings_of(ctx)) as todos:
        if all_pages:
            pages = list(todos.iter_pages(page_size=limit, trashed=True))
        else:
            pages = [todos.list_todos_detailed(limit=limit, trashed=True)]
    if ndjson or (json_output and fields is not None):
        print_selected([page.content for page in pages], fields, one_per_line=ndjson)
        return
    if json_output:
        for page in pages:
            print_json(page.content)
        return
    items = [todo for page in pages for todo in page.data.items]
    print_todos(items)
    total = pages[0].data.total
    if total == 0:
        message("The trash is empty.")
    elif total > len(items):
        message(f"{len(items)} of {total} trashed tasks shown: --all lists every one.")


def restore(ctx: typer.Context, todo_ids: TaskIds, json_output: JsonOption = False) -> None:
    """Take tasks out of the trash."""
    from todos_sdk import NotFound

    from todos_cli.client import handle_errors, open_client
    from todos_cli.commands.todos import print_one
    from todos_cli.json_fields import TASK_FIELDS, requested_fields

    fields = requested_fields(ctx, TASK_FIELDS)
    exit_code = ExitCode.OK
    with handle_errors(), open_client(settings_of(ctx)) as todos:
        for todo_id in todo_ids:
            try:
                restored = todos.restore_todo_detailed(todo_id)
            except NotFound:
                error(f"task {todo_id} is not in the trash")
                exit_code = exit_code or ExitCode.NOT_FOUND
                continue
            if json_output:
                print_one(restored, json_output, fields)
            else:
                data(todo_line(restored.data))
    raise typer.Exit(exit_code)
