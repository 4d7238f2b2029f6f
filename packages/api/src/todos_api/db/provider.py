"""The database of ``todos-api migrate|serve``: ``DATABASE_URL``, else one that an installed package provides.

The service never picks a database itself (a deployment sets ``DATABASE_URL``). On a development checkout the
workspace's dev tooling registers its embedded PostgreSQL under the entry-point group ``todos_api.database``
(tools/devstack/pyproject.toml), so the commands run on it there; with the todos-api wheel alone nothing is
registered, and they say in one line what to do. The API names no dev module: the registration points at it.

A provider is a callable ``provide(say)`` that returns a context manager: entering it starts what it needs
(telling the user through ``say``, one line each) and yields a ``postgresql://`` URL; leaving it stops what it
started. A provider that cannot start raises ``RuntimeError`` with the one line to show.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from importlib.metadata import EntryPoint, entry_points

ENTRY_POINT_GROUP = "todos_api.database"
NOT_INSTALLED = (
    "DATABASE_URL is not set and the embedded PostgreSQL is not installed: set DATABASE_URL, or run from the "
    "workspace (`uv sync --all-packages` installs todos-devstack, which provides it)"
)

Say = Callable[[str], None]
Provider = Callable[[Say], AbstractContextManager[str]]


class NoDatabase(Exception):
    """No database to use; the message is the one line that says what to do."""


def registered() -> list[EntryPoint]:
    """The providers installed in this environment, by name."""
    return sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda entry: entry.name)


def _provider() -> Provider:
    found = registered()
    if not found:
        raise NoDatabase(NOT_INSTALLED)
    if len(found) > 1:
        names = ", ".join(f"{entry.name} ({entry.value})" for entry in found)
        raise NoDatabase(f"DATABASE_URL is not set and several packages provide a database ({names}): set it")
    try:
        provider: Provider = found[0].load()
    except ImportError as err:  # registered, but its package is broken or half removed
        raise NoDatabase(f"{NOT_INSTALLED} ({found[0].value}: {err})") from err
    return provider


@contextlib.contextmanager
def database_url(say: Say) -> Iterator[str]:
    """``DATABASE_URL``, or the provided database's URL, for the duration of the body."""
    url = os.environ.get("DATABASE_URL")
    if url:
        yield url
        return
    provide = _provider()
    with contextlib.ExitStack() as running:
        try:
            url = running.enter_context(provide(say))
        except RuntimeError as err:
            raise NoDatabase(str(err)) from err
        yield url
