"""The PgBouncer the Neon-shaped run goes through (todos_devstack.pgbouncer) really demands verified TLS:
the ``pgbouncer`` runs of the other modules prove nothing about TLS if a client could get in without it."""

from __future__ import annotations

from collections.abc import Iterator

import asyncpg
import pytest
from todos_api.db.dburl import parse_database_url
from todos_devstack.debian import ServerUnavailable, debian_server
from todos_devstack.pgbouncer import PgBouncer, pgbouncer


@pytest.fixture(scope="module")
def bouncer() -> Iterator[PgBouncer]:
    try:
        with debian_server() as url, pgbouncer(url) as started:
            yield started
    except ServerUnavailable as err:
        pytest.skip(str(err))


async def _select_one(url: str) -> int:
    connection = await asyncpg.connect(**parse_database_url(url).asyncpg_kwargs(), statement_cache_size=0)
    try:
        return int(await connection.fetchval("SELECT 1"))
    finally:
        await connection.close()


async def test_pgbouncer_accepts_verify_full_against_its_ca(bouncer: PgBouncer) -> None:
    assert "sslmode=verify-full&sslrootcert=" in bouncer.url()
    assert await _select_one(bouncer.url()) == 1


async def test_pgbouncer_refuses_clients_without_tls_or_without_its_ca(bouncer: PgBouncer) -> None:
    plain = bouncer.url().split("?")[0]
    with pytest.raises(Exception, match="(?i)ssl|tls"):
        await _select_one(f"{plain}?sslmode=disable")
    with pytest.raises(Exception, match="(?i)certificate verify failed"):
        await _select_one(f"{plain}?sslmode=verify-full")  # the system's CAs do not know ours
