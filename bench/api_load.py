"""The API benchmark in one run: the real service against a raw Starlette + asyncpg baseline.

    uv run python -m bench.api_load            # from the repository root; ~3 minutes

One run starts a throwaway PostgreSQL with Better Auth's tables, applies ``todos-api migrate``, seeds users,
sessions and todos, serves a JWKS like Better Auth, starts ``todos-api serve`` and ``bench/raw_app.py`` (each
one uvicorn worker, uvloop + httptools) afresh for each endpoint, checks both answer alike, measures peak
throughput with wrk (runs interleaved raw/real/real/raw to cancel drift on a shared machine) with the CPU
each request cost, latency at half of the real API's peak with a fixed-rate generator, and the database round
trips per request. The Markdown report goes to stdout and bench/results/.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shlex
import shutil
import sys
import tempfile
from collections.abc import Callable
from contextlib import AsyncExitStack
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from todos_devstack.debian import DebianPostgres
from todos_devstack.paths import ROOT as REPO_ROOT
from todos_devstack.pgbouncer import PgBouncer

from bench import scenarios
from bench.fixed_rate import run_fixed_rate
from bench.identity import TokenMinter
from bench.implementations import (
    PGBOUNCER,
    POOL_SIZE,
    UNCACHED,
    check_same_answers,
    count_round_trips,
    migrate,
    pgbouncer_envs,
    server_env,
    start_backend,
    start_implementation,
)
from bench.notes import environment_notes
from bench.processes import (
    Server,
    cpu_seconds,
    machine_busy_seconds,
    rss_mb,
    stop_server,
    tree_cpu_seconds,
)
from bench.profiling import Profile, record, summarize
from bench.report import IMPLEMENTATIONS, HalfLoadRun, PeakRun, Report, render
from bench.scenarios import Scenario
from bench.seed import Dataset, seed
from bench.wrk import LoadResult, run_wrk, write_script

# Room for both implementations' pools plus the load generator's probes; the rest is todos_devstack's default
# (durability off: both implementations commit the same rows, so the disk would only narrow the gap).
BENCH_SETTINGS = {"max_connections": "200", "shared_buffers": "128MB"}
ScenarioFactory = Callable[[Dataset, TokenMinter], Scenario]
SCENARIOS: dict[str, ScenarioFactory] = {
    "get_one": scenarios.get_one,
    "create": scenarios.create,
    "create_keyed": scenarios.create_keyed,
    "put_if_match": scenarios.put_if_match,
    "forged_token": scenarios.forged,
    "no_token": scenarios.no_token,
}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per measured wrk run")
    parser.add_argument("--rounds", type=int, default=2, help="wrk runs per implementation and endpoint")
    parser.add_argument(
        "--warmup", type=float, default=2.0, help="seconds of unrecorded load before measuring"
    )
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (closed loop)")
    parser.add_argument("--half-duration", type=float, default=5.0, help="seconds per fixed-rate run")
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--todos-per-user", type=int, default=20)
    parser.add_argument(
        "--scenarios", default=",".join(SCENARIOS), help="comma-separated subset of the endpoints"
    )
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "bench" / "results")
    parser.add_argument(
        "--profile", action="store_true", help="also sample both servers with py-spy under load"
    )
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also measure bench/fastapi_floor.py (the raw endpoints in a bare FastAPI app) at peak",
    )
    parser.add_argument(
        "--pgbouncer",
        action="store_true",
        help="also measure the real API through PgBouncer (transaction mode, statement cache off) at peak",
    )
    parser.add_argument(
        "--real-src",
        type=Path,
        help="import todos_api from this directory instead of the installed package (to measure a candidate "
        "change without touching the working tree)",
    )
    return parser.parse_args(argv)


async def full_load(
    server: Server, scenario: Scenario, script: Path, args: argparse.Namespace, duration_s: float
) -> LoadResult:
    """wrk as fast as it goes: the scenario's script on args.connections connections for duration_s."""
    return await run_wrk(
        server.base_url,
        script,
        expected_status=scenario.expected_status,
        connections=args.connections,
        duration_s=duration_s,
    )


async def measure_peak(
    server: Server,
    scenario: Scenario,
    script: Path,
    args: argparse.Namespace,
    pg: DebianPostgres,
    rnd: int,
) -> PeakRun:
    postmaster = pg.postmaster_pid()
    server_before, db_before = cpu_seconds(server.pid), tree_cpu_seconds(postmaster)
    machine_before = machine_busy_seconds()
    load = await full_load(server, scenario, script, args, args.duration)
    run = PeakRun(
        scenario=scenario.name,
        implementation=server.name,
        round=rnd,
        load=load,
        server_cpu_s=cpu_seconds(server.pid) - server_before,
        database_cpu_s=tree_cpu_seconds(postmaster) - db_before,
        machine_cpu_s=machine_busy_seconds() - machine_before,
        server_rss_mb=rss_mb(server.pid),
    )
    others = (run.machine_cpu_s - run.server_cpu_s - run.database_cpu_s) / load.duration_s
    print(
        f"  {scenario.name:<12} {server.name:<4} round {rnd}: {load.rps:8.0f} req/s  "
        f"p50 {load.p50_ms:6.2f}  p95 {load.p95_ms:6.2f}  p99 {load.p99_ms:6.2f} ms  "
        f"CPU/req {1e6 * run.server_cpu_s / load.requests:4.0f} µs  RSS {run.server_rss_mb:4.0f} MiB  "
        f"wrk+rest of machine {others:.2f} cores",
        flush=True,
    )
    if load.unexpected:
        raise RuntimeError(f"{server.name} gave {load.unexpected} unexpected answers on {scenario.name}")
    return run


