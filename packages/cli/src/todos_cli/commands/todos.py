"""`todo list`, `add`, `show`: reading tasks and adding one (edit/done/undo/rm live in commands.changes)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from todos_cli.commands.context import settings_of
from todos_cli.options import (
    DryRunOption,
    DueOption,
    JsonOption,
    LabelOption,
    NdjsonOption,
    PriorityOption,
)
from todos_cli.output import data, message, print_json, print_todo_details, print_todos, todo_line

if TYPE_CHECKING:
    from todos_sdk import ApiResponse
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
    ndjson: NdjsonOption = False,
) -> None:
    """List your tasks, newest first. With --all --json: one page envelope per line."""
    from todos_cli.client import handle_errors, open_client
    from todos_cli.json_fields import TASK_FIELDS, requested_fields

    fields = requested_fields(ctx, TASK_FIELDS)
    with handle_errors(), open_client(settings_of(ctx)) as todos:
        if all_pages:
            pages = list(todos.iter_pages(page_size=limit, completed=completed, search=search))
        else:
            pages = [todos.list_todos_detailed(limit=limit, completed=completed, search=search)]
    if ndjson or (json_output and fields is not None):
        print_selected([page.content for page in pages], fields, one_per_line=ndjson)
        return
    if json_output:
        for page in pages:
            print_json(page.content)
        return
    items = [todo for page in pages for todo in page.data.items]
    total = pages[0].data.total
    print_todos(items)
    if total == 0:
        message("No tasks." if completed is None and search is None else "No matching tasks.")
    elif total > len(items):
        message(f"{len(items)} of {total} tasks shown: --all lists every one.")


def print_selected(pages: list[bytes], fields: list[str] | None, *, one_per_line: bool) -> None:
    """--ndjson: one task per line; --json FIELDS: one array of the tasks, each with only those fields."""
    from todos_cli.json_fields import dumps, select
    from todos_cli.output import page_items

    items = [item if fields is None else select(item, fields) for page in pages for item in page_items(page)]
    if one_per_line:
        for item in items:
            data(dumps(item))
    else:
        data(dumps(items))


def add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="The task's title (1-200 characters).", show_default=False)],
    description: Annotated[str | None, typer.Option("--description", "-d", help="Details.")] = None,
    due: DueOption = None,
    priority: PriorityOption = None,
    labels: LabelOption = None,
    json_output: JsonOption = False,
    dry_run: DryRunOption = False,
) -> None:
    """Add a task, with a due date in words, a priority and labels if you like."""
    from todos_cli.client import handle_errors, open_client
    from todos_cli.json_fields import TASK_FIELDS, requested_fields

    fields = requested_fields(ctx, TASK_FIELDS)
    if dry_run:
        details = [f"description {description!r}"] if description else []
        details += task_field_words(due=due, priority=priority, labels=labels)
        with_details = f" with {', '.join(details)}" if details else ""
        data(f"would add {title!r}{with_details} (dry run: nothing sent)")
        return
    with handle_errors(), open_client(settings_of(ctx)) as todos:
        created = todos.create_todo_detailed(
            title, description, due=due, priority=priority, labels=labels or None
        )
    print_one(created, json_output, fields)


def task_field_words(
    *,
    due: str | None,
    priority: int | None,
    labels: list[str] | None,
    clear_due: bool = False,
    to: str = "",
) -> list[str]:
    """What a dry run says it would set: `due 'every 1st'`, `priority 1`, `labels @bills` (`to=" to"`:
    `due to 'every 1st'`, as edit says it)."""
    words = ["clear the due date"] if clear_due else [f"due{to} {due!r}"] if due is not None else []
    if priority is not None:
        words.append(f"priority{to} {priority}")
    if labels:
        words.append(f"labels{to} " + " ".join(f"@{label}" for label in labels))
    return words


def show(
    ctx: typer.Context,
    todo_id: Annotated[int, typer.Argument(metavar="ID", help="Task id.", show_default=False)],
    json_output: JsonOption = False,
) -> None:
    """Show one task."""
    from todos_cli.client import handle_errors, open_client
    from todos_cli.json_fields import TASK_FIELDS, requested_fields

    fields = requested_fields(ctx, TASK_FIELDS)
    with handle_errors(not_found=f"task {todo_id} not found"), open_client(settings_of(ctx)) as todos:
        response = todos.get_todo_detailed(todo_id)
    if json_output:
        print_json(response.content, fields)
    else:
        print_todo_details(response.data)


def print_one(response: ApiResponse[TodoPublic], json_output: bool, fields: list[str] | None) -> None:
    if json_output:
        print_json(response.content, fields)
    else:
        data(todo_line(response.data))
