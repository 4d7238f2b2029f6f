"""`todo watch`: print each change of your tasks as it happens, until Ctrl-C (which exits 0).

It follows the API's live stream (the SDK's watch(), which reconnects by itself with Last-Event-ID). When
the stream is unavailable (503, or an API without it: 404/405) it polls the change feed instead, from the
same cursor, so the switch loses nothing; failures while polling are waited out quietly, like reconnects.
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Annotated

import typer

from todos_cli.commands.context import settings_of
from todos_cli.output import data, message

if TYPE_CHECKING:
    from todos_sdk import Change, TodosClient

# 404/405: an API from before the stream; 503: the server cannot hold streams right now.
STREAM_UNAVAILABLE = frozenset({404, 405, 503})


def watch(
    ctx: typer.Context,
    json_output: Annotated[
        bool, typer.Option("--json", help="One change per line, as the API sends it (a change-feed item).")
    ] = False,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Start after this cursor (default: now).", show_default=False),
    ] = None,
    interval: Annotated[
        float, typer.Option("--interval", min=0.1, help="Seconds between polls, when polling.")
    ] = 2.0,
) -> None:
    """Print changes to your tasks as they happen (Ctrl-C stops)."""
    from todos_sdk import ApiError

    from todos_cli.client import handle_errors, open_client

    try:
        with handle_errors(), open_client(settings_of(ctx)) as todos:
            cursor = since
            try:
                for change in todos.watch(since):
                    print_change(change, json_output)
                    cursor = change.cursor
            except ApiError as err:
                if err.status_code not in STREAM_UNAVAILABLE:
                    raise
                message(f"live updates unavailable (HTTP {err.status_code}): polling every {interval:g} s")
                _poll(todos, cursor, interval, json_output)
    except KeyboardInterrupt:
        raise typer.Exit(0) from None


def print_change(change: Change, json_output: bool) -> None:
    """`--json`: the API's change object on one line; else `changed #12 [ ] Buy milk`."""
    from todos_cli.json_fields import dumps
    from todos_cli.output import todo_line

    if json_output:
        data(dumps(change.raw))
    elif change.todo is None:
        data(f"{change.kind:<8} #{change.id}")
    else:
        data(f"{change.kind:<8} {todo_line(change.todo)}")


def _poll(todos: TodosClient, cursor: str | None, interval: float, json_output: bool) -> None:
    """Follow GET /todos/changes from cursor (None: from now on) for ever."""
    from todos_sdk import Change, ServerUnreachable, ServiceUnavailable

    print_changes = cursor is not None  # without a cursor, first catch up silently: "now" is the feed's end
    while True:
        try:
            page = todos.list_changes_detailed(cursor, limit=1000)
        except (ServerUnreachable, ServiceUnavailable):
            time.sleep(interval)
            continue
        if print_changes:
            for raw in json.loads(page.content)["items"]:
                print_change(Change.from_json(raw, None), json_output)
        cursor = page.data.next_cursor
        if not page.data.has_more:
            print_changes = True
            time.sleep(interval)
