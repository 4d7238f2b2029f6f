"""`todo login`'s default: device authorization (RFC 8628) through Better Auth, approved in the browser.

The code and the link go to stderr (stdout stays for data); the browser opens only where one can show a page:
never with --no-open, never on a Linux box with no display (ssh, CI) unless BROWSER names one. Polling, its
interval and `slow_down` are the SDK's (BetterAuth.poll_device_token); the session it yields is stored exactly
as a password login's.
"""

from __future__ import annotations

import os
import sys

import typer

from todos_cli.exit_codes import ExitCode
from todos_cli.output import error, message

CLIENT_ID = "todo-cli"


def device_login(auth_url: str, *, open_browser: bool) -> str:
    """The session token once the person approved in the browser; exits with a LOGIN_* code otherwise."""
    from todos_sdk import BetterAuth, DeviceAccessDenied, DeviceCodeExpired, DeviceCodeInvalid

    from todos_cli.client import handle_errors

    with handle_errors(), BetterAuth(auth_url) as better_auth:
        code = better_auth.request_device_code(client_id=CLIENT_ID)
        message(f"Your one-time code: {readable(code.user_code)}")
        message(f"Approve this sign-in at {code.verification_uri_complete}")
        if open_browser and browser_available() and _open(code.verification_uri_complete):
            message("(opened in your browser)")
        message(f"Waiting for approval (the code expires in {code.expires_in // 60} minutes)…")
        try:
            return better_auth.poll_device_token(code)
        except DeviceCodeExpired as err:
            error("the code expired before it was approved: run `todo login` again")
            raise typer.Exit(ExitCode.LOGIN_EXPIRED) from err
        except DeviceAccessDenied as err:
            error("the sign-in was denied in the browser")
            raise typer.Exit(ExitCode.LOGIN_DENIED) from err
        except DeviceCodeInvalid as err:
            error("Better Auth does not know this code (mistyped, or already used): run `todo login` again")
            raise typer.Exit(ExitCode.LOGIN_INVALID) from err


def readable(user_code: str) -> str:
    """`X9GZ6YDJ` as `X9GZ-6YDJ`, easier to read out; the /device page takes it with or without the dash."""
    return f"{user_code[:4]}-{user_code[4:]}" if len(user_code) == 8 else user_code


def browser_available() -> bool:
    """Whether a browser can show a page here, decided without starting one."""
    if os.environ.get("BROWSER"):  # the user named one (webbrowser honours it)
        return True
    if sys.platform in ("darwin", "win32"):
        return True
    # Linux and the BSDs: a graphical browser needs a display; over ssh or in CI there is none.
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _open(url: str) -> bool:
    import webbrowser

    try:
        return webbrowser.open(url)
    except webbrowser.Error:
        return False
