"""Which PostgreSQL a test session runs against: ``TEST_DATABASE_URL`` when set, else a throwaway server
from todos_devstack (fresh databases on it come from ``todos_devstack.databases.fresh_database``)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from todos_devstack.debian import debian_server
from todos_devstack.embedded import throwaway_embedded_postgres


@contextlib.contextmanager
def server_url_server() -> Iterator[str]:
    """The "server URL" kind: TEST_DATABASE_URL, else a throwaway Debian PostgreSQL 15 cluster (raises
    ServerUnavailable where its binaries are missing)."""
    if url := os.environ.get("TEST_DATABASE_URL"):
        yield url
        return
    with debian_server() as url:
        yield url


@contextlib.contextmanager
def test_server() -> Iterator[str]:
    """TEST_DATABASE_URL if set, else a throwaway embedded PostgreSQL."""
    if url := os.environ.get("TEST_DATABASE_URL"):
        yield url
        return
    with throwaway_embedded_postgres() as url:
        yield url
