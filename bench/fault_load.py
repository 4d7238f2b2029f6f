"""The steady load of the fault bench: one `POST /todos` every 1/rate seconds, each with its own title, so
that afterwards the database can say which writes it holds; and what the answers add up to."""

from __future__ import annotations

import asyncio
import collections
import secrets
from dataclasses import dataclass, field

import asyncpg
import httpx


@dataclass(frozen=True)
class Answer:
    due_s: float  # from the start of the load
    title: str
    status: int  # 0: no HTTP answer at all (connection refused or reset, timeout)
    code: str


@dataclass
class Outcome:
    """One fault scenario: every answer, the fault's start and end (seconds from the load's start), and what
    the database holds afterwards."""

    name: str
    fault_start_s: float
    fault_end_s: float
    answers: list[Answer] = field(default_factory=list)
    stored: collections.Counter[str] = field(default_factory=collections.Counter)

    def errors(self) -> collections.Counter[str]:
        return collections.Counter(
            f"{a.status} {a.code}".strip() if a.status else "no answer"
            for a in self.answers
            if a.status != 201
        )

    def recovery_s(self) -> float | None:
        """From the end of the fault to the first success after the last failure (0: none failed after it)."""
        failed = [a.due_s for a in self.answers if a.status != 201]
        if not failed:
            return None
        after = [a.due_s for a in self.answers if a.status == 201 and a.due_s > max(failed)]
        return max(0.0, min(after) - self.fault_end_s) if after else float("inf")

    def lost(self) -> int:
        """Acknowledged (201) writes the database does not hold."""
        return sum(1 for a in self.answers if a.status == 201 and self.stored[a.title] == 0)

    def duplicated(self) -> int:
        return sum(1 for count in self.stored.values() if count > 1)

    def stored_unacknowledged(self) -> int:
        """Writes that answered an error but were committed: a client retrying them must expect a copy."""
        return sum(1 for a in self.answers if a.status != 201 and self.stored[a.title] > 0)


async def steady_writes(
    base_url: str, tokens: list[str], rate: float, duration_s: float, outcome: Outcome
) -> None:
    """Each request carries the last of ``tokens`` at the time it is sent (a fault may append one)."""
    prefix = f"fault-{secrets.token_hex(4)}-"
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30.0) as client:
        loop = asyncio.get_running_loop()
        start = loop.time()

        async def one(i: int) -> None:
            title = f"{prefix}{i}"
            try:
                headers = {"Authorization": f"Bearer {tokens[-1]}"}
                response = await client.post("/api/v1/todos", json={"title": title}, headers=headers)
                code = "" if response.status_code == 201 else str(response.json().get("code", ""))
                outcome.answers.append(Answer(i / rate, title, response.status_code, code))
            except httpx.HTTPError as err:
                outcome.answers.append(Answer(i / rate, title, 0, type(err).__name__))

        tasks = []
        for i in range(int(rate * duration_s)):
            delay = start + i / rate - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(i)))
        await asyncio.gather(*tasks)


async def count_stored(database_url: str, outcome: Outcome) -> None:
    prefix = outcome.answers[0].title.rsplit("-", 1)[0] + "-" if outcome.answers else "-"
    connection = await asyncpg.connect(database_url)
    try:
        rows = await connection.fetch("SELECT title FROM todo WHERE starts_with(title, $1)", prefix)
    finally:
        await connection.close()
    outcome.stored = collections.Counter(row["title"] for row in rows)


TABLE_HEAD = (
    "| fault | requests | answers other than 201 (status code: count) | recovered after the fault ended | "
    "acknowledged / stored | lost acknowledged writes | duplicates | stored but answered an error |",
    "|---|---:|---|---:|---:|---:|---:|---:|",
)


def table_row(outcome: Outcome) -> str:
    errors = ", ".join(f"`{name}`: {count}" for name, count in sorted(outcome.errors().items())) or "none"
    recovery = outcome.recovery_s()
    recovered = (
        "no failure"
        if recovery is None
        else f"{recovery:.2f} s"
        if recovery != float("inf")
        else "**not in the run**"
    )
    acknowledged = sum(1 for a in outcome.answers if a.status == 201)
    return (
        f"| {outcome.name} | {len(outcome.answers)} | {errors} | {recovered} | {acknowledged} / "
        f"{sum(outcome.stored.values())} | **{outcome.lost()}** | **{outcome.duplicated()}** "
        f"| {outcome.stored_unacknowledged()} |"
    )
