"""Turning measurements into the Markdown tables of docs/benchmarks.md."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from bench.fixed_rate import FixedRateResult
from bench.profiling import Profile, render_profile
from bench.roundtrips import StatementCount
from bench.wrk import LoadResult

IMPLEMENTATIONS = ("raw", "real")


@dataclass(frozen=True)
class PeakRun:
    """One wrk run of one scenario against one implementation, with the CPU it cost."""

    scenario: str
    implementation: str
    round: int
    load: LoadResult
    server_cpu_s: float
    database_cpu_s: float


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


def _peak_table(report: Report) -> list[str]:
    lines = [
        "| endpoint | raw req/s | real req/s | real/raw | raw P50 / P95 / P99 ms | real P50 / P95 / P99 ms "
        "| CPU per request, raw → real (API process + PostgreSQL) |",
        "|---|---:|---:|---:|---|---|---|",
    ]
    for scenario, label in report.labels.items():
        cells: dict[str, list[PeakRun]] = {
            impl: [run for run in report.peak if (run.scenario, run.implementation) == (scenario, impl)]
            for impl in IMPLEMENTATIONS
        }
        if not all(cells.values()):
            continue
        rps = {impl: statistics.fmean(run.load.rps for run in runs) for impl, runs in cells.items()}
        each = {impl: ", ".join(f"{run.load.rps:.0f}" for run in runs) for impl, runs in cells.items()}
        latency = {
            impl: _ms(
                *(
                    statistics.fmean(getattr(run.load, p) for run in runs)
                    for p in ("p50_ms", "p95_ms", "p99_ms")
                )
            )
            for impl, runs in cells.items()
        }
        cpu = {
            impl: (
                1e6 * sum(run.server_cpu_s for run in runs) / sum(run.load.requests for run in runs),
                1e6 * sum(run.database_cpu_s for run in runs) / sum(run.load.requests for run in runs),
            )
            for impl, runs in cells.items()
        }
        lines.append(
            f"| `{label}` | {rps['raw']:.0f} ({each['raw']}) | {rps['real']:.0f} ({each['real']}) "
            f"| **{rps['real'] / rps['raw']:.2f}×** | {latency['raw']} | {latency['real']} "
            f"| {cpu['raw'][0]:.0f} + {cpu['raw'][1]:.0f} µs → "
            f"{cpu['real'][0]:.0f} + {cpu['real'][1]:.0f} µs |"
        )
    return lines


def _half_table(report: Report) -> list[str]:
    lines = [
        "| endpoint | offered rate | raw P50 / P95 / P99 ms | real P50 / P95 / P99 ms | real P95 < 10 ms | "
        "service time P95, raw / real |",
        "|---|---:|---|---|---|---|",
    ]
    for scenario, label in report.labels.items():
        runs = {run.implementation: run.load for run in report.half if run.scenario == scenario}
        if set(runs) != set(IMPLEMENTATIONS):
            continue
        raw, real = runs["raw"], runs["real"]
        verdict = "yes" if real.schedule_p95_ms < 10 else "**no**"
        lines.append(
            f"| `{label}` | {real.offered_rps:.0f} req/s "
            f"(achieved {raw.achieved_rps:.0f} / {real.achieved_rps:.0f}) "
            f"| {_ms(raw.schedule_p50_ms, raw.schedule_p95_ms, raw.schedule_p99_ms)} "
            f"| {_ms(real.schedule_p50_ms, real.schedule_p95_ms, real.schedule_p99_ms)} | {verdict} "
            f"| {_ms(raw.service_p95_ms)} / {_ms(real.service_p95_ms)} |"
        )
    return lines


def _round_trip_table(report: Report) -> list[str]:
    lines = ["| endpoint | raw: round trips / request | real: round trips / request | real: statements run |"]
    lines.append("|---|---:|---:|---|")
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
        lines.append(
            f"| `{label}` | {counts['raw'].round_trips / counts['raw'].requests:.2f} "
            f"| {real.round_trips / real.requests:.2f} | {statements} (over {real.requests} requests) |"
        )
    return lines


def render(report: Report) -> str:
    lines = ["```", report.command, "```", "", *(f"- {item}" for item in report.environment), ""]
    lines += [
        f"**Peak** (wrk, closed loop, {report.connections} connections, {report.rounds} × "
        f"{report.duration_s:g} s per implementation and endpoint, runs interleaved raw/real/real/raw; "
        "req/s is the mean, each run in parentheses):",
        "",
        *_peak_table(report),
        "",
        "**Half of peak** (fixed-rate open-loop generator at half of the real API's peak, the same rate "
        "for both; latency from each request's due time):",
        "",
        *_half_table(report),
        "",
        "**Database round trips per request** (counted by a TCP proxy in front of PostgreSQL, warm caches; "
        "statements from `pg_stat_statements`):",
        "",
        *_round_trip_table(report),
        "",
    ]
    if report.profiles:
        lines += ["**Profiles** (py-spy, 200 Hz, during one more wrk run each):", ""]
        for scenario, implementation, profile in report.profiles:
            lines += render_profile(report.labels[scenario], implementation, profile)
    return "\n".join(lines)
