"""Import cost guards: httpx loads only with the clients, and the blocking client never loads asyncio."""

from __future__ import annotations

import subprocess
import sys

import pytest


def loaded_after(statement: str) -> list[str]:
    probe = f"import sys\n{statement}\nprint(*sorted(m for m in ('asyncio', 'httpx') if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    return result.stdout.split()


def test_defaults_and_exceptions_load_without_httpx() -> None:
    assert loaded_after("from todos_sdk import DEFAULT_API_URL, TodosError, resolve_api_url") == []


def test_blocking_client_loads_httpx_but_not_asyncio() -> None:
    assert loaded_after("from todos_sdk import TodosClient, BetterAuth") == ["httpx"]


def test_unknown_name_is_an_attribute_error() -> None:
    import todos_sdk

    with pytest.raises(AttributeError, match="NoSuchClient"):
        todos_sdk.NoSuchClient  # noqa: B018 (the lookup is the test)
