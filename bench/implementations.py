"""The implementations the API benchmark compares (raw and real; the FastAPI floor and the real API through
PgBouncer on request): how each is started, with which environment, the check that they answer alike before
any figure is taken, and their database round trips per request."""

from __future__ import annotations

import asyncio
import os
import sys
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path

import httpx
from todos_devstack.databases import install_better_auth_tables
from todos_devstack.debian import DebianPostgres
from todos_devstack.identity import JwksServer
from todos_devstack.paths import BIN_DIR, free_port
from todos_devstack.paths import ROOT as REPO_ROOT
from todos_devstack.processes import run_step

from bench.identity import TokenMinter
from bench.processes import Server, start_server, stop_server
from bench.report import IMPLEMENTATIONS, RoundTrips
from bench.roundtrips import RoundTripProxy, read_statements, reset_statements
from bench.scenarios import RequestSpec, Scenario

POOL_SIZE = 10  # the API's default DB_POOL_SIZE; the baseline gets the same
PGBOUNCER = "pgbouncer"  # the real API reaching PostgreSQL through PgBouncer in transaction mode
UNCACHED = "uncached"  # the real API directly, statement cache off: PgBouncer's cost without PgBouncer
# What `todos-api serve` gives uvicorn (loop/http "auto" pick uvloop and httptools; proxy headers on), with
# the access log off on both sides: per-request logging would hide framework cost behind I/O to a log file.
UVICORN_FLAGS = ["--loop", "uvloop", "--http", "httptools", "--proxy-headers", "--no-access-log"]
UVICORN_FLAGS += ["--log-level", "warning"]


def pgbouncer_envs(env: dict[str, str], bouncer_url: str) -> dict[str, dict[str, str]]:
    """The real API's environment pointed at PgBouncer, as on Neon's pooled endpoint (transaction pooling
    hands each transaction any server connection, so no named prepared statement may outlive it), and the
    same without PgBouncer, to tell the pooler's cost from the statement cache's."""
    uncached = env | {"DB_STATEMENT_CACHE_SIZE": "0"}
    return {PGBOUNCER: uncached | {"DATABASE_URL": bouncer_url}, UNCACHED: uncached}


@dataclass(frozen=True, slots=True)
class Backend:
    """What the implementations under test talk to: a throwaway PostgreSQL with Better Auth's tables (not yet
    migrated), and a JWKS server publishing the key the bench signs its tokens with."""

    pg: DebianPostgres
    jwks: JwksServer
    minter: TokenMinter


async def start_backend(stack: AsyncExitStack, pg: DebianPostgres) -> Backend:
    """Start ``pg`` (with Better Auth's tables) and a JWKS server, both stopped when ``stack`` closes."""
    pg.start()
    stack.callback(pg.stop)
    await install_better_auth_tables(pg.url)
    jwks = JwksServer()
    stack.callback(jwks.close)
    minter = TokenMinter(issuer=jwks.base_url)
    jwks.keys.append(minter.key)
    return Backend(pg, jwks, minter)


