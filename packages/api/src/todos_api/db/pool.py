"""The asyncpg pool behind every request, and how it survives dead connections.

Why not SQLAlchemy's pool: the hot path runs one pre-written statement per request (see ``queries.py``), and
asyncpg's pool does that with the least work per request. Two choices keep it at one round trip:
- the pool's reset-on-release (``RESET ALL; UNLISTEN *; ...``) is replaced by a no-op, because no request ever
  changes session state (asyncpg still rolls back a transaction left open, which we never leave);
- no ping before use: the pool already replaces connections it has seen close (PostgreSQL restarts and idle
  timeouts close the socket, which asyncpg usually notices for free). When a statement still meets a dead
  connection, every pooled connection is expired (they most likely died together), and the statement is
  retried once on a fresh connection if it never reached the server or is idempotent; otherwise 503.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

import asyncpg

from todos_api.core.config import Settings
from todos_api.core.errors import DatabaseUnavailable
from todos_api.db.dburl import ConnectParams, parse_database_url

logger = logging.getLogger(__name__)

# The connection broke while the statement was in flight: it may or may not have run.
CONNECTION_LOST: tuple[type[BaseException], ...] = (
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.exceptions.OperatorInterventionError,
    ConnectionError,
    OSError,
)
# asyncpg refused to send because the connection's protocol state is broken (typically the server's
# "terminating connection" notice arrived while the connection sat idle in the pool): nothing was sent.
NOT_SENT: tuple[type[BaseException], ...] = (asyncpg.InternalClientError,)
# No connection could be had: the server is down, refuses us, or the pool stayed exhausted.
CANNOT_CONNECT: tuple[type[BaseException], ...] = (
    *CONNECTION_LOST,
    asyncpg.TooManyConnectionsError,
    asyncpg.InvalidAuthorizationSpecificationError,
    asyncpg.InvalidPasswordError,
    TimeoutError,
)


def _discard(connection: asyncpg.pool.PoolConnectionProxy) -> None:
    """Close a broken connection so that the pool replaces it instead of handing it out again."""
    # asyncpg may already have taken a lost connection back from us; then there is nothing to do.
    with contextlib.suppress(asyncpg.InterfaceError):
        if not connection.is_closed():
            connection.terminate()


class _ConnectionBroken(Exception):
    def __init__(self, *, sent: bool) -> None:
        super().__init__("connection broke" if sent else "connection was broken before sending")
        self.sent = sent


async def _keep_session(_connection: asyncpg.Connection) -> None:
    """Pool reset hook: nothing to undo, so no reset query (saves a round trip per request)."""


class Database:
    """Owns the pool; every statement of the service goes through ``fetch``."""

    def __init__(
        self,
        params: ConnectParams,
        settings: Settings,
        *,
        on_connect: Callable[[asyncpg.Connection], Coroutine[Any, Any, None]] | None = None,
    ) -> None:
        self._params = params
        self._settings = settings
        self._on_connect = on_connect  # runs once per new connection (tests attach query loggers)
        self._pool: asyncpg.Pool | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        if not settings.database_url:
            raise RuntimeError(
                "DATABASE_URL is not set (todos-api serve starts the embedded PostgreSQL for you)"
            )
        return cls(parse_database_url(settings.database_url), settings)

    async def open(self) -> None:
        # min_size=0: creating the pool never connects, so the service starts (and /readyz says 503) while
        # the database is still down; connections are made on first use and kept while busy.
        connect_kwargs: dict[str, Any] = {"timeout": self._settings.db_connect_timeout_seconds}
        connect_kwargs.update(self._params.asyncpg_kwargs())  # ?connect_timeout= in the URL wins
        if self._settings.db_statement_cache_size > 0:
            # Cached (named) statements switch to a generic plan after five runs, one plan for every user and
            # search word: the list of a 200k-task user then walks all its rows for a rare word (1.7 s instead
            # of 2 ms, docs/decisions.md). Sent in the startup packet: no statement, no round trip. Without
            # a cache (PgBouncer, DB_STATEMENT_CACHE_SIZE=0) statements are unnamed and always custom-planned.
            connect_kwargs["server_settings"] = {
                "plan_cache_mode": "force_custom_plan",
                **connect_kwargs.get("server_settings", {}),
            }
        self._pool = await asyncpg.create_pool(
            **connect_kwargs,
            min_size=0,
            max_size=self._settings.db_pool_size,
            statement_cache_size=self._settings.db_statement_cache_size,
            command_timeout=self._settings.db_command_timeout_seconds,
            max_inactive_connection_lifetime=self._settings.db_max_idle_seconds,
            reset=_keep_session,
            init=self._on_connect,
        )

    async def connect(self) -> asyncpg.Connection:
        """A connection of its own, outside the pool: the one LISTEN connection of live.py."""
        connect_kwargs: dict[str, Any] = {"timeout": self._settings.db_connect_timeout_seconds}
        connect_kwargs.update(self._params.asyncpg_kwargs())
        connection: asyncpg.Connection = await asyncpg.connect(**connect_kwargs)
        return connection

    async def close(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            try:
                await asyncio.wait_for(pool.close(), timeout=5)
            except TimeoutError:
                pool.terminate()

    @property
    def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise RuntimeError("Database.open() was not called")
        return self._pool

    async def fetch(self, query: str, *args: Any, idempotent: bool) -> Sequence[asyncpg.Record]:
        """Run one statement in autocommit mode (a single statement is atomic on its own).

        A statement that never reached the server is retried once on a fresh connection; one that may have
        run is retried only when running it twice is harmless (``idempotent``), else the caller gets 503.
        """
        try:
            return await self._fetch_once(query, args)
        except _ConnectionBroken as err:
            # One dead connection usually means all of them died (server restart, failover, network cut):
            # have the pool replace every connection it holds, not just this one, as SQLAlchemy does.
            await self.pool.expire_connections()
            if err.sent and not idempotent:
                raise DatabaseUnavailable() from err
            logger.warning("database connection lost (%s); retrying once", err.__cause__ or err)
        try:
            return await self._fetch_once(query, args)
        except _ConnectionBroken as err:
            raise DatabaseUnavailable() from err

    async def _fetch_once(self, query: str, args: Sequence[Any]) -> Sequence[asyncpg.Record]:
        try:
            connection = await self.pool.acquire(timeout=self._settings.db_command_timeout_seconds)
        except CANNOT_CONNECT as err:
            # Not retried: the connect timeout was already spent, and the pool retries on the next request.
            raise DatabaseUnavailable() from err
        try:
            return await connection.fetch(query, *args)
        except TimeoutError as err:  # command_timeout; asyncpg cancels the query, the connection stays
            raise DatabaseUnavailable("The database did not answer in time.") from err
        except NOT_SENT as err:
            _discard(connection)
            raise _ConnectionBroken(sent=False) from err
        except CONNECTION_LOST as err:
            _discard(connection)
            raise _ConnectionBroken(sent=True) from err
        finally:
            await self.pool.release(connection)

    async def ping(self, timeout: float = 2.0) -> bool:
        try:
            async with asyncio.timeout(timeout):
                await self.fetch("SELECT 1", idempotent=True)
        except (DatabaseUnavailable, TimeoutError):
            return False
        return True
