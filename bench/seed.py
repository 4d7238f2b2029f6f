"""The benchmark's data set: users with live Better Auth sessions (its tables come from
todos_devstack.databases), and todos spread over them."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import asyncpg

from bench.identity import Identity

SEEDED_DESCRIPTION = "A task the benchmark reads back"


@dataclass(frozen=True)
class Dataset:
    """Who exists and which todo ids each user owns."""

    identities: list[Identity]
    todo_ids: dict[str, list[int]]


async def seed(database_url: str, users: int, todos_per_user: int) -> Dataset:
    """Users with live sessions, and todos spread over them (so no single row or index page is hot)."""
    identities = [
        Identity(
            user_id=f"bench-{secrets.token_hex(8)}",
            session_id=secrets.token_hex(16),
            email=f"u{i}@bench.test",
        )
        for i in range(users)
    ]
    conn = await asyncpg.connect(database_url)
    try:
        async with conn.transaction():
            await conn.executemany(
                'insert into "user" (id, name, email, "emailVerified") values ($1, $2, $3, true)',
                [(who.user_id, "Bench User", who.email) for who in identities],
            )
            await conn.executemany(
                'insert into "session" (id, "expiresAt", token, "updatedAt", "userId")'
                " values ($1, now() + interval '7 days', $2, now(), $3)",
                [(who.session_id, secrets.token_hex(16), who.user_id) for who in identities],
            )
            todo_ids: dict[str, list[int]] = {}
            for who in identities:
                rows = await conn.fetch(
                    "insert into todo (title, description, is_completed, user_id)"
                    " select 'Seeded task ' || n, $3, n % 3 = 0, $1"
                    " from generate_series(1, $2) as n returning id",
                    who.user_id,
                    todos_per_user,
                    SEEDED_DESCRIPTION,
                )
                todo_ids[who.user_id] = [row["id"] for row in rows]
        await conn.execute("analyze")
    finally:
        await conn.close()
    return Dataset(identities=identities, todo_ids=todo_ids)
