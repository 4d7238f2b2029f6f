"""`todo whoami`: which credential this run signs in with (client.credential(), the rule every API command
uses) and whose it is. Never prints a secret: not the session token, not the API key beyond its start.
"""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING, Any

import typer

from todos_cli.commands.context import settings_of
from todos_cli.exit_codes import ExitCode
from todos_cli.options import JsonOption
from todos_cli.output import data, error, message

if TYPE_CHECKING:
    from todos_cli.client import Credential
    from todos_cli.settings import Settings

# What Better Auth stores and `todo keys list` shows of a key (its `start`: the prefix and the next letter).
KEY_START_LENGTH = 6
# Field names whose values are credentials: dropped from anything whoami prints.
SECRET_NAMES = frozenset({"token", "key", "secret", "password"})


def whoami(ctx: typer.Context, json_output: JsonOption = False) -> None:
    """Show which credential `todo` uses (TODO_API_KEY, TODO_TOKEN or the stored session) and whose it is."""
    from todos_cli.client import credential, handle_errors

    settings = settings_of(ctx)
    with handle_errors():
        used = credential(settings)
        report = _api_key_report(settings, used) if used.is_api_key else _session_report(settings, used)
    if json_output:
        data(json.dumps(report, separators=(",", ":"), ensure_ascii=False))
        return
    user = report["user"]
    data(f"{user.get('email')} ({user.get('name')})")
    message(f"Signed in with {_described(settings, used)}.")
    message(f"API {settings.api_url} · auth {settings.auth_url}")


def _session_report(settings: Settings, used: Credential) -> dict[str, Any]:
    from todos_sdk import BetterAuth

    with BetterAuth(settings.auth_url) as better_auth:
        body = better_auth.get_session(used.secret)
    if body is None or not isinstance(body.get("user"), dict):
        whose = "the TODO_TOKEN session" if used.source == "TODO_TOKEN" else "your session"
        error(f"{whose} has expired or was revoked: run `todo login`")
        raise typer.Exit(ExitCode.NOT_SIGNED_IN)
    return {"credential": used.source, **without_secrets(body)}


def _api_key_report(settings: Settings, used: Credential) -> dict[str, Any]:
    """Who the key belongs to, from the JWT Better Auth trades it for (the same exchange every command makes:
    a revoked or unknown key fails here as it would there)."""
    from todos_sdk import BetterAuth

    with BetterAuth(settings.auth_url) as better_auth:
        claims = jwt_claims(better_auth.fetch_jwt_for_api_key(used.secret))
    user = {
        "id": claims.get("id") or claims.get("sub"),
        "email": claims.get("email"),
        "name": claims.get("name"),
    }
    return {"credential": used.source, "api_key": {"start": used.secret[:KEY_START_LENGTH]}, "user": user}


def _described(settings: Settings, used: Credential) -> str:
    if used.is_api_key:
        return f"the API key {used.secret[:KEY_START_LENGTH]}… from TODO_API_KEY"
    if used.source == "TODO_TOKEN":
        return "the session token in TODO_TOKEN"
    from todos_cli.config import token_location

    return f"the stored session ({token_location(settings.profile.credential_store)})"


def jwt_claims(token: str) -> dict[str, Any]:
    """A JWT's claims, read without checking its signature: it came straight from Better Auth, and only the
    name and email in it are shown (the API verifies every JWT it is sent)."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return {}
    return claims if isinstance(claims, dict) else {}


def without_secrets(value: Any) -> Any:
    """`value` with every field named like a credential (`token`, `sessionToken`, `key`…) left out."""
    if isinstance(value, dict):
        return {
            name: without_secrets(item)
            for name, item in value.items()
            if not any(str(name).lower().endswith(secret) for secret in SECRET_NAMES)
        }
    if isinstance(value, list):
        return [without_secrets(item) for item in value]
    return value
