"""`todo edit`, `done`, `undo`, `rm`: writes that never overwrite a change made elsewhere.

Each reads the task, then writes with `If-Match: <the ETag it read>`; if the task changed in between (the web
app, a script), the API answers 412, nothing is written, and the command says so with the task's current
title and exits CHANGED_ELSEWHERE. `--force` writes without the check (and without the read). `--dry-run`
reads and says what would be written. Commands that take several ids go on past a missing or changed task
(reporting it) and exit with the first failure's code at the end; any other failure stops at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from todos_cli.commands.context import settings_of
from todos_cli.commands.todos import print_one, task_field_words
from todos_cli.exit_codes import ExitCode
from todos_cli.options import (
    DryRunOption,
    DueOption,
    ForceOption,
    JsonOption,
    PriorityOption,
    TaskIds,
)
from todos_cli.output import data, error, message

if TYPE_CHECKING:
    from todos_sdk import ApiResponse, TodosClient
    from todos_sdk.models import TodoPublic

TaskId = Annotated[int, typer.Argument(metavar="ID", help="Task id.", show_default=False)]


class ChangedElsewhere(Exception):
    """The write was refused with 412; the message is the line to print."""


def edit(
    ctx: typer.Context,
    todo_id: TaskId,
    title: Annotated[str | None, typer.Option("--title", "-t", help="New title.")] = None,
    description: Annotated[
        str | None, typer.Option("--description", "-d", help='New description ("" clears it).')
    ] = None,
    due: DueOption = None,
    no_due: Annotated[bool, typer.Option("--no-due", help="Remove the due date.")] = False,
    priority: PriorityOption = None,
    labels: Annotated[
        list[str] | None,
        typer.Option(
            "--label", "-l", metavar="NAME", help="The task's labels (repeat for several; replaces them)."
        ),
    ] = None,
    json_output: JsonOption = False,
    force: ForceOption = False,
    dry_run: DryRunOption = False,
) -> None:
    """Change a task's title, description, due date, priority or labels (refused if it changed since read,
    unless --force)."""
    from todos_sdk.models import UNSET

    from todos_cli.client import handle_errors, open_client
    from todos_cli.json_fields import TASK_FIELDS, requested_fields

    fields = requested_fields(ctx, TASK_FIELDS)
    if due is not None and no_due:
        error("give --due or --no-due, not both")
        raise typer.Exit(ExitCode.USAGE)
    given = (title, description, due, priority, labels or None)
    if all(value is None for value in given) and not no_due:
        error("nothing to change: give --title, --description, --due, --no-due, --priority or --label")
        raise typer.Exit(ExitCode.USAGE)
    new_title = UNSET if title is None else title
    new_description = UNSET if description is None else (description or None)  # "" → null: clear it
    new_due = None if no_due else UNSET if due is None else due  # None clears it, UNSET leaves it
    with handle_errors(not_found=f"task {todo_id} not found"), open_client(settings_of(ctx)) as todos:
        etag = None if force and not dry_run else _read(todos, todo_id, dry_run=dry_run)
        if dry_run:
            changes = [f"title to {title!r}"] if title is not None else []
            if description is not None:
                changes.append(f"description to {description!r}" if description else "clear the description")
            changes += task_field_words(due=due, priority=priority, labels=labels, clear_due=no_due, to=" to")
            data(f"would set #{todo_id}'s {' and '.join(changes)} (dry run: nothing written)")
            return
        try:
            with changed_elsewhere(todos, todo_id):
                updated = todos.update_todo_detailed(
                    todo_id,
                    title=new_title,
                    description=new_description,
                    due=new_due,
                    priority=priority,
                    labels=labels or None,
                    if_match=None if force else etag,
                )
        except ChangedElsewhere as changed:
            error(str(changed))
            raise typer.Exit(ExitCode.CHANGED_ELSEWHERE) from changed
    print_one(updated, json_output, fields)


def done(
    ctx: typer.Context,
    todo_ids: TaskIds,
    json_output: JsonOption = False,
    force: ForceOption = False,
    dry_run: DryRunOption = False,
) -> None:
    """Mark tasks done (safe to repeat)."""
    _set_completed(ctx, todo_ids, completed=True, json_output=json_output, force=force, dry_run=dry_run)


def undo(
    ctx: typer.Context,
    todo_ids: TaskIds,
    json_output: JsonOption = False,
    force: ForceOption = False,
    dry_run: DryRunOption = False,
) -> None:
    """Mark tasks not done (safe to repeat)."""
    _set_completed(ctx, todo_ids, completed=False, json_output=json_output, force=force, dry_run=dry_run)


def rm(
    ctx: typer.Context,
    todo_ids: TaskIds,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    permanent: Annotated[
        bool, typer.Option("--permanent", help="Delete for good (also from the trash), not to the trash.")
    ] = False,
    force: ForceOption = False,
    dry_run: DryRunOption = False,
) -> None:
    """Move tasks to the trash (`todo restore` brings them back), or delete them for good with --permanent
    (asks first, unless --yes)."""
    if not yes and not dry_run:
        listed = ", ".join(f"#{todo_id}" for todo_id in todo_ids)
        try:
            confirmed = typer.confirm(f"Delete {listed}{' for good' if permanent else ''}?", err=True)
        except typer.Abort:  # no answer (stdin closed, Ctrl-C)
            confirmed = False
        if not confirmed:
            error("nothing deleted (confirm, or pass --yes)")
            raise typer.Exit(ExitCode.USAGE)

    def delete(todos: TodosClient, todo_id: int, etag: str | None) -> None:
        todos.delete_todo(todo_id, permanent=permanent, if_match=etag)
        message(f"Deleted #{todo_id} for good." if permanent else f"Deleted #{todo_id} (in the trash).")

    would = "delete {} for good" if permanent else "move {} to the trash"
    _for_each_task(ctx, todo_ids, delete, force=force, dry_run=dry_run, would=would)


def _set_completed(
    ctx: typer.Context, todo_ids: list[int], *, completed: bool, json_output: bool, force: bool, dry_run: bool
) -> None:
    from todos_cli.json_fields import TASK_FIELDS, requested_fields

    fields = requested_fields(ctx, TASK_FIELDS)

    def set_completed(todos: TodosClient, todo_id: int, etag: str | None) -> None:
        print_one(todos.complete_todo_detailed(todo_id, completed, if_match=etag), json_output, fields)

    would = "mark {} done" if completed else "mark {} not done"
    _for_each_task(ctx, todo_ids, set_completed, force=force, dry_run=dry_run, would=would)


def _for_each_task(
    ctx: typer.Context,
    todo_ids: list[int],
    act: Callable[[TodosClient, int, str | None], None],
    *,
    force: bool,
    dry_run: bool,
    would: str,  # what a dry run says, "{}" standing for the task
) -> NoReturn:
    """Read (unless --force), then act with the ETag read; a missing or changed task is reported."""
    from todos_sdk import NotFound

    from todos_cli.client import handle_errors, open_client

    exit_code = ExitCode.OK
    with handle_errors(), open_client(settings_of(ctx)) as todos:
        for todo_id in todo_ids:
            try:
                etag = None if force and not dry_run else _read(todos, todo_id, dry_run=dry_run, would=would)
                if not dry_run:
                    with changed_elsewhere(todos, todo_id):
                        act(todos, todo_id, None if force else etag)
            except NotFound:
                error(f"task {todo_id} not found")
                exit_code = exit_code or ExitCode.NOT_FOUND
            except ChangedElsewhere as changed:
                error(str(changed))
                exit_code = exit_code or ExitCode.CHANGED_ELSEWHERE
    raise typer.Exit(exit_code)


def _read(todos: TodosClient, todo_id: int, *, dry_run: bool, would: str | None = None) -> str | None:
    """The task's ETag (the If-Match of the write that follows); in a dry run, also what would happen."""
    current: ApiResponse[TodoPublic] = todos.get_todo_detailed(todo_id)
    if dry_run and would:
        task = f"#{todo_id} {current.data.title!r}"
        data(f"would {would.format(task)} (dry run: nothing written)")
    return current.headers.get("etag")


@contextmanager
def changed_elsewhere(todos: TodosClient, todo_id: int) -> Iterator[None]:
    """Turn the SDK's 412 into ChangedElsewhere, naming the task's current title (one more read)."""
    from todos_sdk import NotFound, PreconditionFailed

    try:
        yield
    except PreconditionFailed as err:
        try:
            title = todos.get_todo(todo_id).title
        except NotFound:
            raise ChangedElsewhere(f"task {todo_id} was deleted elsewhere: nothing written") from err
        raise ChangedElsewhere(
            f"task {todo_id} changed elsewhere (now {title!r}): nothing written; "
            "run it again to apply to the latest, or --force to overwrite"
        ) from err
