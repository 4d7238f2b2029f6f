"""Turning measurements into the Markdown tables of docs/benchmarks.md."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from bench.fixed_rate import FixedRateResult
from bench.profiling import Profile, render_profile
from bench.roundtrips import StatementCount
from bench.wrk import LoadResult

IMPLEMENTATIONS = ("raw", "real")
PERCENTILES = ("p50_ms", "p95_ms", "p99_ms")
# Each table's header and alignment lines.
PEAK_HEAD = (
    "| endpoint | raw req/s | real req/s | real/raw | raw P50 / P95 / P99 ms | real P50 / P95 / P99 ms |",
    "|---|---:|---:|---:|---|---|",
)
CPU_HEAD = (
    "| endpoint | API process, raw | API process, real | raw/real | PostgreSQL, raw | PostgreSQL, real "
    "| wrk + rest of the machine |",
    "|---|---:|---:|---:|---:|---:|---:|",
)
FLOOR_HEAD = (
    "| endpoint | FastAPI floor req/s | floor/raw | floor CPU per request | real's CPU above the floor |",
    "|---|---:|---:|---:|---:|",
)
PGBOUNCER_HEAD = (
    "| endpoint | direct req/s | direct, cache off | through PgBouncer | PgBouncer/direct "
    "| P50 / P95 / P99 ms: direct; cache off; PgBouncer "
    "| API CPU per request: direct / cache off / PgBouncer |",
    "|---|---:|---:|---:|---:|---|---:|",
)
HALF_HEAD = (
    "| endpoint | offered rate | raw P50 / P95 / P99 ms | real P50 / P95 / P99 ms | real P95 < 10 ms | "
    "service time P95, raw / real |",
    "|---|---:|---|---|---|---|",
)
ROUND_TRIP_HEAD = (
    "| endpoint | raw: round trips / request | real: round trips / request | real: statements run |",
    "|---|---:|---:|---|",
)


@dataclass(frozen=True)
class PeakRun:
    """One wrk run of one scenario against one implementation, with the CPU it cost."""

    scenario: str
    implementation: str
    round: int
    load: LoadResult
    server_cpu_s: float
    database_cpu_s: float
    machine_cpu_s: float  # every process on the machine: server, PostgreSQL, wrk and whatever else runs
    server_rss_mb: float  # after the run


@dataclass(frozen=True)
class HalfLoadRun:
    scenario: str
    implementation: str
    load: FixedRateResult


@dataclass(frozen=True)
class RoundTrips:
    scenario: str
    implementation: str
    requests: int
    round_trips: int
    statements: list[StatementCount]


@dataclass
class Report:
    command: str
    environment: list[str]
    labels: dict[str, str]
    connections: int
    duration_s: float
    rounds: int
    peak: list[PeakRun] = field(default_factory=list)
    half: list[HalfLoadRun] = field(default_factory=list)
    round_trips: list[RoundTrips] = field(default_factory=list)
    profiles: list[tuple[str, str, Profile]] = field(
        default_factory=list
    )  # (scenario, implementation, profile)

    def peak_rps(self, scenario: str, implementation: str) -> float:
        return statistics.fmean(
            run.load.rps
            for run in self.peak
            if (run.scenario, run.implementation) == (scenario, implementation)
        )


def _ms(*values: float) -> str:
    return " / ".join(f"{value:.1f}" if value >= 10 else f"{value:.2f}" for value in values)


def _peak_cells(report: Report) -> Iterator[tuple[str, str, dict[str, list[PeakRun]]]]:
    """(scenario, label, each implementation's peak runs) for every scenario that all implementations ran."""
    for scenario, label in report.labels.items():
        cells = {
            impl: [run for run in report.peak if (run.scenario, run.implementation) == (scenario, impl)]
            for impl in IMPLEMENTATIONS
        }
        if all(cells.values()):
            yield scenario, label, cells


def _per_request_us(runs: list[PeakRun], cpu_s: Callable[[PeakRun], float]) -> float:
    return 1e6 * sum(cpu_s(run) for run in runs) / sum(run.load.requests for run in runs)


def _peak_rows(report: Report) -> Iterator[str]:
    for _scenario, label, cells in _peak_cells(report):
        rps = {impl: statistics.fmean(run.load.rps for run in runs) for impl, runs in cells.items()}
        each = {impl: ", ".join(f"{run.load.rps:.0f}" for run in runs) for impl, runs in cells.items()}
        latency = {
            impl: _ms(*(statistics.fmean(getattr(run.load, p) for run in runs) for p in PERCENTILES))
            for impl, runs in cells.items()
        }
        yield (
            f"| `{label}` | {rps['raw']:.0f} ({each['raw']}) | {rps['real']:.0f} ({each['real']}) "
            f"| **{rps['real'] / rps['raw']:.2f}×** | {latency['raw']} | {latency['real']} |"
        )


def _cpu_rows(report: Report) -> Iterator[str]:
    for _scenario, label, cells in _peak_cells(report):
        api = {impl: _per_request_us(runs, lambda run: run.server_cpu_s) for impl, runs in cells.items()}
        db = {impl: _per_request_us(runs, lambda run: run.database_cpu_s) for impl, runs in cells.items()}
        everything = [run for runs in cells.values() for run in runs]
        others = statistics.fmean(
            (run.machine_cpu_s - run.server_cpu_s - run.database_cpu_s) / run.load.duration_s
            for run in everything
        )
        yield (
            f"| `{label}` | {api['raw']:.0f} µs | {api['real']:.0f} µs | **{api['raw'] / api['real']:.2f}×** "
            f"| {db['raw']:.0f} µs | {db['real']:.0f} µs | {others:.2f} cores |"
        )


def _floor_rows(report: Report) -> Iterator[str]:
    for scenario, label, cells in _peak_cells(report):
        floor = [run for run in report.peak if (run.scenario, run.implementation) == (scenario, "floor")]
        if not floor:
            continue
        rps = statistics.fmean(run.load.rps for run in floor)
        raw_rps = statistics.fmean(run.load.rps for run in cells["raw"])
        cpu = _per_request_us(floor, lambda run: run.server_cpu_s)
        real_cpu = _per_request_us(cells["real"], lambda run: run.server_cpu_s)
        yield (
            f"| `{label}` | {rps:.0f} | **{rps / raw_rps:.2f}×** | {cpu:.0f} µs | +{real_cpu - cpu:.0f} µs |"
        )


def _pgbouncer_rows(report: Report) -> Iterator[str]:
    for scenario, label, cells in _peak_cells(report):
        runs = [cells["real"]] + [
            [run for run in report.peak if (run.scenario, run.implementation) == (scenario, impl)]
            for impl in ("uncached", "pgbouncer")
        ]
        if not all(runs):
            continue
        rps = [statistics.fmean(run.load.rps for run in each) for each in runs]
        latency = [
            _ms(*(statistics.fmean(getattr(run.load, p) for run in each) for p in PERCENTILES))
            for each in runs
        ]
        cpu = " / ".join(f"{_per_request_us(each, lambda run: run.server_cpu_s):.0f}" for each in runs)
        yield (
            f"| `{label}` | {rps[0]:.0f} | {rps[1]:.0f} | {rps[2]:.0f} | **{rps[2] / rps[0]:.2f}×** "
            f"| {'; '.join(latency)} | {cpu} µs |"
        )


def _half_rows(report: Report) -> Iterator[str]:
    for scenario, label in report.labels.items():
        runs = {run.implementation: run.load for run in report.half if run.scenario == scenario}
        if set(runs) != set(IMPLEMENTATIONS):
            continue
        raw, real = runs["raw"], runs["real"]
        verdict = "yes" if real.schedule_p95_ms < 10 else "**no**"
        yield (
            f"| `{label}` | {real.offered_rps:.0f} req/s "
            f"(achieved {raw.achieved_rps:.0f} / {real.achieved_rps:.0f}) "
            f"| {_ms(raw.schedule_p50_ms, raw.schedule_p95_ms, raw.schedule_p99_ms)} "
            f"| {_ms(real.schedule_p50_ms, real.schedule_p95_ms, real.schedule_p99_ms)} | {verdict} "
            f"| {_ms(raw.service_p95_ms)} / {_ms(real.service_p95_ms)} |"
        )


def _round_trip_rows(report: Report) -> Iterator[str]:
    for scenario, label in report.labels.items():
        counts = {rt.implementation: rt for rt in report.round_trips if rt.scenario == scenario}
        if set(counts) != set(IMPLEMENTATIONS):
            continue
        real = counts["real"]
        statements = (
            "<br>".join(f"{s.calls}× `{s.query[:140]}`" for s in real.statements)
            if real.statements
            else "none"
        )
        yield (
            f"| `{label}` | {counts['raw'].round_trips / counts['raw'].requests:.2f} "
            f"| {real.round_trips / real.requests:.2f} | {statements} (over {real.requests} requests) |"
        )


def render(report: Report) -> str:
    lines = ["```", report.command, "```", "", *(f"- {item}" for item in report.environment), ""]
    floor = any(run.implementation == "floor" for run in report.peak)
    pooled = any(run.implementation == "pgbouncer" for run in report.peak)
    order = "/".join(run.implementation for run in report.peak if run.scenario == next(iter(report.labels)))
    lines += [
        f"**Peak** (wrk, closed loop, {report.connections} connections, {report.rounds} × "
        f"{report.duration_s:g} s per implementation and endpoint, runs interleaved {order}, fresh "
        "servers for each endpoint; req/s is the mean, each run in parentheses):",
        "",
        *PEAK_HEAD,
        *_peak_rows(report),
        "",
        "**CPU per request** during those runs (from /proc). One worker is one process on one core, so "
        "`raw/real` is the throughput ratio to expect whenever the API process is the bottleneck, however "
        "noisy the machine; the last column is what wrk and everything else on the machine used meanwhile:",
        "",
        *CPU_HEAD,
        *_cpu_rows(report),
        "",
    ]
    if floor:
        lines += [
            "**FastAPI floor** (`--floor`: the baseline's own endpoints served by a bare FastAPI app, "
            "measured in the same interleaved rounds; no real app can cost less):",
            "",
            *FLOOR_HEAD,
            *_floor_rows(report),
            "",
        ]
    if pooled:
        lines += [
            "**Through PgBouncer** (`--pgbouncer`: the same API reaching PostgreSQL through PgBouncer in "
            "transaction mode with `DB_STATEMENT_CACHE_SIZE=0`, as on Neon's pooled endpoint, measured in "
            "the same interleaved rounds; `direct` is the real row above, `cache off` the same API directly "
            "with `DB_STATEMENT_CACHE_SIZE=0`, which tells the pooler's cost from the statement cache's):",
            "",
            *PGBOUNCER_HEAD,
            *_pgbouncer_rows(report),
            "",
        ]
    lines += [
        "**Half of peak** (fixed-rate open-loop generator at half of the real API's peak, the same rate "
        "for both; latency from each request's due time):",
        "",
        *HALF_HEAD,
        *_half_rows(report),
        "",
        "**Database round trips per request** (counted by a TCP proxy in front of PostgreSQL, warm caches; "
        "statements from `pg_stat_statements`):",
        "",
        *ROUND_TRIP_HEAD,
        *_round_trip_rows(report),
        "",
    ]
    if report.profiles:
        lines += ["**Profiles** (py-spy, 200 Hz, during one more wrk run each):", ""]
        for scenario, implementation, profile in report.profiles:
            lines += render_profile(report.labels[scenario], implementation, profile)
    return "\n".join(lines)
