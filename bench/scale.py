"""List latency at scale (issue 10): first page, deep page by cursor and by skip, and search, on 1.2M rows.

    uv run python -m bench.scale                 # about 5 minutes on the 2-core machine

Starts a throwaway Debian PostgreSQL 15 (fsync off), seeds it with ``bench.seed_scale`` (1M tasks over 10k
users + one user with 200k), serves a JWKS like Better Auth and starts a real ``todos-api serve``, then sends
each kind of list request at a fixed, modest rate (``bench.fixed_rate``, open loop) and reports the service
time (from the send to the whole answer) P50/P95 per kind. A deep page is a random depth between 25% and
100% of the heavy user's list; its cursor is computed from the row at that depth, so every request is a
different page. The skip rows are the baseline the cursor is judged against (same run, same data).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import asyncpg
from todos_api.db.queries import TOTAL_BOUND
from todos_api.model.schemas import TodoSort
from todos_api.todos.cursor import encode
from todos_devstack.debian import DebianPostgres
from todos_devstack.identity import JwksServer

from bench.fixed_rate import FixedRateResult, run_fixed_rate
from bench.identity import Identity, TokenMinter
from bench.implementations import server_env, start_implementation
from bench.processes import stop_server
from bench.seed_scale import RARE_WORD, ScaleDataset, seed_scale

PAGE = 20
DEPTHS = 40  # distinct deep pages per kind


@dataclass(frozen=True)
class Kind:
    name: str
    paths: list[str]  # with the token index: path, user


def _request(path: str, token: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {token}\r\n\r\n".encode()


def _path(**params: object) -> str:
    return "/api/v1/todos?" + urlencode({"limit": PAGE, **params})


async def _deep_cursors(database_url: str, who: Identity, sort: TodoSort, count: int) -> list[str]:
    """Cursors naming rows at random depths (25–100%) of `who`'s list in `sort` order."""
    key = {"created": "created_at", "updated": "updated_at", "title": "title"}[sort.value.split("_")[0]]
    direction = "DESC" if sort.value.endswith("desc") else "ASC"
    conn = await asyncpg.connect(database_url)
    try:
        total = await conn.fetchval("SELECT count(*) FROM todo WHERE user_id = $1", who.user_id)
        depths = sorted(random.Random(7).randint(total // 4, total - PAGE - 1) for _ in range(count))
        rows = await conn.fetch(
            f"SELECT id, {key} FROM (SELECT id, {key}, row_number() OVER (ORDER BY {key} {direction},"
            f" id {direction}) AS n FROM todo WHERE user_id = $1) r WHERE n = ANY($2::bigint[])",
            who.user_id,
            depths,
        )
    finally:
        await conn.close()
    return [encode(sort, dict(row)) for row in rows]


async def _kinds(database_url: str, data: ScaleDataset) -> list[Kind]:
    heavy = data.heavy
    deep_skips = random.Random(3).sample(range(50_000, 200_000 - PAGE), DEPTHS)
    kinds = [
        Kind("light users: first page", [_path() for _ in data.light[:DEPTHS]]),
        Kind("heavy: first page", [_path()]),
    ]
    for sort in (TodoSort.CREATED_AT_DESC, TodoSort.UPDATED_AT_DESC, TodoSort.TITLE_ASC):
        cursors = await _deep_cursors(database_url, heavy, sort, DEPTHS)
        kinds.append(
            Kind(f"heavy: deep page by cursor, {sort.value}", [_path(sort=sort, cursor=c) for c in cursors])
        )
    kinds += [
        Kind("heavy: deep page by skip (50k–200k)", [_path(skip=skip) for skip in deep_skips]),
        Kind("heavy: search, common word (milk)", [_path(q="milk")]),
        Kind(f"heavy: search, rare word ({RARE_WORD})", [_path(q=RARE_WORD)]),
        Kind("heavy: search, no match", [_path(q="qwxz")]),
    ]
    return [kind for kind in kinds if kind.paths]


async def _count_costs(database_url: str, who: Identity, runs: int = 21) -> list[str]:
    """What `total` would cost exact, against the bounded count the list runs (median of `runs`, in SQL)."""
    bounded = f"SELECT count(*) FROM (SELECT FROM todo WHERE user_id = $1 LIMIT {TOTAL_BOUND + 1}) b"
    lines = ["", "| count for the heavy user (SQL only) | median |", "|---|---|"]
    conn = await asyncpg.connect(database_url)
    try:
        for name, query in [
            ("exact `count(*)`", "SELECT count(*) FROM todo WHERE user_id = $1"),
            (f"bounded (LIMIT {TOTAL_BOUND + 1})", bounded),
        ]:
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                await conn.fetchval(query, who.user_id)
                times.append(1000 * (time.perf_counter() - started))
            lines.append(f"| {name} | {statistics.median(times):.1f} ms |")
    finally:
        await conn.close()
    return lines


def _row(name: str, result: FixedRateResult) -> str:
    ok = result.statuses.get(200, 0)
    return (
        f"| {name} | {result.requests} | {ok} | {result.service_p50_ms:.1f} ms"
        f" | {result.service_p95_ms:.1f} ms | {result.schedule_p95_ms:.1f} ms |"
    )


async def run(args: argparse.Namespace) -> list[str]:
    server = DebianPostgres().start()
    jwks = None
    api = None
    try:
        data = await seed_scale(server.url, args.users, args.tasks, args.heavy_tasks)
        minter = TokenMinter(issuer="")
        jwks = JwksServer(minter.key)
        minter = TokenMinter(issuer=jwks.base_url, key=minter.key)
        api = await start_implementation("real", server_env(server.url, jwks), Path(tempfile.mkdtemp()))
        heavy_token = minter.mint(data.heavy)
        light_tokens = [minter.mint(who) for who in data.light[:DEPTHS]]
        lines = [
            f"{data.tasks} tasks; heavy user {args.heavy_tasks}; page size {PAGE}; {args.rate} req/s for"
            f" {args.seconds} s per kind",
        ]
        lines += await _count_costs(server.url, data.heavy)
        lines += ["", "| request | n | 200s | P50 | P95 | P95 from schedule |", "|---|---|---|---|---|---|"]
        for kind in await _kinds(server.url, data):
            if kind.name.startswith("light"):
                requests = [_request(p, t) for p, t in zip(kind.paths, light_tokens, strict=False)]
            else:
                requests = [_request(p, heavy_token) for p in kind.paths]
            result = await run_fixed_rate(
                "127.0.0.1", api.port, requests, rate=args.rate, duration_s=args.seconds, connections=4
            )
            lines.append(_row(kind.name, result))
            print(lines[-1], flush=True)
        return lines
    finally:
        if api is not None:
            await stop_server(api)
        if jwks is not None:
            jwks.close()
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--heavy-tasks", type=int, default=200_000)
    parser.add_argument("--rate", type=float, default=20.0, help="requests per second, per kind")
    parser.add_argument("--seconds", type=float, default=10.0, help="per kind")
    args = parser.parse_args(argv)
    print("\n".join(asyncio.run(run(args))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
