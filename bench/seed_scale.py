"""The scale data set (issue 10): 1M tasks spread over 10k users, plus one user with 200k, loaded by COPY.

    uv run python -m bench.seed_scale                         # on a throwaway Debian PostgreSQL 15, timed
    uv run python -m bench.seed_scale --database-url URL      # into a database you give (Better Auth's tables
                                                              # and `todos-api migrate` are applied first)

Better Auth's ``"user"`` and ``"session"`` rows are included (one live session a user), so the API accepts the
benchmark's tokens exactly as it would behind the web app. Titles and descriptions are drawn from a small
vocabulary with a fixed seed, so searches have common and rare words; ``created_at`` repeats in runs of
several rows (ties, as within one transaction) and spans a year. Given an empty database at migration 0002,
the seeder loads the rows first and then runs ``todos-api migrate``, so the printed times include building
0003's indexes CONCURRENTLY on the full table; on a database already at head it COPYs into the indexed table.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import asyncpg
from todos_api.db.migrate import upgrade
from todos_devstack.databases import install_better_auth_tables
from todos_devstack.debian import DebianPostgres

from bench.identity import Identity

VERBS = ["buy", "call", "email", "fix", "plan", "read", "write", "clean", "book", "review", "pay", "send"]
NOUNS = ["milk", "report", "invoice", "garden", "car", "tickets", "slides", "doctor", "kitchen", "budget"]
NOUNS += ["letter", "roof", "passport", "dentist", "laptop", "groceries", "meeting", "contract", "bike"]
DETAILS = ["before noon", "for the team", "with Sam", "this week", "again", "urgently", "if time allows"]
# Appears in one task in RARE_EVERY of the heavy user's (and nowhere else): a selective search.
RARE_WORD = "zeppelin"
RARE_EVERY = 20_000
TIE_RUN = 4  # rows sharing one created_at
COPY_BATCH = 100_000
COLUMNS = ("title", "description", "is_completed", "user_id", "created_at", "updated_at", "version")
Row = tuple[str, str | None, bool, str, datetime, datetime, int]


@dataclass(frozen=True)
class ScaleDataset:
    heavy: Identity  # the user with `heavy_tasks` tasks
    light: list[Identity]  # the others
    tasks: int  # all rows, the heavy user's included


def _identities(count: int, prefix: str) -> list[Identity]:
    return [
        Identity(
            user_id=f"{prefix}-{i:05d}-{secrets.token_hex(4)}",
            session_id=secrets.token_hex(16),
            email=f"{prefix}{i}@scale.test",
        )
        for i in range(count)
    ]


def _rows(user_ids: list[str], tasks: int, rng: random.Random, *, rare: bool) -> Iterator[Row]:
    """`tasks` rows dealt round robin over `user_ids`, created over the past year in runs of equal times."""
    now = datetime.now(UTC)
    span = timedelta(days=365).total_seconds()
    created = now
    for n in range(tasks):
        if n % TIE_RUN == 0:
            created = now - timedelta(seconds=span * rng.random())
        title = f"{rng.choice(VERBS).capitalize()} {rng.choice(NOUNS)} {rng.choice(DETAILS)}"
        if rare and n % RARE_EVERY == 0:
            title += f" {RARE_WORD}"
        description = None if n % 3 else f"Remember to {rng.choice(VERBS)} the {rng.choice(NOUNS)}"
        edited = created + timedelta(seconds=rng.random() * 3600) if n % 5 == 0 else created
        yield (title, description, n % 4 == 0, user_ids[n % len(user_ids)], created, edited, 1)


async def _copy(conn: asyncpg.Connection, rows: Iterator[Row]) -> None:
    batch: list[Row] = []
    for row in rows:
        batch.append(row)
        if len(batch) == COPY_BATCH:
            await conn.copy_records_to_table("todo", records=batch, columns=COLUMNS)
            batch = []
    if batch:
        await conn.copy_records_to_table("todo", records=batch, columns=COLUMNS)


async def _at_revision(conn: asyncpg.Connection) -> str | None:
    if await conn.fetchval("SELECT to_regclass('public.alembic_version')") is None:
        return None
    revision: str | None = await conn.fetchval("SELECT version_num FROM alembic_version")
    return revision


async def seed_scale(database_url: str, users: int, tasks: int, heavy_tasks: int) -> ScaleDataset:
    """Load the data set; prints what each step took. `users` light users share `tasks` rows."""
    rng = random.Random(20261201)
    await install_better_auth_tables(database_url)
    conn = await asyncpg.connect(database_url)
    try:
        if await _at_revision(conn) is None:
            # Rows first, then 0003's indexes: the timed migration builds them CONCURRENTLY on the full table.
            await asyncio.to_thread(upgrade, database_url, "0002")
        heavy, *light = _identities(1, "heavy") + _identities(users, "user")
        everyone = [heavy, *light]
        started = time.perf_counter()
        await conn.copy_records_to_table(
            "user",
            records=[(who.user_id, "Scale User", who.email, True) for who in everyone],
            columns=("id", "name", "email", "emailVerified"),
        )
        expires = datetime.now(UTC) + timedelta(days=7)
        await conn.copy_records_to_table(
            "session",
            records=[
                (who.session_id, expires, secrets.token_hex(16), expires, who.user_id) for who in everyone
            ],
            columns=("id", "expiresAt", "token", "updatedAt", "userId"),
        )
        await _copy(conn, _rows([who.user_id for who in light], tasks, rng, rare=False))
        await _copy(conn, _rows([heavy.user_id], heavy_tasks, rng, rare=True))
        copied = time.perf_counter()
        print(f"COPY {len(everyone)} users + sessions, {tasks + heavy_tasks} tasks: {copied - started:.1f} s")
        await asyncio.to_thread(upgrade, database_url)
        migrated = time.perf_counter()
        print(f"todos-api migrate to head (indexes CONCURRENTLY where missing): {migrated - copied:.1f} s")
        await conn.execute("VACUUM ANALYZE")  # visibility map and statistics, as autovacuum would leave them
        print(f"VACUUM ANALYZE: {time.perf_counter() - migrated:.1f} s")
        print(f"total: {time.perf_counter() - started:.1f} s")
    finally:
        await conn.close()
    return ScaleDataset(heavy=heavy, light=light, tasks=tasks + heavy_tasks)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="seed this database (default: a throwaway Debian PostgreSQL)")
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--tasks", type=int, default=1_000_000, help="spread over --users")
    parser.add_argument("--heavy-tasks", type=int, default=200_000, help="for the one heavy user")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.database_url:
        asyncio.run(seed_scale(args.database_url, args.users, args.tasks, args.heavy_tasks))
        return 0
    server = DebianPostgres().start()
    try:
        asyncio.run(seed_scale(server.url, args.users, args.tasks, args.heavy_tasks))
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