def server_env(database_url: str, jwks: JwksServer, real_src: Path | None = None) -> dict[str, str]:
    """The API's env var names (DESIGN.md); nothing from the caller's own configuration leaks in."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AUTH_", "DB_", "CORS_")) and key not in {"DATABASE_URL", "TEST_DATABASE_URL"}
    }
    issuer = jwks.base_url  # Better Auth: iss = aud = its base URL, JWKS under /api/auth/jwks
    env |= {
        "DATABASE_URL": database_url,
        "AUTH_URL": issuer,
        "AUTH_JWKS_URL": jwks.url,
        "AUTH_ISSUER": issuer,
        "AUTH_AUDIENCE": issuer,
        "DB_POOL_SIZE": str(POOL_SIZE),
        "BENCH_RAW_POOL_SIZE": str(POOL_SIZE),
        # uvicorn must find bench.raw_app; a --real-src tree comes first, shadowing the installed package.
        "PYTHONPATH": os.pathsep.join([*([str(real_src.resolve())] if real_src else []), str(REPO_ROOT)]),
    }
    return env


async def start_implementation(name: str, env: dict[str, str], log_dir: Path) -> Server:
    port = free_port()
    address = ["--host", "127.0.0.1", "--port", str(port)]
    if name in ("real", PGBOUNCER, UNCACHED):  # the same server; the others differ in their environment only
        quiet = ["--log-level", "warning", "--no-access-log"]
        argv = [str(BIN_DIR / "todos-api"), "serve", *address, "--workers", "1", *quiet]
    else:
        module = "bench.fastapi_floor" if name == "floor" else "bench.raw_app"
        factory = ["-m", "uvicorn", "--factory", f"{module}:app_from_env"]
        argv = [sys.executable, *factory, *address, "--workers", "1", *UVICORN_FLAGS]
    return await start_server(name, argv, env, port, log_dir)


def migrate(env: dict[str, str]) -> None:
    run_step([str(BIN_DIR / "todos-api"), "migrate"], REPO_ROOT, env)


async def send(client: httpx.AsyncClient, spec: RequestSpec) -> httpx.Response:
    spec = spec.materialize()
    headers = {"Authorization": spec.authorization} if spec.authorization else {}
    headers.update(spec.headers)
    if spec.body is not None:
        headers["Content-Type"] = "application/json"
    return await client.request(spec.method, spec.path, headers=headers, content=spec.body)


async def check_same_answers(servers: dict[str, Server], scenario: Scenario) -> None:
    """Both implementations must answer a request of the scenario alike, or the comparison means nothing."""
    spec = scenario.requests[0]
    answers: dict[str, httpx.Response] = {}
    for name, server in servers.items():
        async with httpx.AsyncClient(base_url=server.base_url) as client:
            answers[name] = await send(client, spec)
    for name, answer in answers.items():
        if answer.status_code != scenario.expected_status:
            raise RuntimeError(
                f"{name} answered {scenario.name} with {answer.status_code}: {answer.text[:300]}"
            )
    if "floor" in answers and answers["floor"].json() != answers["raw"].json() and scenario.name != "create":
        raise RuntimeError(f"{scenario.name}: the FastAPI floor answers unlike the baseline")
    if (
        PGBOUNCER in answers
        and scenario.name != "create"
        and answers[PGBOUNCER].json() != answers["real"].json()
    ):
        raise RuntimeError(f"{scenario.name}: the API answers differently through PgBouncer")
    raw, real = answers["raw"].json(), answers["real"].json()
    if scenario.name.startswith("create"):  # new rows: same fields and types, different ids and times
        same = {k: type(v) for k, v in raw.items()} == {k: type(v) for k, v in real.items()}
        same = same and all("location" in answer.headers for answer in answers.values())
    else:
        same = raw == real
    if scenario.expected_status < 300:  # both say which version they answered (same one for a PUT)
        same = same and all(
            answer.headers.get("etag") == answer.json()["etag"]
            for name, answer in answers.items()
            if name != "floor"
        )
    if scenario.expected_status == 401:
        same = (
            same and answers["raw"].headers["www-authenticate"] == answers["real"].headers["www-authenticate"]
        )
    if not same:
        raise RuntimeError(f"{scenario.name}: the baseline answers differently:\nraw:  {raw}\nreal: {real}")


async def count_round_trips(
    pg: DebianPostgres, env: dict[str, str], chosen: list[Scenario], log_dir: Path, requests: int = 100
) -> list[RoundTrips]:
    """Each implementation again, behind a counting proxy (not during load: the proxy would add latency)."""
    proxy = await RoundTripProxy("127.0.0.1", pg.port).start()
    counted: list[RoundTrips] = []
    try:
        proxied = env | {"DATABASE_URL": f"postgresql://postgres@127.0.0.1:{proxy.port}/postgres"}
        for name in IMPLEMENTATIONS:
            server = await start_implementation(name, proxied, log_dir)
            try:
                async with httpx.AsyncClient(base_url=server.base_url) as client:
                    for scenario in chosen:
                        # Warm every pooled connection's statement cache first: steady state is what we count.
                        await asyncio.gather(
                            *(send(client, spec) for spec in scenario.requests[: 4 * POOL_SIZE])
                        )
                        await reset_statements(pg.url)
                        before = proxy.round_trips
                        for i in range(requests):
                            await send(client, scenario.requests[i % len(scenario.requests)])
                        counted.append(
                            RoundTrips(
                                scenario=scenario.name,
                                implementation=name,
                                requests=requests,
                                round_trips=proxy.round_trips - before,
                                statements=await read_statements(pg.url),
                            )
                        )
            finally:
                await stop_server(server)
    finally:
        await proxy.stop()
    return counted
