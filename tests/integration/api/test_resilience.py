"""Dead connections and an unreachable database: 503s with the error shape, never a 500."""

from __future__ import annotations

import asyncio
import secrets
import socket

import asyncpg
import httpx

from tests.integration.api.helpers import TODOS, Caller, make_settings, running_app
from tests.support.tokens import JwksServer


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port  # nothing listens here once the socket is closed


async def test_unreachable_database_gives_503_and_readyz_503(jwks: JwksServer, alice: Caller) -> None:
    url = f"postgresql://postgres@127.0.0.1:{_closed_port()}/postgres"
    async with running_app(make_settings(url, jwks.url, db_connect_timeout_seconds=2)) as app:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as client:
            assert (await client.get("/healthz")).status_code == 200
            ready = await client.get("/readyz")
            assert ready.status_code == 503
            assert ready.json() == {
                "status_code": 503,
                "code": "database_unavailable",
                "detail": "The database is unavailable.",
            }
            listing = await client.get(TODOS, headers=alice.headers)
            assert listing.status_code == 503 and listing.json()["code"] == "database_unavailable"
            assert listing.headers["retry-after"] == "1"
            created = await client.post(TODOS, json={"title": "x"}, headers=alice.headers)
            assert created.status_code == 503


async def test_killed_connections_are_replaced(
    database_url: str, jwks: JwksServer, admin: asyncpg.Connection, alice: Caller
) -> None:
    name = f"todos-kill-{secrets.token_hex(3)}"
    settings = make_settings(f"{database_url}?application_name={name}", jwks.url)
    async with running_app(settings) as app:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as client:
            # Open several pooled connections, then kill them all server-side (a restart, a failover...).
            warm = await asyncio.gather(*(client.get(TODOS, headers=alice.headers) for _ in range(5)))
            assert all(response.status_code == 200 for response in warm)
            killed = await admin.fetchval(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1",
                name,
            )
            assert killed >= 1
            # Reads are retried on a fresh connection if the dead one was not noticed in time.
            for _ in range(5):
                assert (await client.get(TODOS, headers=alice.headers)).status_code == 200
            await admin.fetchval(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1",
                name,
            )
            # A create is never retried blindly: it succeeds, or says 503 — never a 500.
            created = await client.post(TODOS, json={"title": "after kill"}, headers=alice.headers)
            assert created.status_code in (201, 503), created.text
            assert (await client.get("/readyz")).status_code == 200
