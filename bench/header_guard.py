"""What the header cap and deadline cost: the API served by uvicorn's own httptools protocol against the
same API served by ``todos_api.http.protocol.GuardedHttpToolsProtocol`` (what ``todos-api serve`` uses).

    uv run python -m bench.header_guard            # from the repository root; ~2 minutes

Same data, tokens, wrk scripts and CPU accounting as ``bench.api_load``; both servers are the real app
(``todos_api.main:app``, one uvicorn worker, uvloop, no access log), started side by side and measured in
interleaved rounds (plain/guarded/guarded/plain...) so that drift on a shared machine cancels out. The only
difference is uvicorn's ``--http``. Reported: req/s and CPU per request of each, and guarded/plain.

On a busy shared machine the wrk figures swing by ±30 % from round to round, so a second measurement isolates
the protocols themselves: each is fed the same request bytes in-process (no sockets, an app that answers
at once), and the process CPU time per request is compared (``--protocol-rounds``).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import uvloop
from todos_devstack.debian import DebianPostgres, debian_postgres_available
from todos_devstack.paths import free_port

from bench import scenarios
from bench.implementations import migrate, server_env, start_backend
from bench.processes import Server, cpu_seconds, start_server, stop_server
from bench.seed import seed
from bench.wrk import run_wrk, write_script

PROTOCOLS = {
    "plain": "httptools",
    "guarded": "todos_api.http.protocol:GuardedHttpToolsProtocol",
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
    parser.add_argument("--protocol-rounds", type=int, default=12, help="rounds of the in-process comparison")
    parser.add_argument("--skip-wrk", action="store_true", help="only the in-process comparison")
    return parser.parse_args(argv)


class _Sink(asyncio.Transport):
    def write(self, data: bytes | bytearray | memoryview) -> None:
        pass

    def is_closing(self) -> bool:
        return False

    def close(self) -> None:
        pass

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"sockname": ("127.0.0.1", 8000), "peername": ("127.0.0.1", 50000)}.get(name, default)


async def _answer_at_once(_scope: Any, _receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"ok"})


async def _protocol_cpu_per_request(protocol_class: type[asyncio.Protocol], requests: int) -> float:
    from uvicorn.config import Config
    from uvicorn.server import ServerState

    config = Config(app=_answer_at_once, log_level="warning")
    protocol: Any = protocol_class(config, ServerState(), {})  # type: ignore[call-arg]
    protocol.connection_made(_Sink())
    request = b"GET /api/v1/todos/1 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nAuthorization: Bearer "
    request += b"x" * 300 + b"\r\n\r\n"  # about what the SDK sends
    started = time.process_time()
    for _ in range(requests):
        protocol.data_received(request)
        await asyncio.sleep(0)  # the ASGI task answers
        await asyncio.sleep(0)
    return 1e6 * (time.process_time() - started) / requests


async def compare_protocols(rounds: int) -> list[str]:
    from todos_api.http.protocol import GuardedHttpToolsProtocol
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    classes: dict[str, type[asyncio.Protocol]] = {
        "plain": HttpToolsProtocol,
        "guarded": GuardedHttpToolsProtocol,
    }
    cpu: dict[str, list[float]] = {name: [] for name in classes}
    for rnd in range(rounds):
        for name in classes if rnd % 2 == 0 else list(classes)[::-1]:
            cpu[name].append(await _protocol_cpu_per_request(classes[name], 20_000))
    plain, guarded = statistics.median(cpu["plain"]), statistics.median(cpu["guarded"])
    return [
        "",
        f"In-process, protocol only (median of {rounds} rounds of 20 000 requests, process CPU time):",
        f"plain {plain:.1f} µs/request, guarded {guarded:.1f} µs/request: "
        f"**+{guarded - plain:.1f} µs** (plain/guarded {plain / guarded:.3f}×)",
    ]


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
        backend = await start_backend(stack, DebianPostgres())
        pg, minter = backend.pg, backend.minter
        env = server_env(pg.url, backend.jwks)
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


async def measure(args: argparse.Namespace) -> list[str]:
    lines = [] if args.skip_wrk else await run(args)
    return lines + await compare_protocols(args.protocol_rounds)


def main(argv: list[str] | None = None) -> int:
    print("\n".join(uvloop.run(measure(parse_args(argv)))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
