"""The error codes' drift check: every ``code`` the API can answer has an SDK exception family, a CLI exit
code and a web message, and none of the three lists a code the API does not have.

The one list is the API's ``ErrorCode`` (``todos_api.core.errors``), which is ``ErrorResponse.code``'s enum in
openapi.json (check_sdk.py keeps that file equal to the app). The three client tables are keyed on the code:
``todos_sdk._exceptions.CODE_FAMILIES``, ``todos_cli.exit_codes.EXIT_CODES`` and ``ERROR_MESSAGES`` in
``packages/web/lib/api/error-messages.ts`` (whose ``satisfies Record<ErrorCode, string>`` also makes ``tsc``
fail). ``scripts/check_sdk.py`` (``make check-contract``) reports the differences.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from todos_devstack.paths import ROOT

WEB_MESSAGES = ROOT / "packages" / "web" / "lib" / "api" / "error-messages.ts"
SDK_TABLE = "todos_sdk._exceptions.CODE_FAMILIES"
CLI_TABLE = "todos_cli.exit_codes.EXIT_CODES"
WEB_TABLE = "ERROR_MESSAGES in packages/web/lib/api/error-messages.ts"
_WEB_BLOCK = re.compile(r"export const ERROR_MESSAGES = \{(?P<body>.*?)\n\}", re.S)
_WEB_KEY = re.compile(r"^\s*(?P<key>[a-z0-9_]+):", re.M)


def api_codes() -> list[str]:
    """The API's ErrorCode values, in declaration order."""
    error_code = importlib.import_module("todos_api.core.errors").ErrorCode
    return [member.value for member in error_code]


def _table_keys(dotted: str) -> set[str]:
    module, _, name = dotted.rpartition(".")
    table: Mapping[str, object] = getattr(importlib.import_module(module), name)
    return set(table)


def web_codes(path: Path = WEB_MESSAGES) -> set[str]:
    """The keys of the web's ERROR_MESSAGES object literal."""
    block = _WEB_BLOCK.search(path.read_text())
    if block is None:
        raise ValueError(f"no `export const ERROR_MESSAGES = {{…}}` in {path}")
    return {match["key"] for match in _WEB_KEY.finditer(block["body"])}


def client_tables() -> dict[str, set[str]]:
    """Each client's codes, by the table's name."""
    return {SDK_TABLE: _table_keys(SDK_TABLE), CLI_TABLE: _table_keys(CLI_TABLE), WEB_TABLE: web_codes()}


def drift(api: Iterable[str], tables: Mapping[str, set[str]]) -> list[str]:
    """One line per table that misses a code of the API or lists one the API does not answer."""
    expected = set(api)
    problems = []
    for name, codes in tables.items():
        if missing := sorted(expected - codes):
            problems.append(f"{name} has no entry for the API's error code(s): {', '.join(missing)}")
        if extra := sorted(codes - expected):
            problems.append(f"{name} lists code(s) the API does not answer: {', '.join(extra)}")
    return problems


def check() -> list[str]:
    return drift(api_codes(), client_tables())
