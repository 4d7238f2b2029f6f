"""`--json [FIELDS]`: the API's JSON as it is, or only some of its fields, as `gh --json id,title` does.

Click options take a value or not, never maybe, and `--json` is a contract flag that takes none (`todo list
--json`). So the root command rewrites the argument list before Click parses it: `--json=F`, and `--json F`
when F reads as a field list (comma-separated names, each a field some output of `todo` has), become a bare
`--json` plus the fields kept on the root context. `todo add --json "Buy milk"` keeps meaning what it always
meant, because "Buy milk" is no field name. The one ambiguity, a task titled like a field (`title`) written
right after `--json`, reads as fields: put the title first, or `--` before it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

import typer

from todos_cli.exit_codes import ExitCode

META_KEY = "todos_cli.json_fields"

# Every field a `todo` JSON output can have: a task (the API's TodoPublic: tests/unit/cli/test_output_flags.py
# fails when openapi.json's differs) and an API key (the SDK's ApiKey).
TASK_FIELDS = (
    "id",
    "title",
    "description",
    "is_completed",
    "user_id",
    "created_at",
    "updated_at",
    "deleted_at",
    "version",
    "due",
    "priority",
    "labels",
    "completed_at",
    "etag",
)
KEY_FIELDS = ("id", "name", "start", "prefix", "created_at", "last_used_at", "expires_at", "enabled")
_KNOWN = frozenset((*TASK_FIELDS, *KEY_FIELDS, "key"))  # key: the secret, in `todo keys create --json`
_FIELD_LIST = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(,[A-Za-z_][A-Za-z0-9_]*)*$")


def _reads_as_fields(value: str) -> bool:
    return bool(_FIELD_LIST.match(value)) and any(name in _KNOWN for name in value.split(","))


def split_json_fields(args: list[str]) -> tuple[list[str], str | None]:
    """The arguments with `--json FIELDS` made a bare `--json`, and FIELDS (None when not given)."""
    rewritten: list[str] = []
    fields: str | None = None
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":  # everything after it is an argument, never an option
            rewritten.extend(args[index:])
            break
        if arg.startswith("--json="):
            fields = arg.removeprefix("--json=")
            rewritten.append("--json")
        elif arg == "--json" and index + 1 < len(args) and _reads_as_fields(args[index + 1]):
            fields = args[index + 1]
            rewritten.append("--json")
            index += 1
        else:
            rewritten.append(arg)
        index += 1
    return rewritten, fields


def requested_fields(ctx: typer.Context, available: Iterable[str]) -> list[str] | None:
    """The fields asked for with `--json FIELDS` (None: all of them), checked against what this output has."""
    value = ctx.find_root().meta.get(META_KEY)
    if value is None:
        return None
    names = [name.strip() for name in str(value).split(",") if name.strip()]
    known = list(available)
    unknown = [name for name in names if name not in known]
    if not names or unknown:
        shown = ", ".join(unknown) if unknown else "(none)"
        typer.echo(f"error: unknown JSON field {shown}; available: {','.join(known)}", err=True)
        raise typer.Exit(ExitCode.USAGE)
    return names


def select(obj: Mapping[str, Any], fields: list[str]) -> dict[str, Any]:
    return {name: obj.get(name) for name in fields}


def dumps(value: Any) -> str:
    """Compact JSON on one line, as the API sends it."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
