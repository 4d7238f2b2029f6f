"""Starting and stopping the servers under test, and reading how much CPU they burn."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Server:
    name: str
    process: asyncio.subprocess.Process
    port: int
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid


async def wait_ready(url: str, process: asyncio.subprocess.Process, timeout: float = 90.0) -> None:
    """Poll `url` until it answers below 500; fail early if the process died."""
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient(timeout=2.0) as client:
        while time.monotonic() < deadline:
            if process.returncode is not None:
                raise RuntimeError(f"the server exited with {process.returncode} before answering {url}")
            try:
                if (await client.get(url)).status_code < 500:
                    return
            except httpx.TransportError:
                pass  # not listening yet
            await asyncio.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


async def start_server(name: str, argv: list[str], env: dict[str, str], port: int, log_dir: Path) -> Server:
    log_path = log_dir / f"{name}.log"
    with log_path.open("ab") as log:
        # Its own process group, so stopping it also stops anything it spawned.
        process = await asyncio.create_subprocess_exec(
            *argv, env=env, stdout=log, stderr=log, stdin=asyncio.subprocess.DEVNULL, start_new_session=True
        )
    server = Server(name=name, process=process, port=port, log_path=log_path)
    try:
        await wait_ready(f"{server.base_url}/healthz", process)
    except BaseException:
        await stop_server(server)
        raise
    return server


async def stop_server(server: Server) -> None:
    if server.process.returncode is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        await asyncio.wait_for(server.process.wait(), timeout=10)
    except TimeoutError:
        os.killpg(server.pid, signal.SIGKILL)
        await server.process.wait()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process so far (from /proc; 0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # After the ")" that ends the command name, utime and stime are the 12th and 13th fields.
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def children_of(pid: int) -> list[int]:
    """Direct children of a process (PostgreSQL's backends are children of the postmaster)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # exited meanwhile
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def tree_cpu_seconds(pid: int) -> float:
    """CPU time of a process and its direct children (those alive now)."""
    return cpu_seconds(pid) + sum(cpu_seconds(child) for child in children_of(pid))


def machine_busy_seconds() -> float:
    """CPU time spent by every process on this machine so far (all cores, from /proc/stat)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MiB (0 when it is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    line = next((ln for ln in status.splitlines() if ln.startswith("VmRSS:")), "VmRSS: 0 kB")
    return int(line.split()[1]) / 1024
