"""`todo signup`, `login`, `logout`: the Better Auth session the other commands use (whoami.py: whose)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from todos_cli.commands.context import settings_of
from todos_cli.exit_codes import ExitCode
from todos_cli.options import EmailOption, PasswordStdinOption
from todos_cli.output import error, message

if TYPE_CHECKING:
    from todos_cli.settings import Settings


def signup(
    ctx: typer.Context,
    email: EmailOption = None,
    name: Annotated[
        str | None, typer.Option("--name", help="Display name [default: the email's local part].")
    ] = None,
    password_stdin: PasswordStdinOption = False,
) -> None:
    """Create an account and sign in."""
    from todos_sdk import BetterAuth

    from todos_cli.client import handle_errors

    settings = settings_of(ctx)
    email = email or typer.prompt("Email", err=True)
    password = _read_password(password_stdin, confirm=True)
    with handle_errors(), BetterAuth(settings.auth_url) as better_auth:
        session = better_auth.sign_up(name=name or email.split("@")[0], email=email, password=password)
    _remember(settings, session.token, session.user.email, "Signed up and signed in")


def login(
    ctx: typer.Context,
    email: EmailOption = None,
    password_stdin: PasswordStdinOption = False,
    with_password: Annotated[
        bool, typer.Option("--password", help="Sign in with email and password in the terminal instead.")
    ] = False,
    no_open: Annotated[
        bool, typer.Option("--no-open", help="Never open a browser; print the link only.")
    ] = False,
) -> None:
    """Sign in: approve in the browser (device login), or --password. Stores the session, never a password."""
    settings = settings_of(ctx)
    if with_password or email is not None or password_stdin:
        _password_login(settings, email, password_stdin)
        return
    from todos_sdk import BetterAuth

    from todos_cli.client import handle_errors
    from todos_cli.commands.device_login import device_login

    token = device_login(settings.auth_url, open_browser=not no_open)
    with handle_errors(), BetterAuth(settings.auth_url) as better_auth:
        body = better_auth.get_session(token)
    user = body.get("user") if body else None
    email = str(user.get("email")) if isinstance(user, dict) else None
    _remember(settings, token, email, "Signed in")


def _password_login(settings: Settings, email: str | None, password_stdin: bool) -> None:
    from todos_sdk import BetterAuth

    from todos_cli.client import handle_errors

    email = email or typer.prompt("Email", err=True)
    password = _read_password(password_stdin, confirm=False)
    with handle_errors(), BetterAuth(settings.auth_url) as better_auth:
        session = better_auth.sign_in(email=email, password=password)
    _remember(settings, session.token, session.user.email, "Signed in")


def logout(ctx: typer.Context) -> None:
    """Revoke the session at Better Auth and forget it here."""
    from todos_sdk import ApiError, BetterAuth, ServerUnreachable

    from todos_cli.client import NotSignedIn, session_credential
    from todos_cli.config import delete_token

    settings = settings_of(ctx)
    try:
        used = session_credential(settings)
    except NotSignedIn:
        message("Not signed in.")
        return
    from_env, token = used.source == "TODO_TOKEN", used.secret
    try:
        with BetterAuth(settings.auth_url) as better_auth:
            better_auth.sign_out(token)
    except ServerUnreachable as err:
        # Still forget it: the credential leaves this machine, and it expires by itself within 7 days.
        if not from_env:
            delete_token(settings.profile)
        error(f"could not revoke the session (forgotten here all the same): {err}")
        raise typer.Exit(ExitCode.UNAVAILABLE) from err
    except ApiError:
        pass  # already expired or revoked: forgetting it is all there is left to do
    if from_env:
        message("Signed out: the TODO_TOKEN session is revoked (the stored one, if any, is kept).")
        return
    delete_token(settings.profile)
    message("Signed out.")


def _read_password(from_stdin: bool, *, confirm: bool) -> str:
    if from_stdin:
        password = typer.get_text_stream("stdin").readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=confirm, err=True)
    if not password:
        error("the password is empty")
        raise typer.Exit(ExitCode.USAGE)
    return password


def _remember(settings: Settings, token: str, email: str | None, done: str) -> None:
    from todos_cli.config import Profile, save_profile, save_token, token_location

    store = save_token(token)
    profile = Profile(
        api_url=settings.api_url, auth_url=settings.auth_url, email=email, credential_store=store
    )
    save_profile(profile)
    message(f"{done} as {email or 'you'} (session stored in {token_location(store)}).")
