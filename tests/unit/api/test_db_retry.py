"""Database.fetch on dead connections: expire the pool, retry once when safe, else 503 — no ping first."""

from __future__ import annotations

from typing import Any

import asyncpg
import pytest
from todos_api.core.errors import DatabaseUnavailable
from todos_api.db.dburl import parse_database_url
from todos_api.db.pool import Database

from tests.unit.api.conftest import unit_settings


class FakeConnection:
    def __init__(self, outcome: BaseException | list[Any]) -> None:
        self.outcome = outcome
        self.terminated = False

    async def fetch(self, _query: str, *_args: Any) -> list[Any]:
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        return self.outcome

    def is_closed(self) -> bool:
        return self.terminated

    def terminate(self) -> None:
        self.terminated = True


class FakePool:
    """Hands out connections whose fetch raises or returns the scripted outcomes, in order."""

    def __init__(
        self, *outcomes: BaseException | list[Any], acquire_error: BaseException | None = None
    ) -> None:
        self.outcomes = list(outcomes)
        self.acquire_error = acquire_error
        self.acquired: list[FakeConnection] = []
        self.released = 0
        self.expired = 0

    async def acquire(self, timeout: float | None = None) -> FakeConnection:
        del timeout
        if self.acquire_error is not None:
            raise self.acquire_error
        connection = FakeConnection(self.outcomes.pop(0))
        self.acquired.append(connection)
        return connection

    async def release(self, _connection: FakeConnection) -> None:
        self.released += 1

    async def expire_connections(self) -> None:
        self.expired += 1


def _database(pool: FakePool) -> Database:
    # The pool's side of the contract: acquire/release/expire_connections, and connections that fetch.
    database = Database(parse_database_url("postgresql://u@127.0.0.1:9/db"), unit_settings())
    database._pool = pool  # type: ignore[assignment]
    return database


LOST = asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation")
NOT_SENT = asyncpg.InternalClientError("cannot switch to state 12; another operation (2) is in progress")


async def _fetch(pool: FakePool, query: str, *, idempotent: bool) -> list[Any]:
    return list(await _database(pool).fetch(query, idempotent=idempotent))


async def test_success_uses_one_connection() -> None:
    pool = FakePool([{"x": 1}])
    assert await _fetch(pool, "SELECT", idempotent=False) == [{"x": 1}]
    assert len(pool.acquired) == 1 and pool.released == 1 and pool.expired == 0


async def test_idempotent_statement_is_retried_once_after_a_lost_connection() -> None:
    pool = FakePool(LOST, [{"x": 1}])
    assert await _fetch(pool, "SELECT", idempotent=True) == [{"x": 1}]
    assert pool.acquired[0].terminated and pool.expired == 1 and pool.released == 2


async def test_second_failure_is_503() -> None:
    pool = FakePool(LOST, LOST)
    with pytest.raises(DatabaseUnavailable):
        await _database(pool).fetch("SELECT", idempotent=True)
    assert len(pool.acquired) == 2


async def test_non_idempotent_statement_is_not_retried_after_it_may_have_run() -> None:
    pool = FakePool(LOST, [{"x": 1}])
    with pytest.raises(DatabaseUnavailable):
        await _database(pool).fetch("INSERT", idempotent=False)
    assert len(pool.acquired) == 1 and pool.expired == 1


async def test_statement_that_was_never_sent_is_retried_even_if_not_idempotent() -> None:
    pool = FakePool(NOT_SENT, [{"x": 1}])
    assert await _fetch(pool, "INSERT", idempotent=False) == [{"x": 1}]
    assert pool.acquired[0].terminated


async def test_unreachable_server_is_503_without_retry() -> None:
    pool = FakePool(acquire_error=ConnectionRefusedError("refused"))
    with pytest.raises(DatabaseUnavailable):
        await _database(pool).fetch("SELECT", idempotent=True)


async def test_statement_timeout_is_503() -> None:
    pool = FakePool(TimeoutError())
    with pytest.raises(DatabaseUnavailable, match="in time"):
        await _database(pool).fetch("SELECT", idempotent=True)
    assert pool.expired == 0  # a slow query says nothing about the other connections


async def test_sql_errors_propagate_unchanged() -> None:
    pool = FakePool(asyncpg.ForeignKeyViolationError("fk"))
    with pytest.raises(asyncpg.ForeignKeyViolationError):
        await _database(pool).fetch("INSERT", idempotent=False)
