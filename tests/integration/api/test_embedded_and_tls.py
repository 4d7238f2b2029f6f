"""The embedded PostgreSQL itself, and verified TLS from DATABASE_URL against a real server."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from todos_api.db.dburl import parse_database_url
from todos_devstack.certificates import issue_server_certificate
from todos_devstack.debian import ServerUnavailable, debian_server
from todos_devstack.embedded import (
    FAST_SETTINGS,
    embedded_postgres,
    start_embedded_postgres,
    stop_embedded_postgres,
)


async def _server_version(url: str | None = None, **kwargs: Any) -> str:
    connection = await asyncpg.connect(url, **kwargs)
    try:
        return str(await connection.fetchval("SHOW server_version"))
    finally:
        await connection.close()


@pytest.fixture
def data_dir() -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="todos-embedded-"))
    yield root / "data"
    stop_embedded_postgres(root / "data")
    shutil.rmtree(root, ignore_errors=True)


async def test_start_is_idempotent_over_tcp_and_stop_stops(data_dir: Path) -> None:
    url = start_embedded_postgres(data_dir, settings=FAST_SETTINGS)
    assert url.startswith("postgresql://postgres@127.0.0.1:") and url.endswith("/postgres")
    assert start_embedded_postgres(data_dir) == url  # reused, same port
    assert await _server_version(url)
    assert stop_embedded_postgres(data_dir) is True
    assert stop_embedded_postgres(data_dir) is False
    with pytest.raises(OSError):
        await _server_version(url, timeout=2)
    # Restarting keeps the data directory (and picks a port again).
    assert await _server_version(start_embedded_postgres(data_dir, settings=FAST_SETTINGS))


async def test_context_manager_stops_only_what_it_started(data_dir: Path) -> None:
    url = start_embedded_postgres(data_dir, settings=FAST_SETTINGS)
    with embedded_postgres(data_dir) as reused:
        assert reused == url
    assert await _server_version(url)  # still running: someone else started it
    stop_embedded_postgres(data_dir)
    with embedded_postgres(data_dir) as started:
        assert await _server_version(started)
    with pytest.raises(OSError):
        await _server_version(started, timeout=2)


@pytest.fixture(scope="module")
def tls_server() -> Iterator[tuple[str, Path]]:
    """A PostgreSQL 15 cluster with ssl=on and a certificate for "db.todos.test" and 127.0.0.1 from a private
    CA. (The embedded wheel's server is built without SSL, so this needs Debian's binaries.)"""
    certs = Path(tempfile.mkdtemp(prefix="todos-certs-"))
    files = issue_server_certificate(certs, ["db.todos.test"], ["127.0.0.1"], owner="postgres")
    ca, cert, key = files.ca, files.cert, files.key
    try:
        with debian_server({"ssl": "on", "ssl_cert_file": str(cert), "ssl_key_file": str(key)}) as url:
            yield url, ca
    except ServerUnavailable as err:
        pytest.skip(str(err))
    finally:
        shutil.rmtree(certs, ignore_errors=True)


async def test_sslmode_require_verifies_the_certificate(tls_server: tuple[str, Path]) -> None:
    url, ca = tls_server
    # Encrypted but signed by a CA the system does not trust: refused, unlike libpq's "require".
    untrusted = parse_database_url(f"{url}?sslmode=require").asyncpg_kwargs()
    with pytest.raises(Exception, match="(?i)certificate verify failed"):
        await _server_version(**(untrusted))
    trusted = parse_database_url(f"{url}?sslmode=require&sslrootcert={ca}").asyncpg_kwargs()
    assert await _server_version(**(trusted))


async def test_verify_full_checks_the_host_name_and_verify_ca_does_not(tls_server: tuple[str, Path]) -> None:
    url, ca = tls_server
    wrong_host = url.replace("127.0.0.1", "localhost")  # not in the certificate
    full = parse_database_url(f"{wrong_host}?sslmode=verify-full&sslrootcert={ca}").asyncpg_kwargs()
    with pytest.raises(Exception, match="(?i)hostname|doesn't match|not valid for"):
        await _server_version(**(full))
    chain_only = parse_database_url(f"{wrong_host}?sslmode=verify-ca&sslrootcert={ca}").asyncpg_kwargs()
    assert await _server_version(**(chain_only))


async def test_sslmode_disable_connects_in_clear(tls_server: tuple[str, Path]) -> None:
    url, _ca = tls_server
    kwargs = parse_database_url(f"{url}?sslmode=disable").asyncpg_kwargs()
    connection = await asyncpg.connect(**kwargs)
    try:
        assert await connection.fetchval("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()") is False
    finally:
        await connection.close()