async def measure_half(server: Server, scenario: Scenario, rate: float, duration_s: float) -> HalfLoadRun:
    wire = [scenarios.raw_http(spec, f"127.0.0.1:{server.port}") for spec in scenario.requests]
    load = await run_fixed_rate(
        "127.0.0.1", server.port, wire, rate=rate, duration_s=duration_s, connections=64
    )
    print(
        f"  {scenario.name:<12} {server.name:<4} {rate:6.0f} req/s offered, "
        f"{load.achieved_rps:6.0f} achieved: p50 {load.schedule_p50_ms:6.2f}  "
        f"p95 {load.schedule_p95_ms:6.2f}  p99 {load.schedule_p99_ms:6.2f} ms  statuses {load.statuses}",
        flush=True,
    )
    if load.statuses.get(scenario.expected_status, 0) != load.requests:
        raise RuntimeError(f"{server.name} gave unexpected statuses on {scenario.name}: {load.statuses}")
    return HalfLoadRun(scenario=scenario.name, implementation=server.name, load=load)


async def profile_under_load(
    server: Server, scenario: Scenario, script: Path, args: argparse.Namespace
) -> Profile:
    output = script.with_name(f"{scenario.name}-{server.name}.pyspy.txt")
    sampler = await record(server.pid, args.duration, output)
    await asyncio.sleep(0.5)  # let py-spy attach before the load starts
    await full_load(server, scenario, script, args, args.duration)
    _, stderr = await sampler.communicate()
    if sampler.returncode != 0 or not output.exists():
        raise RuntimeError(f"py-spy failed: {stderr.decode()[-500:]}")
    shutil.copy(output, args.out / output.name)
    return summarize(output.read_text())


async def measure_scenario(
    scenario: Scenario,
    script: Path,
    envs: dict[str, dict[str, str]],
    work: Path,
    pg: DebianPostgres,
    args: argparse.Namespace,
    report: Report,
) -> None:
    """Fresh servers for each endpoint, so that what one scenario leaves behind (caches, heap) cannot
    colour the next one's figures."""
    print(f"==> {scenario.label}: fresh servers, peak (wrk), half of the real API's peak", flush=True)
    async with AsyncExitStack() as stack:
        servers: dict[str, Server] = {}
        extra = (*(["floor"] if args.floor else []), *([PGBOUNCER, UNCACHED] if args.pgbouncer else []))
        implementations = (*IMPLEMENTATIONS, *extra)
        for name in implementations:
            servers[name] = await start_implementation(name, envs.get(name, envs["real"]), work)
            stack.push_async_callback(stop_server, servers[name])
        await check_same_answers(servers, scenario)
        for server in servers.values():
            await full_load(server, scenario, script, args, args.warmup)
        for rnd in range(args.rounds):
            for name in implementations if rnd % 2 == 0 else implementations[::-1]:
                report.peak.append(await measure_peak(servers[name], scenario, script, args, pg, rnd))
        rate = report.peak_rps(scenario.name, "real") / 2
        for name in IMPLEMENTATIONS:
            report.half.append(await measure_half(servers[name], scenario, rate, args.half_duration))
        if args.profile:
            for name in IMPLEMENTATIONS:
                profile = await profile_under_load(servers[name], scenario, script, args)
                report.profiles.append((scenario.name, name, profile))


async def run(args: argparse.Namespace) -> Report:
    chosen_names = [name for name in args.scenarios.split(",") if name]
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="todos-bench-"))
    async with AsyncExitStack() as stack:
        print("==> PostgreSQL, migrations, data", flush=True)
        backend = await start_backend(stack, DebianPostgres(settings=BENCH_SETTINGS))
        pg = backend.pg
        env = server_env(pg.url, backend.jwks, args.real_src)
        envs = {"real": env}
        if args.pgbouncer:  # plain TCP like the direct row: the pooler's cost alone, not TLS's
            bouncer = PgBouncer(pg.url, tls=False, pool_size=POOL_SIZE).start()
            stack.callback(bouncer.stop)
            envs |= pgbouncer_envs(env, bouncer.url())
        migrate(server_env(pg.url, backend.jwks))  # the installed package's migrations, even with --real-src
        dataset = await seed(pg.url, args.users, args.todos_per_user)
        chosen = [SCENARIOS[name](dataset, backend.minter) for name in chosen_names]
        scripts = {scenario.name: write_script(scenario, work) for scenario in chosen}

        report = Report(
            command="uv run python -m bench.api_load " + shlex.join(sys.argv[1:]),
            environment=environment_notes(args),
            labels={scenario.name: scenario.label for scenario in chosen},
            connections=args.connections,
            duration_s=args.duration,
            rounds=args.rounds,
        )
        print("==> Round trips per request (behind a counting proxy)", flush=True)
        report.round_trips = await count_round_trips(pg, env, chosen, work)

        for scenario in chosen:
            await measure_scenario(scenario, scripts[scenario.name], envs, work, pg, args, report)
    shutil.rmtree(work)  # server logs and wrk scripts; kept when the run failed, to read what went wrong
    return report


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    report = asyncio.run(run(args))
    markdown = render(report)
    stem = args.out / f"api_load-{datetime.now(UTC):%Y%m%dT%H%M%SZ}"
    stem.with_suffix(".md").write_text(markdown)
    stem.with_suffix(".json").write_text(json.dumps(asdict(report), indent=2, default=str))
    print()
    print(markdown)
    print(f"(written to {stem}.md and .json)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
