"""The per-run settings the root callback puts on the Typer context."""

from __future__ import annotations

import typer

from todos_cli.settings import Settings, resolve_settings


def settings_of(ctx: typer.Context) -> Settings:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Settings) else resolve_settings(None, None)
