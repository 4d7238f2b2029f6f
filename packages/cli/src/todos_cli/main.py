"""The `todo` command: a Typer app whose commands live in todos_cli.commands.

Start-up time matters for a command people type all day (< 400 ms to the first line of `todo list`), so this
module and the command modules import only Typer; the SDK, httpx and Rich load inside the commands that use
them.
"""

from __future__ import annotations

from typing import Annotated

import typer
from typer.core import TyperGroup

from todos_cli.commands import auth, changes, keys, labels, todos, trash, watch, whoami
from todos_cli.exit_codes import HELP as EXIT_CODES_HELP
from todos_cli.settings import resolve_settings

ENVIRONMENT_HELP = (
    "Environment: TODO_API_URL, TODO_AUTH_URL (where to connect), TODO_TOKEN (a session token to use "
    "instead of the stored one, for CI), TODO_API_KEY (an API key from `todo keys create`: every command "
    "signs in with it, for automation), TODO_CONFIG_DIR (where the profile and token file live)."
)


class TodoGroup(TyperGroup):
    """The root command: takes `--json FIELDS` apart before Click parses (see todos_cli.json_fields)."""

    # Typer 0.27 vendors Click as typer._click; its Context is the one parse_args receives.
    def parse_args(self, ctx: typer._click.Context, args: list[str]) -> list[str]:
        from todos_cli.json_fields import META_KEY, split_json_fields

        args, fields = split_json_fields(args)
        if fields is not None:
            ctx.meta[META_KEY] = fields
        return super().parse_args(ctx, args)


app = typer.Typer(
    name="todo",
    cls=TodoGroup,
    help="Todos from the terminal: sign in once, then add, list, finish and delete tasks.",
    epilog=f"{EXIT_CODES_HELP}\n\n{ENVIRONMENT_HELP}",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    # Locals in a traceback could include the password or the session token.
    pretty_exceptions_show_locals=False,
    # Plain help and usage errors: compact, and brackets such as [default: …] are not taken for Rich markup.
    rich_markup_mode=None,
)


# The SDK owns these defaults (todos_sdk.DEFAULT_API_URL, DEFAULT_AUTH_URL); they are spelled again here only
# because importing the SDK for `todo --help` is what main.py avoids. tests/unit/cli/test_settings.py fails
# when the two disagree.
API_URL_HELP = "The API's base URL [default: http://localhost:8000]."
AUTH_URL_HELP = "Better Auth's (the web app's) URL [default: http://localhost:3000]."


@app.callback()
def main(
    ctx: typer.Context,
    api_url: Annotated[
        str | None,
        typer.Option("--api-url", envvar="TODO_API_URL", help=API_URL_HELP),
    ] = None,
    auth_url: Annotated[
        str | None,
        typer.Option("--auth-url", envvar="TODO_AUTH_URL", help=AUTH_URL_HELP),
    ] = None,
) -> None:
    """Todos from the terminal: sign in once, then add, list, finish and delete tasks."""
    ctx.obj = resolve_settings(api_url, auth_url)


app.command()(auth.signup)
app.command()(auth.login)
app.command()(auth.logout)
app.command()(whoami.whoami)
app.add_typer(keys.app, name="keys")
app.command("list")(todos.list_todos)
app.command()(todos.add)
app.command()(todos.show)
app.command()(changes.edit)
app.command()(changes.done)
app.command()(changes.undo)
app.command()(changes.rm)
app.command()(labels.labels)
app.command()(trash.trash)
app.command()(trash.restore)
app.command()(watch.watch)
