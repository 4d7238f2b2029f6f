"""Options shared by several commands, as Annotated aliases."""

from __future__ import annotations

from typing import Annotated

import typer

JsonOption = Annotated[
    bool,
    typer.Option(
        "--json",
        help="Print the API's own JSON (a task object; the page envelope for list). --json FIELDS "
        "(comma-separated, e.g. --json id,title) prints only those fields.",
    ),
]
NdjsonOption = Annotated[
    bool, typer.Option("--ndjson", help="One task per line, as JSON (for streams; with --all, every page).")
]
DryRunOption = Annotated[bool, typer.Option("--dry-run", help="Say what would be done, and do nothing.")]
ForceOption = Annotated[
    bool,
    typer.Option(
        "--force", help="Write even if the task changed since it was read (skips the If-Match check)."
    ),
]
EmailOption = Annotated[str | None, typer.Option("--email", "-e", help="Account email [default: prompt].")]
PasswordStdinOption = Annotated[
    bool,
    typer.Option("--password-stdin", help="Read the password from stdin's first line."),
]
TaskIds = Annotated[list[int], typer.Argument(help="Task ids.", metavar="ID...", show_default=False)]
DueOption = Annotated[
    str | None,
    typer.Option(
        "--due",
        metavar="PHRASE",
        help='When, in words: "tomorrow 5pm", "next friday", "every 1st", "every! 3 days" (read by the API '
        "in this machine's time zone).",
    ),
]
PriorityOption = Annotated[
    int | None,
    typer.Option(
        "--priority", "-p", min=1, max=4, help="1 (most urgent) to 4 (the default).", show_default=False
    ),
]
LabelOption = Annotated[
    list[str] | None,
    typer.Option("--label", "-l", metavar="NAME", help="A label (repeat for several).", show_default=False),
]
