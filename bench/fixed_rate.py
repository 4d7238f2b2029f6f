"""Open-loop load at a fixed rate (what wrk2 does; Debian's wrk only has closed-loop load).

Request i is due at ``start + i / rate`` whatever happened to earlier ones, and its latency is measured
from that due time, not from when it could be sent: a stalled server therefore shows up in the percentiles
instead of silently slowing the generator down (coordinated omission). The generator's own scheduling delay
is inside those figures too, so they are an upper bound; the service time (from the actual send) is
reported beside them.
"""

from __future__ import annotations

import asyncio
import collections
from dataclasses import dataclass

from bench.scenarios import UNIQUE, unique

MARKER = UNIQUE.encode()


@dataclass(frozen=True)
class FixedRateResult:
    """Latencies in milliseconds; `schedule_*` from the due time, `service_*` from the actual send."""

    offered_rps: float
    achieved_rps: float
    requests: int
    schedule_p50_ms: float
    schedule_p95_ms: float
    schedule_p99_ms: float
    service_p50_ms: float
    service_p95_ms: float
    service_p99_ms: float
    statuses: dict[int, int]


class _Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    async def exchange(self, request: bytes) -> int:
        """Send one request on this keep-alive connection and read its whole response; return the status."""
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        length = 0
        for line in header_lines:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
            elif name.strip().lower() == "transfer-encoding":
                raise RuntimeError("chunked responses are not expected from these endpoints")
        if length:
            await self.reader.readexactly(length)
        return int(status_line.split(" ", 2)[1])

    def close(self) -> None:
        self.writer.close()


def _percentile(sorted_values: list[float], pct: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(pct / 100 * len(sorted_values)) - 1))
    return sorted_values[index]


async def run_fixed_rate(
    host: str, port: int, requests: list[bytes], *, rate: float, duration_s: float, connections: int
) -> FixedRateResult:
    """`requests` are sent round robin; a UNIQUE placeholder in one gets fresh characters each time."""
    idle: asyncio.Queue[_Connection] = asyncio.Queue()
    opened = [_Connection(*await asyncio.open_connection(host, port)) for _ in range(connections)]
    for connection in opened:
        idle.put_nowait(connection)
    loop = asyncio.get_running_loop()
    from_schedule: list[float] = []
    from_send: list[float] = []
    statuses: collections.Counter[int] = collections.Counter()

    async def one(request: bytes, due: float) -> None:
        # Waiting here for a free connection counts against latency: that is the queueing a user would see.
        connection = await idle.get()
        sent = loop.time()
        try:
            statuses[await connection.exchange(request)] += 1
        finally:
            idle.put_nowait(connection)
        done = loop.time()
        from_schedule.append(done - due)
        from_send.append(done - sent)

    total = int(rate * duration_s)
    start = loop.time() + 0.05
    pending: set[asyncio.Task[None]] = set()
    for i in range(total):
        due = start + i / rate
        delay = due - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        request = requests[i % len(requests)]
        if MARKER in request:
            request = request.replace(MARKER, unique().encode())
        task = asyncio.create_task(one(request, due))
        pending.add(task)
        task.add_done_callback(pending.discard)
    if pending:
        await asyncio.gather(*pending)
    elapsed = loop.time() - start
    for connection in opened:
        connection.close()

    schedule = sorted(from_schedule)
    service = sorted(from_send)
    return FixedRateResult(
        offered_rps=rate,
        achieved_rps=len(schedule) / elapsed,
        requests=len(schedule),
        schedule_p50_ms=1000 * _percentile(schedule, 50),
        schedule_p95_ms=1000 * _percentile(schedule, 95),
        schedule_p99_ms=1000 * _percentile(schedule, 99),
        service_p50_ms=1000 * _percentile(service, 50),
        service_p95_ms=1000 * _percentile(service, 95),
        service_p99_ms=1000 * _percentile(service, 99),
        statuses=dict(statuses),
    )
