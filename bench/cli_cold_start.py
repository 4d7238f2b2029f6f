"""`todo list` cold start: a new process, to its output, against the real stack. Target: < 400 ms.

    uv run python -m bench.cli_cold_start              # from the repository root; ~1 minute
    uv run python -m bench.cli_cold_start --runs 50

Starts the real stack as the end-to-end tests do (embedded PostgreSQL, both migrations, Better Auth under
`next start`, `todos-api serve`), signs a user up, adds 20 tasks, runs `todo login`, then times with
hyperfine (or, when it is missing, a plain loop) in one session:

- `python -c pass`: the interpreter's own start, the floor nobody can go under;
- `todo --help`: Python plus everything `todo` imports before it does any work;
- `todo list` piped: the whole command — imports, the session→JWT exchange at Better Auth, the API call,
  printing 20 lines — as a script would run it;
- `todo list` on a terminal (through `script`, which adds its own start-up, measured too): the Rich table;
- `todo list` without bytecode cache: every module compiled from source, as on the very first run after an
  install that did not precompile (or always, under PYTHONDONTWRITEBYTECODE=1).

Each is a fresh process (nothing stays resident between runs); "cold" here means that, not an empty page
cache. Bytecode is compiled first (`compileall`), as Python itself caches it after a first run. Results:
Markdown on stdout (for docs/benchmarks.md) and JSON in bench/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from todos_devstack.better_auth import BetterAuthClient
from todos_devstack.embedded import throwaway_embedded_postgres
from todos_devstack.paths import BIN_DIR, ROOT
from todos_devstack.stack import Stack
from todos_sdk import TodosClient

RESULTS_DIR = ROOT / "bench" / "results"
TARGET_MS = 400.0
TASKS = 20


@dataclass(frozen=True)
class Timing:
    name: str
    command: str
    mean_ms: float
    stddev_ms: float
    median_ms: float
    min_ms: float
    max_ms: float
    cpu_ms: float  # user + system time of the process: what the command itself costs, load or no load
    runs: int


def commands(empty_cache_dir: Path) -> dict[str, str]:
    python, todo = shlex.quote(sys.executable), shlex.quote(str(BIN_DIR / "todo"))
    no_cache = f"env PYTHONDONTWRITEBYTECODE=1 PYTHONPYCACHEPREFIX={shlex.quote(str(empty_cache_dir))}"
    return {
        "python -c pass": f"{python} -c pass",
        "todo --help": f"{todo} --help",
        "todo list (piped)": f"{todo} list",
        "script: python -c pass": f"script -qec {shlex.quote(f'{python} -c pass')} /dev/null",
        "script: todo list (terminal)": f"script -qec {shlex.quote(f'{todo} list')} /dev/null",
        "todo list (no bytecode cache)": f"{no_cache} {todo} list",
    }


def compile_bytecode() -> None:
    """Precompile what `todo` imports, as a second run (or an install that precompiles) would find it."""
    paths = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    paths |= {str(ROOT / "packages" / part / "src") for part in ("sdk", "cli")}
    command = [sys.executable, "-m", "compileall", "-q", "-j", "0", *sorted(paths)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def time_with_hyperfine(named: dict[str, str], runs: int, warmup: int) -> list[Timing]:
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "hyperfine.json"
        command = ["hyperfine", "-N", "--style", "basic", "--warmup", str(warmup), "--runs", str(runs)]
        command += ["--export-json", str(export), *named.values()]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        results = json.loads(export.read_text())["results"]
    names = {value: key for key, value in named.items()}
    return [
        Timing(
            name=names[result["command"]],
            command=result["command"],
            mean_ms=result["mean"] * 1000,
            stddev_ms=(result["stddev"] or 0.0) * 1000,
            median_ms=result["median"] * 1000,
            min_ms=result["min"] * 1000,
            max_ms=result["max"] * 1000,
            cpu_ms=(result["user"] + result["system"]) * 1000,
            runs=len(result["times"]),
        )
        for result in results
    ]


def time_with_loop(named: dict[str, str], runs: int, warmup: int) -> list[Timing]:
    timings = []
    for name, command in named.items():
        argv = shlex.split(command)
        samples, cpu = [], []
        for index in range(warmup + runs):
            started, children = time.perf_counter(), os.times()
            subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if index >= warmup:
                samples.append((time.perf_counter() - started) * 1000)
                after = os.times()
                cpu.append(
                    (
                        after.children_user
                        + after.children_system
                        - children.children_user
                        - children.children_system
                    )
                    * 1000
                )
        timings.append(
            Timing(
                name,
                command,
                statistics.fmean(samples),
                statistics.stdev(samples),
                statistics.median(samples),
                min(samples),
                max(samples),
                statistics.fmean(cpu),
                runs,
            )
        )
    return timings


def prepare_user(stack: Stack) -> None:
    """A user with TASKS tasks, signed in by `todo login` (into TODO_CONFIG_DIR, set by the caller)."""
    better_auth = BetterAuthClient(stack.web_url)
    try:
        account = better_auth.sign_up(name="Bench User")
    finally:
        better_auth.close()
    with TodosClient(account.session_token, api_url=stack.api_url, auth_url=stack.web_url) as todos:
        for number in range(1, TASKS + 1):
            todos.create_todo(f"Task number {number}", "seeded by bench/cli_cold_start.py")
    login = subprocess.run(
        [str(BIN_DIR / "todo"), "login", "--email", account.email, "--password-stdin"],
        input=f"{account.password}\n",
        capture_output=True,
        text=True,
        check=False,
    )
    if login.returncode != 0:
        raise SystemExit(f"todo login failed: {login.stderr}")
    listed = subprocess.run([str(BIN_DIR / "todo"), "list"], capture_output=True, text=True, check=True)
    if len(listed.stdout.splitlines()) != TASKS:
        raise SystemExit(f"todo list printed unexpected output:\n{listed.stdout}\n{listed.stderr}")


def render(timings: list[Timing], tool: str) -> str:
    by_name = {timing.name: timing for timing in timings}
    floor = by_name["python -c pass"].mean_ms
    tty_floor = by_name["script: python -c pass"].mean_ms
    load = " / ".join(f"{value:.1f}" for value in os.getloadavg())
    lines = [
        f"`todo list` cold start, {datetime.now(UTC):%Y-%m-%d}, {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} CPUs (load average {load} after the run), {tool}, "
        f"{timings[0].runs} runs each, bytecode cached:",
        "",
        "| command | wall mean ± σ (ms) | median | min … max | CPU (user+sys) | wall over its baseline |",
        "|---|---|---|---|---|---|",
    ]
    for timing in timings:
        baseline = tty_floor if timing.name.startswith("script:") else floor
        over = (
            "baseline" if timing.name.endswith("python -c pass") else f"+{timing.mean_ms - baseline:.0f} ms"
        )
        lines.append(
            f"| `{timing.name}` | {timing.mean_ms:.0f} ± {timing.stddev_ms:.0f} | {timing.median_ms:.0f} "
            f"| {timing.min_ms:.0f} … {timing.max_ms:.0f} | {timing.cpu_ms:.0f} | {over} |"
        )
    # Medians: on a shared machine, other processes' bursts land in the mean; CPU time is load-independent.
    piped = by_name["todo list (piped)"]
    terminal = by_name["script: todo list (terminal)"]
    tty_floor_median = by_name["script: python -c pass"].median_ms
    terminal_median = terminal.median_ms - tty_floor_median + by_name["python -c pass"].median_ms
    verdict = "met" if max(piped.median_ms, terminal_median) < TARGET_MS else "NOT met"
    lines += [
        "",
        f"Target < {TARGET_MS:.0f} ms: {verdict} (medians) — `todo list` piped {piped.median_ms:.0f} ms "
        f"({piped.cpu_ms:.0f} ms CPU); on a terminal {terminal_median:.0f} ms once `script`'s own start-up "
        f"is taken off ({terminal.cpu_ms - by_name['script: python -c pass'].cpu_ms:.0f} ms CPU).",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()

    with (
        tempfile.TemporaryDirectory(prefix="todos-bench-cli-") as tmp,
        throwaway_embedded_postgres() as db_url,
    ):
        work = Path(tmp)
        stack = Stack(db_url, log_dir=work / "logs", rate_limited=False)
        try:
            print("==> starting the stack (web build reused when up to date)…", file=sys.stderr)
            stack.start()
            os.environ.update(
                TODO_CONFIG_DIR=str(work / "config"), TODO_API_URL=stack.api_url, TODO_AUTH_URL=stack.web_url
            )
            os.environ.pop("TODO_TOKEN", None)
            prepare_user(stack)
            print("==> compiling bytecode, then timing…", file=sys.stderr)
            compile_bytecode()
            (work / "empty-pycache").mkdir()
            named = commands(work / "empty-pycache")
            if shutil.which("hyperfine"):
                timings, tool = time_with_hyperfine(named, args.runs, args.warmup), "hyperfine"
            else:
                timings, tool = time_with_loop(named, args.runs, args.warmup), "a subprocess loop"
        finally:
            stack.stop()

    report = render(timings, tool)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    result_file = RESULTS_DIR / f"cli_cold_start-{stamp}.json"
    result_file.write_text(json.dumps([asdict(timing) for timing in timings], indent=2) + "\n")
    print(report)
    print(f"\n(raw numbers: {result_file.relative_to(ROOT)})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
