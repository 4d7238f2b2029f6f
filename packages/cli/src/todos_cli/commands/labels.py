"""`todo labels`: your labels with how many live tasks carry each (GET /api/v1/labels)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import typer

from todos_cli.commands.context import settings_of
from todos_cli.options import JsonOption
from todos_cli.output import data, message, print_json

if TYPE_CHECKING:
    from todos_sdk.models import LabelCount


def label_line(label: LabelCount) -> str:
    """`@bills  3`: written as `--label`/`@label` take it, then the count of live tasks."""
    return f"@{label.name}  {label.count}"


def print_labels(labels: Iterable[LabelCount]) -> None:
    lines = [label_line(label) for label in labels]
    for line in lines:
        data(line)
    if not lines:
        message('No labels yet: `todo add "Pay rent" --label bills` gives a task one.')


def labels(ctx: typer.Context, json_output: JsonOption = False) -> None:
    """List your labels with how many tasks (not in the trash) carry each, sorted by name."""
    from todos_cli.client import handle_errors, open_client

    with handle_errors(), open_client(settings_of(ctx)) as todos:
        answer = todos.labels_detailed()
    if json_output:
        print_json(answer.content)
    else:
        print_labels(answer.data.items)
