"""`todo keys create|list|revoke`: API keys for automation (TODO_API_KEY), managed with the session.

Managing keys takes a signed-in person (the stored session or TODO_TOKEN); Better Auth refuses an API key
there (403 API_KEY_NOT_ALLOWED_HERE), so TODO_API_KEY plays no part in these commands. The secret is printed
once, at creation: Better Auth keeps only its hash.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated, Any

import typer

from todos_cli.commands.context import settings_of
from todos_cli.json_fields import KEY_FIELDS
from todos_cli.options import DryRunOption, JsonOption
from todos_cli.output import data, message

if TYPE_CHECKING:
    from collections.abc import Iterator
    from contextlib import AbstractContextManager

    from todos_sdk import BetterAuth

    from todos_cli.settings import Settings

app = typer.Typer(
    help="API keys for scripts and CI: `TODO_API_KEY=<key> todo list` signs in with one.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@app.command()
def create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="What the key is for (1-32 characters).", show_default=False)],
    expires_in_days: Annotated[
        int | None,
        typer.Option("--expires-in-days", min=1, max=365, help="Expire after N days [default: never]."),
    ] = None,
    json_output: JsonOption = False,
    dry_run: DryRunOption = False,
) -> None:
    """Create an API key and print its secret (shown this once only)."""
    from todos_cli.json_fields import requested_fields

    fields = requested_fields(ctx, _CREATED_FIELDS)
    if dry_run:
        expiry = f"expiring in {expires_in_days} days" if expires_in_days else "never expiring"
        data(f"would create API key {name!r}, {expiry} (dry run: nothing sent)")
        return
    with _signed_in(settings_of(ctx)) as (better_auth, token):
        created = better_auth.create_api_key(token, name, expires_in_days=expires_in_days)
    key = {"key": created.key, **asdict(created.api_key)}
    if json_output:
        from todos_cli.json_fields import dumps, select

        data(dumps(key if fields is None else select(key, fields)))
    else:
        data(str(key["key"]))
    message(
        f"Created API key {key.get('name')!r} (id {key.get('id')}). Store the key now: it is shown only this"
        " once. Use it as TODO_API_KEY."
    )


@app.command("list")
def list_keys(ctx: typer.Context, json_output: JsonOption = False) -> None:
    """List your API keys: id, prefix, name, created, last used, expiry (never the secret)."""
    from todos_cli.json_fields import dumps, requested_fields, select

    fields = requested_fields(ctx, KEY_FIELDS)
    with _signed_in(settings_of(ctx)) as (better_auth, token):
        keys = [asdict(key) for key in better_auth.list_api_keys(token)]
    if json_output:
        data(dumps(keys if fields is None else [select(key, fields) for key in keys]))
        return
    if not keys:
        message("No API keys: `todo keys create NAME` makes one.")
        return
    from todos_cli.output import print_rows

    header = ("ID", "PREFIX", "NAME", "CREATED", "LAST USED", "EXPIRES")
    print_rows(header, [_key_row(key) for key in keys])


@app.command()
def revoke(
    ctx: typer.Context,
    key_id: Annotated[str, typer.Argument(metavar="ID", help="The key's id (`todo keys list`).")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    dry_run: DryRunOption = False,
) -> None:
    """Revoke an API key: every client using it is refused from its next request."""
    from todos_cli.exit_codes import ExitCode
    from todos_cli.output import error

    if dry_run:
        data(f"would revoke API key {key_id} (dry run: nothing sent)")
        return
    if not yes:
        try:
            confirmed = typer.confirm(f"Revoke API key {key_id}?", err=True)
        except typer.Abort:  # no answer (stdin closed, Ctrl-C)
            confirmed = False
        if not confirmed:
            error("nothing revoked (confirm, or pass --yes)")
            raise typer.Exit(ExitCode.USAGE)
    with _signed_in(settings_of(ctx), not_found=f"API key {key_id} not found") as (better_auth, token):
        better_auth.revoke_api_key(token, key_id)
    message(f"Revoked API key {key_id}.")


_CREATED_FIELDS = ("key", *KEY_FIELDS)


def _signed_in(
    settings: Settings, *, not_found: str | None = None
) -> AbstractContextManager[tuple[BetterAuth, str]]:
    """Better Auth and the session token that manages keys; failures become one line and an exit code."""
    from contextlib import contextmanager

    from todos_sdk import BetterAuth

    from todos_cli.client import handle_errors, session_token

    @contextmanager
    def session() -> Iterator[tuple[BetterAuth, str]]:
        with handle_errors(not_found=not_found):
            token = session_token(settings)
            with BetterAuth(settings.auth_url) as better_auth:
                yield better_auth, token

    return session()


def _key_row(key: dict[str, Any]) -> tuple[str, ...]:
    def day(value: Any) -> str:
        return str(value)[:10] if value else "never"

    start = str(key.get("start") or key.get("prefix") or "")
    return (
        str(key.get("id")),
        f"{start}…",
        str(key.get("name") or ""),
        day(key.get("created_at")),
        day(key.get("last_used_at")),
        day(key.get("expires_at")),
    )
