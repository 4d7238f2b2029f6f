"""A client that follows the API's contract, spread over two API processes, and steady load through it.

What it does is what the SDK does (``todos_sdk._retry``: repeat only what is safe to repeat) plus what any
load balancer does with two upstreams: a connection that cannot be made goes to the other one (nothing was
sent, so any request may). A request that was sent and got no answer is repeated only when repeating it is
harmless (GET, PUT, DELETE, PATCH ``/complete`` with a body); a create that got no answer is a failure.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import httpx

from tests.integration.api.helpers import TODOS

ATTEMPTS = 6
NO_ANSWER = (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)


class Unanswered(Exception):
    """A request that is not safe to repeat was sent and got no answer."""


def _safe_to_repeat(method: str, path: str, body: object) -> bool:
    if method in ("GET", "PUT", "DELETE"):
        return True
    return method == "PATCH" and path.endswith("/complete") and body is not None


class ContractClient:
    def __init__(self, base_urls: list[str], headers: dict[str, str]) -> None:
        self._clients = [httpx.AsyncClient(base_url=url, headers=headers, timeout=15) for url in base_urls]
        self._turn = itertools.cycle(range(len(base_urls)))
        self.answered = 0
        self.answered_by: Counter[int] = Counter()

    async def __aenter__(self) -> ContractClient:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        for client in self._clients:
            await client.aclose()

    async def request(self, method: str, path: str, body: Any = None) -> tuple[httpx.Response, int]:
        """The answer and the number of attempts it took."""
        safe = _safe_to_repeat(method, path, body)
        first = next(self._turn)  # round robin over requests; each retry goes to the next upstream
        errors: list[str] = []
        for attempt in range(1, ATTEMPTS + 1):
            upstream = (first + attempt - 1) % len(self._clients)
            if attempt > len(self._clients):
                await asyncio.sleep(0.1)  # every upstream failed once: give them a moment
            try:
                response = await self._clients[upstream].request(method, path, json=body)
            except httpx.ConnectError as err:
                errors.append(repr(err))
                continue  # never connected: nothing was sent
            except NO_ANSWER as err:
                if not safe:
                    raise Unanswered(f"{method} {path}: {err!r}") from err
                errors.append(repr(err))
                continue
            if response.status_code == 503 and safe:
                errors.append(response.text)
                continue
            self.answered += 1
            self.answered_by[upstream] += 1
            return response, attempt
        raise Unanswered(f"{method} {path}: no answer after {ATTEMPTS} attempts: {errors}")


@dataclass
class LoadReport:
    failures: list[str] = field(default_factory=list)
    created: list[int] = field(default_factory=list)
    kept: list[int] = field(default_factory=list)


async def _one_round(client: ContractClient, report: LoadReport, worker: int, round_: int) -> None:
    response, _ = await client.request("POST", TODOS, {"title": f"w{worker} r{round_}"})
    if response.status_code != 201:
        report.failures.append(f"create: {response.status_code} {response.text[:200]}")
        return
    todo_id = response.json()["id"]
    report.created.append(todo_id)
    item = f"{TODOS}/{todo_id}"
    steps: list[tuple[str, str, Any, int]] = [
        ("GET", item, None, 200),
        ("PUT", item, {"title": f"w{worker} r{round_} edited"}, 200),
        ("PATCH", f"{item}/complete", {"is_completed": True}, 200),
        ("GET", f"{TODOS}?limit=5", None, 200),
    ]
    if round_ % 2:
        steps.append(("DELETE", item, None, 204))
    else:
        report.kept.append(todo_id)
    for method, path, body, expected in steps:
        response, attempts = await client.request(method, path, body)
        # A DELETE repeated after its first attempt ran finds nothing: the item is gone either way.
        repeated_delete = method == "DELETE" and attempts > 1 and response.status_code == 404
        if response.status_code != expected and not repeated_delete:
            report.failures.append(f"{method} {path}: {response.status_code} {response.text[:200]}")


async def run_load(client: ContractClient, workers: int, stop: asyncio.Event) -> LoadReport:
    report = LoadReport()

    async def worker(number: int) -> None:
        for round_ in itertools.count():
            if stop.is_set():
                return
            try:
                await _one_round(client, report, number, round_)
            except Unanswered as err:
                report.failures.append(str(err))

    await asyncio.gather(*(worker(number) for number in range(workers)))
    return report
