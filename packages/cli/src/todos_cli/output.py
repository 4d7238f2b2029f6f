"""Printing: data on stdout, messages on stderr.

Tasks print as a Rich table when stdout is a terminal and as one plain line each otherwise (pipes, files),
which also spares scripts the cost of importing Rich. `--json` output is the API's own bytes, untouched;
`--json FIELDS` and `--ndjson` re-encode the API's objects (never the SDK's models), so every field the API
sends can be picked.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from todos_sdk.models import TodoPublic


def data(text: str) -> None:
    typer.echo(text)


def message(text: str) -> None:
    typer.echo(text, err=True)


def error(text: str) -> None:
    typer.echo(f"error: {text}", err=True)


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def todo_line(todo: TodoPublic) -> str:
    """`#12 [x] Buy milk`, and for a task with them `#13 [ ] Pay rent · tomorrow ↻ every 1st · p1 · @bills`:
    one task on one line."""
    from todos_cli.task_words import task_words

    line = f"#{todo.id} [{'x' if todo.is_completed else ' '}] {todo.title}"
    return " · ".join([line, *task_words(todo)])


def print_todos(todos: Iterable[TodoPublic]) -> None:
    if not stdout_is_terminal():
        for todo in todos:
            data(todo_line(todo))
        return
    from rich.console import Console
    from rich.table import Table

    from todos_cli.task_words import now, task_parts

    rows = list(todos)
    at = now()
    parts = [task_parts(todo, at) for todo in rows]
    # A column for the due, the priority, the labels only when some task has one (old lists look the same).
    shown = [
        (index, name)
        for index, name in enumerate(("Due", "Pri", "Labels"))
        if any(part[index] for part in parts)
    ]
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("ID", justify="right", style="cyan", no_wrap=True)
    table.add_column("Done", justify="center", no_wrap=True)
    table.add_column("Title", overflow="fold")
    for _, name in shown:
        table.add_column(name, overflow="fold", style="yellow" if name == "Due" else None)
    table.add_column("Description", overflow="fold", style="dim")
    for todo, part in zip(rows, parts, strict=True):
        description = todo.description if isinstance(todo.description, str) else ""
        extras = [part[index] for index, _ in shown]
        table.add_row(str(todo.id), "✓" if todo.is_completed else "·", todo.title, *extras, description)
    Console().print(table)


def print_todo_details(todo: TodoPublic) -> None:
    from todos_sdk.models import TodoDue

    lines = [todo_line(todo)]
    if isinstance(todo.description, str) and todo.description:
        lines.extend(f"    {line}" for line in todo.description.splitlines())
    if isinstance(todo.due, TodoDue):  # the exact due behind the words
        exact = todo.due.datetime_.isoformat() if todo.due.datetime_ else todo.due.date.isoformat()
        recurring = f", {todo.due.rrule}" if todo.due.rrule else ""
        lines.append(f"    due {exact} ({todo.due.timezone}{recurring}), set from {todo.due.string!r}")
    lines.append(f"    created {todo.created_at.isoformat()} · updated {todo.updated_at.isoformat()}")
    data("\n".join(lines))


def print_json(content: bytes, fields: list[str] | None = None) -> None:
    """The API's JSON as it sent it (on one line), followed by a newline; or only `fields` of it."""
    if fields is None:
        data(content.decode())
        return
    from todos_cli.json_fields import dumps, select

    data(dumps(select(json.loads(content), fields)))


def page_items(content: bytes) -> list[dict[str, Any]]:
    """The tasks of a page envelope, as the API sent them (no round trip through the SDK's models)."""
    items = json.loads(content)["items"]
    return [item for item in items if isinstance(item, dict)]


def print_rows(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    """A plain table: columns padded to their widest cell, two spaces apart (no Rich: a few short rows)."""
    widths = [max(len(row[column]) for row in (header, *rows)) for column in range(len(header))]
    for row in (header, *rows):
        data("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
