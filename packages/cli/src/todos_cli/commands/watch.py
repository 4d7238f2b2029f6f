"""`todo watch`: print each change of your tasks as it happens, until Ctrl-C (which exits 0).

It follows the API's live stream (the SDK's watch(), which reconnects by itself with Last-Event-ID). When
the stream is unavailable (503, or an API without it: 404/405) it polls the change feed instead, from the
same cursor, so the switch loses nothing. Either way an outage is waited out, with one "reconnecting…" line
on stderr per outage (silence looked like a hang), and `--timeout` bounds the wait (exit 5, as every other
command that cannot reach the API).
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Annotated

import typer

from todos_cli.commands.context import settings_of
from todos_cli.exit_codes import ExitCode
from todos_cli.output import data, error, message

if TYPE_CHECKING:
    from todos_sdk import ApiError, Change, Reconnecting, ServerUnreachable, ServiceUnavailable, TodosClient

# 404/405: an API from before the stream; 503: the server cannot hold streams right now.
STREAM_UNAVAILABLE = frozenset({404, 405, 503})
# How the API refuses a cursor it cannot read: as Last-Event-ID (the stream) and as `since` (the feed).
BAD_CURSOR = frozenset({"invalid_last_event_id", "invalid_cursor"})


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
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout",
            min=0,
            help="Give up (exit 5) once the API has been unreachable this many seconds [default: never].",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print changes to your tasks as they happen (Ctrl-C stops)."""
    from todos_sdk import ApiError, ServerUnreachable

    from todos_cli.client import handle_errors, open_client

    outage = Outage(timeout)
    try:
        with handle_errors(), open_client(settings_of(ctx)) as todos:
            try:
                _follow(todos, since, interval, json_output, outage)
            except ApiError as err:
                if since is None or err.code not in BAD_CURSOR:
                    raise
                # The API names the header or parameter the SDK sent it in; the user gave --since.
                error(f"--since {since!r} is not a valid cursor (a change feed's next_cursor or an event id)")
                raise typer.Exit(ExitCode.USAGE) from err
            except ServerUnreachable as err:
                if timeout is None:  # not raised without --timeout: watch() waits on; kept for safety
                    raise
                error(f"{err}: gave up after {timeout:g} s without the API (--timeout)")
                raise typer.Exit(ExitCode.UNAVAILABLE) from err
    except KeyboardInterrupt:
        raise typer.Exit(0) from None


def _follow(
    todos: TodosClient, since: str | None, interval: float, json_output: bool, outage: Outage
) -> None:
    """The live stream from `since`; the change feed, polled, when the API cannot stream."""
    from todos_sdk import ApiError

    cursor = since
    try:
        for change in todos.watch(since, on_reconnect=outage.reconnecting, give_up_after=outage.timeout):
            print_change(change, json_output)
            cursor = change.cursor
    except ApiError as err:
        if err.status_code not in STREAM_UNAVAILABLE:
            raise
        message(f"live updates unavailable (HTTP {err.status_code}): polling every {interval:g} s")
        _poll(todos, cursor, interval, json_output, outage)


class Outage:
    """One "reconnecting…" line per outage on stderr, and the --timeout that ends the wait.

    The stream's outages come from the SDK (`on_reconnect`; it applies the timeout itself, give_up_after);
    the polling fallback reports its own with failed() and recovered().
    """

    def __init__(self, timeout: float | None) -> None:
        self.timeout = timeout
        self.announced = False
        self.since: float | None = None

    def reconnecting(self, state: Reconnecting) -> None:
        if state.attempt == 1:  # the first try since the stream was last open: a new outage
            self.announced = False
        if state.error is not None:
            self._announce(state.error)

    def failed(self, err: ServerUnreachable | ServiceUnavailable) -> None:
        """A poll failed: say so once, and raise it when the outage has lasted --timeout seconds."""
        now = time.monotonic()
        if self.since is None:
            self.since = now
        self._announce(err)
        if self.timeout is not None and now - self.since >= self.timeout:
            raise err

    def recovered(self) -> None:
        self.since, self.announced = None, False

    def _announce(self, err: ServerUnreachable | ApiError) -> None:
        from todos_sdk import ApiError

        if not self.announced:
            why = str(err)
            if isinstance(err, ApiError):
                why = f"the API is unavailable (HTTP {err.status_code})"
            message(f"{why}: reconnecting… (Ctrl-C stops)")
            self.announced = True


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


def _poll(todos: TodosClient, cursor: str | None, interval: float, json_output: bool, outage: Outage) -> None:
    """Follow GET /todos/changes from cursor (None: from now on) until the outage outlasts --timeout."""
    from todos_sdk import Change, ServerUnreachable, ServiceUnavailable

    print_changes = cursor is not None  # without a cursor, first catch up silently: "now" is the feed's end
    while True:
        try:
            page = todos.list_changes_detailed(cursor, limit=1000)
        except (ServerUnreachable, ServiceUnavailable) as err:
            outage.failed(err)
            time.sleep(interval)
            continue
        outage.recovered()
        if print_changes:
            for raw in json.loads(page.content)["items"]:
                print_change(Change.from_json(raw, None), json_output)
        cursor = page.data.next_cursor
        if not page.data.has_more:
            print_changes = True
            time.sleep(interval)
