"""The fault bench: what a client sees while the database or the auth server fails under steady load.

    uv run python -m bench.faults                 # from the repository root; ~1.5 minutes

One throwaway PostgreSQL 15 (Better Auth's tables, our migrations), a JWKS server like Better Auth's, and
for each fault a fresh `todos-api serve` taking one `POST /api/v1/todos` every 1/rate seconds (open loop, a
title of its own, no client retries). The fault starts `--fault-at` seconds in. Reported per fault: every
answer other than 201 by status and error code, how long after the fault ended the last failure was
followed by success, and acknowledged writes against what the database holds afterwards (none lost, none
stored twice). The Markdown table goes to stdout and bench/results/.
"""

from __future__ import annotations

import argparse
import asyncio
import shlex
import sys
import tempfile
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
from todos_devstack.databases import execute
from todos_devstack.debian import DebianPostgres
from todos_devstack.identity import JwksServer, SigningKey
from todos_devstack.paths import ROOT as REPO_ROOT

from bench.fault_load import TABLE_HEAD, Outcome, count_stored, steady_writes, table_row
from bench.identity import Identity, TokenMinter
from bench.implementations import start_implementation, start_migrated_backend
from bench.processes import stop_server
from bench.seed import seed

APP_NAME = "todos-faults"  # the API's connections, told apart from ours in pg_stat_activity


@dataclass
class World:
    pg: DebianPostgres
    jwks: JwksServer
    who: Identity
    tokens: list[str]  # the load sends the last one: a fault may switch to a token of a new key


Fault = Callable[[World], Awaitable[None]]


async def restart(world: World) -> None:
    await asyncio.to_thread(world.pg.restart)


async def outage(world: World) -> None:
    await asyncio.to_thread(world.pg.restart, 3.0)


async def terminate_backends(world: World) -> None:
    for _ in range(3):
        await execute(
            world.pg.url,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
            APP_NAME,
        )
        await asyncio.sleep(0.5)


async def exhaust_pool(world: World) -> None:
    """Every pooled connection ends up waiting behind a lock for 4 s; requests beyond the pool wait for a
    connection. With DB_COMMAND_TIMEOUT_SECONDS=2 (this fault's setting) both waits end in a 503."""
    connection = await asyncpg.connect(world.pg.url)
    try:
        async with connection.transaction():
            await connection.execute("LOCK TABLE todo IN ACCESS EXCLUSIVE MODE")
            await asyncio.sleep(4.0)
    finally:
        await connection.close()


async def jwks_down_known_kid(world: World) -> None:
    world.jwks.go_down()
    await asyncio.sleep(3.0)
    world.jwks.come_back()


async def jwks_down_unknown_kid(world: World) -> None:
    """Better Auth rotated its key at the worst moment: new tokens carry a `kid` the API has never seen, and
    the JWKS that would publish it is down for 3 s."""
    rotated = TokenMinter(issuer=world.jwks.base_url, key=SigningKey(kid="bench-key-2"))
    world.jwks.keys.append(rotated.key)
    world.jwks.go_down()
    world.tokens.append(rotated.mint(world.who))
    await asyncio.sleep(3.0)
    world.jwks.come_back()


# name, fault, settings for the API process (beside those of bench.implementations.server_env)
FAULTS: list[tuple[str, Fault, dict[str, str]]] = [
    ("PostgreSQL restart (`pg_ctl restart -m fast`)", restart, {}),
    (
        "backend terminations (`pg_terminate_backend` of all API connections, 3× at 0.5 s)",
        terminate_backends,
        {},
    ),
    ("3 s outage (PostgreSQL stopped, then started again)", outage, {}),
    (
        "pool exhaustion (table locked 4 s, `DB_COMMAND_TIMEOUT_SECONDS=2`)",
        exhaust_pool,
        {"DB_COMMAND_TIMEOUT_SECONDS": "2"},
    ),
    ("JWKS server down 3 s, known `kid`", jwks_down_known_kid, {"AUTH_JWKS_TTL_SECONDS": "1"}),
    ("JWKS server down 3 s, unknown `kid` (key rotated as it went down)", jwks_down_unknown_kid, {}),
]


async def run_fault(
    name: str,
    fault: Fault,
    settings: dict[str, str],
    world: World,
    env: dict[str, str],
    work: Path,
    args: argparse.Namespace,
) -> Outcome:
    server = await start_implementation("real", env | settings, work)
    try:
        minter_token = world.tokens[0]
        world.tokens[:] = [minter_token]
        outcome = Outcome(name, args.fault_at, args.fault_at)
        load = asyncio.create_task(
            steady_writes(server.base_url, world.tokens, args.rate, args.duration, outcome)
        )
        await asyncio.sleep(args.fault_at)
        loop = asyncio.get_running_loop()
        started = loop.time()
        await fault(world)
        outcome.fault_end_s = args.fault_at + loop.time() - started
        await load
    finally:
        await stop_server(server)
    await count_stored(world.pg.url, outcome)
    print(table_row(outcome), flush=True)
    return outcome


async def run(args: argparse.Namespace) -> list[Outcome]:
    work = Path(tempfile.mkdtemp(prefix="todos-faults-"))
    async with AsyncExitStack() as stack:
        backend, env = await start_migrated_backend(stack)
        pg, jwks, minter = backend.pg, backend.jwks, backend.minter
        env["DATABASE_URL"] = f"{pg.url}?application_name={APP_NAME}"
        who = (await seed(pg.url, 1, 0)).identities[0]
        world = World(pg, jwks, who, [minter.mint(who)])
        print("\n".join(TABLE_HEAD), flush=True)
        chosen = [f for f in FAULTS if not args.only or any(word in f[0] for word in args.only.split(","))]
        return [
            await run_fault(name, fault, settings, world, env, work, args) for name, fault, settings in chosen
        ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rate", type=float, default=50.0, help="writes per second (open loop)")
    parser.add_argument("--duration", type=float, default=12.0, help="seconds of load per fault")
    parser.add_argument("--fault-at", type=float, default=2.0, help="seconds into the load the fault starts")
    parser.add_argument("--only", default="", help="comma-separated words: run the faults whose name has one")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "bench" / "results")
    args = parser.parse_args(argv)
    outcomes = asyncio.run(run(args))
    lines = [
        "```",
        "uv run python -m bench.faults " + shlex.join(sys.argv[1:]),
        "```",
        "",
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {args.rate:g} writes/s for {args.duration:g} s per fault, "
        f"the fault {args.fault_at:g} s in; one `todos-api serve` (1 worker, pool of 10), PostgreSQL 15 on "
        "loopback; no client retries.",
        "",
        *TABLE_HEAD,
        *(table_row(outcome) for outcome in outcomes),
    ]
    markdown = "\n".join(lines) + "\n"
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"faults-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.md"
    path.write_text(markdown)
    print(f"\n{markdown}\n(written to {path})")
    return 1 if any(outcome.lost() or outcome.duplicated() for outcome in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
