"""Benchmark (not a test): /tasks load to interactive with 100 tasks, and the JavaScript shipped for /tasks.

    uv run python -m bench.web_tasks_load [--runs 15]

Starts the real stack as the e2e tests do (embedded PostgreSQL, `next start` of the production build,
`todos-api serve`), signs a user up, creates 100 tasks through the API, signs in with Chromium, then loads
/tasks repeatedly:
- cold: browser cache disabled (every script and stylesheet downloaded again), new page each run;
- warm: cached static assets, as on a second visit.

"Interactive" = the first page of tasks is on screen. The list is rendered by the client only after React
hydrated, the JWT was fetched from Better Auth and the API answered, so at that moment the controls work.
The time is `performance.now()` then: milliseconds since the navigation started.
JS shipped = the script resources the page loaded (Resource Timing), each fetched again with
`Accept-Encoding: gzip` as `next start` serves it: bytes on the wire (gzip) and decoded.
Results: printed as Markdown and written to bench/results/web_tasks_load.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx
from playwright.sync_api import Browser, Page, sync_playwright
from todos_devstack.better_auth import BetterAuthClient
from todos_devstack.browser import launch_chromium
from todos_devstack.embedded import throwaway_embedded_postgres
from todos_devstack.paths import ROOT
from todos_devstack.stack import Stack

TASKS = 100
PAGE_ITEMS = 10
GOAL_MS = 1000.0
LIST_RENDERED = f"document.querySelectorAll('ul[aria-label=\"Tasks\"] > li').length === {PAGE_ITEMS}"
SCRIPTS_JS = """() => performance.getEntriesByType('resource')
  .filter((e) => e.initiatorType === 'script' || e.name.endsWith('.js'))
  .map((e) => e.name)"""


@dataclass
class Result:
    runs: int
    cold_ms: list[float]
    warm_ms: list[float]
    js_files: int
    js_transfer_bytes: int
    js_decoded_bytes: int
    cpu_cores: int


def seed(stack: Stack) -> tuple[str, str]:
    auth = BetterAuthClient(stack.web_url)
    try:
        account = auth.sign_up(name="Bench User")
        headers = {"Authorization": f"Bearer {auth.token(account.session_token)}"}
        with httpx.Client(base_url=f"{stack.api_url}/api/v1", headers=headers, timeout=15.0) as api:
            for n in range(1, TASKS + 1):
                api.post("/todos", json={"title": f"Benchmark task {n:03d}"}).raise_for_status()
        return account.email, account.password
    finally:
        auth.close()


def load_ms(page: Page, cold: bool) -> float:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": cold})
    page.goto("/tasks", wait_until="commit")
    page.wait_for_function(LIST_RENDERED, polling="raf", timeout=30_000)
    elapsed: float = page.evaluate("performance.now()")
    return elapsed


def script_sizes(urls: list[str]) -> tuple[int, int]:
    """(gzip bytes on the wire, decoded bytes) of the scripts, as the production server sends them."""
    wire = decoded = 0
    with httpx.Client(headers={"Accept-Encoding": "gzip"}, timeout=15.0) as client:
        for url in urls:
            response = client.get(url)
            response.raise_for_status()
            decoded += len(response.content)
            wire += response.num_bytes_downloaded
    return wire, decoded


def measure(browser: Browser, stack: Stack, email: str, password: str, runs: int) -> Result:
    context = browser.new_context(base_url=stack.web_url, viewport={"width": 1280, "height": 800})
    sign_in = context.new_page()
    sign_in.goto("/sign-in")
    sign_in.get_by_label("Email").fill(email)
    sign_in.get_by_label("Password").fill(password)
    sign_in.get_by_role("button", name="Sign in").click()
    sign_in.wait_for_url("**/tasks")
    sign_in.close()

    cold, warm = [], []
    scripts: list[str] = []
    for _ in range(runs):
        page = context.new_page()
        cold.append(load_ms(page, cold=True))
        scripts = page.evaluate(SCRIPTS_JS)
        page.close()
    for _ in range(runs):
        page = context.new_page()
        warm.append(load_ms(page, cold=False))
        page.close()
    context.close()
    wire, decoded = script_sizes(sorted(set(scripts)))
    return Result(
        runs=runs,
        cold_ms=cold,
        warm_ms=warm,
        js_files=len(set(scripts)),
        js_transfer_bytes=wire,
        js_decoded_bytes=decoded,
        cpu_cores=len(os.sched_getaffinity(0)),
    )


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def report(result: Result) -> str:
    rows = []
    for name, values in (("cold (cache disabled)", result.cold_ms), ("warm (cached assets)", result.warm_ms)):
        median = statistics.median(values)
        rows.append(
            f"| {name} | {median:.0f} ms | {percentile(values, 0.95):.0f} ms | {max(values):.0f} ms | "
            f"{'yes' if median < GOAL_MS else 'no'} |"
        )
    return "\n".join(
        [
            f"/tasks load to interactive, {TASKS} tasks ({PAGE_ITEMS} shown), {result.runs} runs each, "
            f"{result.cpu_cores} cores:",
            "",
            "| load | median | p95 | max | < 1 s (SC-001) |",
            "|---|---|---|---|---|",
            *rows,
            "",
            f"JS shipped for /tasks: {result.js_files} files, {result.js_transfer_bytes / 1024:.0f} KiB "
            f"gzip on the wire, {result.js_decoded_bytes / 1024:.0f} KiB decoded.",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    work_dir = Path(tempfile.mkdtemp(prefix="todos-bench-web-"))
    with throwaway_embedded_postgres() as database_url:
        stack = Stack(database_url, log_dir=work_dir, rate_limited=False)
        try:
            started = time.monotonic()
            stack.start()
            print(f"stack up in {time.monotonic() - started:.1f} s; seeding {TASKS} tasks…", flush=True)
            email, password = seed(stack)
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                result = measure(browser, stack, email, password, args.runs)
                browser.close()
        finally:
            stack.stop()
            shutil.rmtree(work_dir, ignore_errors=True)

    out = ROOT / "bench" / "results" / "web_tasks_load.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(asdict(result), indent=2))
    print(report(result))
    print(f"\n(raw figures: {out.relative_to(ROOT)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
