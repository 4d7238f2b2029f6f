"""Starting and stopping the servers under test, and reading how much CPU they burn."""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from pathlib import Path

from todos_devstack.paths import ROOT
from todos_devstack.processes import ServerProcess, wait_ready

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Server:
    """One implementation under load: a todos_devstack ServerProcess (own process group) on a port."""

    name: str
    child: ServerProcess
    port: int

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.child.process is not None, "started by start_server"
        return self.child.process.pid


async def start_server(name: str, argv: list[str], env: dict[str, str], port: int, log_dir: Path) -> Server:
    """Start it and wait until /healthz answers (in threads: the harness's event loop keeps running)."""
    child = ServerProcess(name, argv, ROOT, env, log_dir / f"{name}.log")
    server = Server(name=name, child=await asyncio.to_thread(child.start), port=port)
    try:
        await asyncio.to_thread(wait_ready, {f"{server.base_url}/healthz": child})
    except BaseException:
        await stop_server(server)
        raise
    return server


async def stop_server(server: Server) -> None:
    await asyncio.to_thread(server.child.stop)


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
