"""What the header cap and deadline cost: the API served by uvicorn's own httptools protocol against the
same API served by ``todos_api.http_protocol.GuardedHttpToolsProtocol`` (what ``todos-api serve`` uses).

    uv run python -m bench.header_guard            # from the repository root; ~2 minutes

Same data, tokens, wrk scripts and CPU accounting as ``bench.api_load``; both servers are the real app
(``todos_api.main:app``, one uvicorn worker, uvloop, no access log), started side by side and measured in
interleaved rounds (plain/guarded/guarded/plain...) so that drift on a shared machine cancels out. The only
difference is uvicorn's ``--http``. Reported: req/s and CPU per request of each, and guarded/plain.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
from contextlib import AsyncExitStack
from pathlib import Path

from bench import scenarios
from bench.api_load import migrate, server_env
from bench.identity import JwksServer, TokenMinter
from bench.net import free_port
from bench.postgres import ThrowawayPostgres, debian_postgres_available
from bench.processes import Server, cpu_seconds, start_server, stop_server
from bench.seed import create_better_auth_tables, seed
from bench.wrk import run_wrk, write_script

PROTOCOLS = {
    "plain": "httptools",
    "guarded": "todos_api.http_protocol:GuardedHttpToolsProtocol",
}
FLAGS = ["--loop", "uvloop", "--proxy-headers", "--no-access-log", "--log-level", "warning", "--workers", "1"]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per measured wrk run")
    parser.add_argument("--rounds", type=int, default=4, help="wrk runs per protocol and endpoint")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--scenarios", default="get_one,no_token")
    return parser.parse_args(argv)


async def start(name: str, env: dict[str, str], log_dir: Path) -> Server:
    port = free_port()
    argv = [sys.executable, "-m", "uvicorn", "todos_api.main:app", "--host", "127.0.0.1"]
    argv += ["--port", str(port), "--http", PROTOCOLS[name], *FLAGS]
    return await start_server(name, argv, env, port, log_dir)


async def run(args: argparse.Namespace) -> list[str]:
    if not debian_postgres_available():
        raise SystemExit("PostgreSQL 15 is needed at /usr/lib/postgresql/15 (apt-get install postgresql-15)")
    work = Path(tempfile.mkdtemp(prefix="todos-bench-headers-"))
    lines = [
        "| endpoint | plain req/s | guarded req/s | **guarded/plain** | CPU/req plain → guarded |",
        "|---|---:|---:|---:|---|",
    ]
    async with AsyncExitStack() as stack:
        pg = ThrowawayPostgres().start()
        stack.callback(pg.stop)
        jwks = JwksServer([])
        stack.callback(jwks.stop)
        minter = TokenMinter(issuer=jwks.base_url)
        jwks.keys.append(minter.jwk())
        await create_better_auth_tables(pg.url)
        env = server_env(pg.url, jwks)
        migrate(env)
        dataset = await seed(pg.url, 100, 20)
        servers = {name: await start(name, env, work) for name in PROTOCOLS}
        for server in servers.values():
            stack.push_async_callback(stop_server, server)
        for scenario_name in args.scenarios.split(","):
            scenario = getattr(scenarios, scenario_name)(dataset, minter)
            script = write_script(scenario, work)
            rps: dict[str, list[float]] = {name: [] for name in PROTOCOLS}
            cpu: dict[str, list[float]] = {name: [] for name in PROTOCOLS}
            for name in PROTOCOLS:  # warm-up, unrecorded
                await run_wrk(
                    servers[name].base_url, script, expected_status=scenario.expected_status,
                    connections=args.connections, duration_s=2,
                )  # fmt: skip
            for rnd in range(args.rounds):
                for name in PROTOCOLS if rnd % 2 == 0 else list(PROTOCOLS)[::-1]:
                    before = cpu_seconds(servers[name].pid)
                    load = await run_wrk(
                        servers[name].base_url, script, expected_status=scenario.expected_status,
                        connections=args.connections, duration_s=args.duration,
                    )  # fmt: skip
                    if load.unexpected:
                        raise RuntimeError(f"{name}: {load.unexpected} unexpected answers on {scenario.name}")
                    rps[name].append(load.rps)
                    cpu[name].append(1e6 * (cpu_seconds(servers[name].pid) - before) / load.requests)
                    print(f"  {scenario.name:<10} {name:<8} round {rnd}: {load.rps:8.0f} req/s", flush=True)
            plain, guarded = statistics.median(rps["plain"]), statistics.median(rps["guarded"])
            cpu_plain, cpu_guarded = statistics.median(cpu["plain"]), statistics.median(cpu["guarded"])
            lines.append(
                f"| {scenario.label} | {plain:.0f} | {guarded:.0f} | **{guarded / plain:.3f}×** "
                f"| {cpu_plain:.0f} → {cpu_guarded:.0f} µs |"
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    lines = asyncio.run(run(parse_args(argv)))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
