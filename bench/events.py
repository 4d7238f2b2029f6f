"""Live updates and the change feed under load: event fan-out latency, memory per stream, feed latency.

    uv run python -m bench.events                       # from the repository root; ~2 minutes
    uv run python -m bench.events --streams 1000 --writes 20 --rows-per-user 1000 --users 100

One run starts a throwaway PostgreSQL 15, seeds users and todos (``bench.seed``), and two ``todos-api serve``
processes (one worker each) on it. Then:

1. **Fan-out.** ``--streams`` SSE streams of one user (``EVENTS_MAX_STREAMS_PER_USER`` raised for the run),
   half on each process, read by raw sockets; each of ``--writes`` creates (POST through the first process) is
   timed from just before the request until each stream has its event: P50/P95/max over all deliveries.
   Most streams are on the process that did *not* take the write, as LISTEN/NOTIFY must carry them.
2. **Memory.** Each process's RSS before the streams open and with them open: (after - before) / streams.
3. **Feed.** Sequential ``GET /todos/changes?limit=100`` from a cursor in the middle of one seeded user's
   changes, against the same-run baseline ``GET /todos?limit=100`` of that user: P50/P95 and the ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import tempfile
import time
from contextlib import AsyncExitStack
from pathlib import Path

import httpx
from todos_devstack.paths import BIN_DIR, free_port

from bench.implementations import start_migrated_backend
from bench.processes import Server, rss_mb, start_server, stop_server
from bench.seed import seed

TODOS = "/api/v1/todos"


class RawStream:
    """One SSE stream over a plain socket: cheaper per stream than an HTTP client, so the client side of a
    thousand streams does not dominate the measurement on a small machine."""

    def __init__(self, port: int, token: str) -> None:
        self.port, self.token = port, token
        self.arrivals: dict[int, float] = {}
        self._task: asyncio.Task[None] | None = None
        self.ready = asyncio.Event()

    async def open(self) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        request = (
            f"GET {TODOS}/events HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {self.token}\r\n"
            "Accept: text/event-stream\r\n\r\n"
        )
        writer.write(request.encode())
        status = await reader.readline()
        if b" 200 " not in status:
            raise RuntimeError(f"stream refused: {status!r}")
        self._writer = writer
        self._task = asyncio.create_task(self._read(reader))

    async def _read(self, reader: asyncio.StreamReader) -> None:
        while line := await reader.readline():
            if line.startswith(b"retry:"):
                self.ready.set()
            elif line.startswith(b"id: "):
                todo_id = int(line[4:].split(b".")[1])
                self.arrivals.setdefault(todo_id, time.perf_counter())

    def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
        self._writer.close()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def _open(servers: list[Server], token: str, streams: int) -> list[RawStream]:
    opened = [RawStream(servers[n % 2].port, token) for n in range(streams)]
    for batch in range(0, streams, 50):
        await asyncio.gather(*(stream.open() for stream in opened[batch : batch + 50]))
    await asyncio.wait_for(asyncio.gather(*(stream.ready.wait() for stream in opened)), 120)
    print(f"  {streams} streams open", flush=True)
    return opened


async def fan_out(servers: list[Server], token: str, streams: int, writes: int) -> list[str]:
    # Warm-up, unrecorded: the pools' connections, the statements' preparation, the first allocations.
    for stream in await _open(servers, token, 20):
        stream.close()
    await asyncio.sleep(1.0)
    before = [rss_mb(server.pid) for server in servers]
    opened = await _open(servers, token, streams)
    await asyncio.sleep(1.0)
    after = [rss_mb(server.pid) for server in servers]
    latencies: list[float] = []
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=servers[0].base_url, timeout=30) as client:
        for n in range(writes):
            started = time.perf_counter()
            response = await client.post(TODOS, json={"title": f"fan-out {n}"}, headers=headers)
            todo_id = response.json()["id"]
            deadline = time.monotonic() + 30
            while any(todo_id not in stream.arrivals for stream in opened):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"write {n} not delivered to every stream in 30 s")
                await asyncio.sleep(0.002)
            latencies += [(stream.arrivals[todo_id] - started) * 1000 for stream in opened]
            await asyncio.sleep(0.2)
    for stream in opened:
        stream.close()
    per_stream = [(a - b) * 1024 / (streams / 2) for a, b in zip(after, before, strict=True)]
    return [
        "| streams | writes | deliveries | P50 ms | P95 ms | max ms | RSS per stream (KiB, each process) |",
        "|---:|---:|---:|---:|---:|---:|---|",
        f"| {streams} | {writes} | {len(latencies)} | {statistics.median(latencies):.1f} "
        f"| {_percentile(latencies, 0.95):.1f} | {max(latencies):.1f} "
        f"| {', '.join(f'{kib:.1f}' for kib in per_stream)} |",
    ]


async def feed_latency(server: Server, token: str, requests: int) -> list[str]:
    headers = {"Authorization": f"Bearer {token}"}
    timings: dict[str, list[float]] = {"changes": [], "list": []}
    async with httpx.AsyncClient(base_url=server.base_url, timeout=30) as client:
        first = (await client.get(f"{TODOS}/changes", params={"limit": 500}, headers=headers)).json()
        # A cursor in the middle of the seeded rows: a page that ends at the middle one hands out its position
        # (cursors are sealed by the API, so it is read, not built).
        half = {"limit": len(first["items"]) // 2 + 1}
        since = (await client.get(f"{TODOS}/changes", params=half, headers=headers)).json()["next_cursor"]
        targets: dict[str, tuple[str, dict[str, str | int]]] = {
            "changes": (f"{TODOS}/changes", {"since": since, "limit": 100}),
            "list": (TODOS, {"limit": 100}),
        }
        for n in range(requests * 2 + 20):
            name = "changes" if n % 2 == 0 else "list"
            path, params = targets[name]
            started = time.perf_counter()
            response = await client.get(path, params=params, headers=headers)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, response.text
            if n >= 20:  # warm-up unrecorded
                timings[name].append(elapsed)
    changes, listing = timings["changes"], timings["list"]
    return [
        "| request | P50 ms | P95 ms | P95 / list's P95 |",
        "|---|---:|---:|---:|",
        f"| `GET /todos/changes?since=…&limit=100` | {statistics.median(changes):.2f} "
        f"| {_percentile(changes, 0.95):.2f} "
        f"| **{_percentile(changes, 0.95) / _percentile(listing, 0.95):.2f}×** |",
        f"| `GET /todos?limit=100` (baseline) | {statistics.median(listing):.2f} "
        f"| {_percentile(listing, 0.95):.2f} | 1× |",
    ]


async def run(args: argparse.Namespace) -> list[str]:
    work = Path(tempfile.mkdtemp(prefix="todos-bench-events-"))
    async with AsyncExitStack() as stack:
        backend, env = await start_migrated_backend(stack)
        pg, minter = backend.pg, backend.minter
        env["EVENTS_MAX_STREAMS_PER_USER"] = str(args.streams)
        started = time.monotonic()
        dataset = await seed(pg.url, args.users, args.rows_per_user)
        print(
            f"seeded {args.users * args.rows_per_user} rows in {time.monotonic() - started:.0f} s", flush=True
        )
        servers = []
        for n in range(2):
            port = free_port()
            argv = [str(BIN_DIR / "todos-api"), "serve", "--host", "127.0.0.1", "--port", str(port)]
            argv += ["--log-level", "warning", "--no-access-log"]
            servers.append(await start_server(f"api-{n}", argv, env, port, work))
            stack.push_async_callback(stop_server, servers[-1])
        streamer, reader = dataset.identities[0], dataset.identities[1]
        lines = ["### Fan-out", ""]
        lines += await fan_out(servers, minter.mint(streamer), args.streams, args.writes)
        lines += ["", f"### Feed ({args.users * args.rows_per_user} rows)", ""]
        lines += await feed_latency(servers[1], minter.mint(reader), args.feed_requests)
    return lines


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--streams", type=int, default=1000)
    parser.add_argument("--writes", type=int, default=20)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--rows-per-user", type=int, default=1000)
    parser.add_argument("--feed-requests", type=int, default=300)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    # A thousand sockets on each side: raise the soft file limit (the API processes inherit it).
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 65536)), hard))
    print("\n".join(asyncio.run(run(parse_args(argv)))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
