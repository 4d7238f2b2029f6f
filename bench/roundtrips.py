"""Counting what a request costs the database: protocol round trips and executed statements.

Round trips are counted by a TCP proxy between a server and PostgreSQL: each time a client starts sending
after PostgreSQL has answered is one round trip, whatever the messages are (a Parse of a statement not
cached yet, a BEGIN, the query, a COMMIT, a reset on pool check-in). ``pg_stat_statements`` then names the
statements.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import asyncpg


class RoundTripProxy:
    """Forwards connections to PostgreSQL and counts client→server turns across all of them."""

    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self._upstream = (upstream_host, upstream_port)
        self._server: asyncio.Server | None = None
        self.round_trips = 0
        self.port = 0

    async def start(self) -> RoundTripProxy:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _handle(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection(*self._upstream)
        last_sender = ["server"]  # a new connection opens with the client speaking first

        async def pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, sender: str) -> None:
            try:
                while data := await reader.read(65536):
                    if sender == "client" and last_sender[0] != "client":
                        self.round_trips += 1
                    last_sender[0] = sender
                    writer.write(data)
                    await writer.drain()
            except ConnectionError:
                pass  # either side went away: close the other one below
            finally:
                writer.close()

        await asyncio.gather(
            pump(client_reader, upstream_writer, "client"), pump(upstream_reader, client_writer, "server")
        )


@dataclass(frozen=True)
class StatementCount:
    calls: int
    query: str


async def reset_statements(database_url: str) -> None:
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute("create extension if not exists pg_stat_statements")
        await conn.execute("select pg_stat_statements_reset()")
    finally:
        await conn.close()


async def read_statements(database_url: str) -> list[StatementCount]:
    """Statements executed since the last reset, most frequent first (this reading query excluded)."""
    conn = await asyncpg.connect(database_url)
    try:
        rows = await conn.fetch(
            "select calls, query from pg_stat_statements"
            " where query not like '%pg_stat_statements%' order by calls desc, query"
        )
    finally:
        await conn.close()
    return [StatementCount(calls=row["calls"], query=" ".join(row["query"].split())) for row in rows]
