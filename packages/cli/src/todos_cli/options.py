"""Options shared by several commands, as Annotated aliases."""

from __future__ import annotations

from typing import Annotated

import typer

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print the API's own JSON (a task object; the page envelope for list).")
]
EmailOption = Annotated[str | None, typer.Option("--email", "-e", help="Account email [default: prompt].")]
PasswordStdinOption = Annotated[
    bool,
    typer.Option("--password-stdin", help="Read the password from stdin's first line."),
]
TaskIds = Annotated[list[int], typer.Argument(help="Task ids.", metavar="ID...", show_default=False)]
