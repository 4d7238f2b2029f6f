"""The asyncpg pool behind every request, and how it survives dead connections.

Why not SQLAlchemy's pool: the hot path runs one pre-written statement per request (see ``queries.py``), and
asyncpg's pool does that with the least work per request. Two choices keep it at one round trip:
- the pool's reset-on-release (``RESET ALL; UNLISTEN *; ...``) is replaced by a no-op, because no request ever
  changes session state (asyncpg still rolls back a transaction left open, which we never leave);
- no ping before use: the pool already replaces connections it has seen close (PostgreSQL restarts and idle
  timeouts close the socket, which asyncpg notices for free). A connection that dies silently fails the
  statement; idempotent work is then retried once on a fresh connection, other work answers 503.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

import asyncpg

from todos_api.core.config import Settings
from todos_api.core.dburl import ConnectParams, parse_database_url
from todos_api.errors import DatabaseUnavailable

logger = logging.getLogger(__name__)

# Errors after which the connection is gone: the statement may or may not have run.
CONNECTION_LOST: tuple[type[BaseException], ...] = (
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.exceptions.OperatorInterventionError,
    ConnectionError,
    OSError,
)
# Errors before a statement could be sent: the server cannot be reached or refuses connections.
CANNOT_CONNECT: tuple[type[BaseException], ...] = (
    *CONNECTION_LOST,
    asyncpg.TooManyConnectionsError,
    asyncpg.InvalidAuthorizationSpecificationError,
    asyncpg.InvalidPasswordError,
    TimeoutError,
)


async def _keep_session(_connection: asyncpg.Connection) -> None:
    """Pool reset hook: nothing to undo, so no reset query (saves a round trip per request)."""


class Database:
    """Owns the pool; every statement of the service goes through ``fetch``."""

    def __init__(self, params: ConnectParams, settings: Settings) -> None:
        self._params = params
        self._settings = settings
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
        self._pool = await asyncpg.create_pool(
            **connect_kwargs,
            min_size=0,
            max_size=self._settings.db_pool_size,
            statement_cache_size=self._settings.db_statement_cache_size,
            command_timeout=self._settings.db_command_timeout_seconds,
            max_inactive_connection_lifetime=self._settings.db_max_idle_seconds,
            reset=_keep_session,
        )

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
        """Run one statement in autocommit mode (a single statement is atomic on its own)."""
        try:
            return await self._fetch_once(query, args)
        except CONNECTION_LOST as err:
            if not idempotent or isinstance(err, _Unreachable):
                raise DatabaseUnavailable() from err
            logger.warning("database connection lost (%s); retrying once on a new connection", err)
        try:
            return await self._fetch_once(query, args)
        except CANNOT_CONNECT as err:
            raise DatabaseUnavailable() from err

    async def _fetch_once(self, query: str, args: Sequence[Any]) -> Sequence[asyncpg.Record]:
        try:
            connection = await self.pool.acquire()
        except CANNOT_CONNECT as err:
            raise _Unreachable(str(err)) from err
        try:
            return await connection.fetch(query, *args)
        except TimeoutError as err:
            raise DatabaseUnavailable("The database did not answer in time.") from err
        finally:
            await self.pool.release(connection)

    async def ping(self, timeout: float = 2.0) -> bool:
        try:
            async with asyncio.timeout(timeout):
                await self.fetch("SELECT 1", idempotent=True)
        except (DatabaseUnavailable, TimeoutError):
            return False
        return True


class _Unreachable(ConnectionError):
    """No connection could be made: nothing was sent, but retrying at once would not help either."""
