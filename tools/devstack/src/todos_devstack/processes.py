"""Children of the stack: one-shot steps, and long-running servers in process groups of their own (stopping
one stops everything it spawned: `npm` → `next`, uvicorn's workers)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx


class StackError(RuntimeError):
    """A part of the stack did not start; the message says which and carries the end of its output."""


def run_step(command: Sequence[str], cwd: Path, env: Mapping[str, str]) -> None:
    result = subprocess.run(command, cwd=cwd, env=dict(env), capture_output=True, text=True)
    if result.returncode != 0:
        raise StackError(f"`{' '.join(command)}` failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")


def _copy_with_prefix(stream: IO[bytes], prefix: str) -> None:
    for line in stream:
        sys.stdout.write(f"{prefix} {line.decode(errors='replace')}")
        sys.stdout.flush()


@dataclass
class ServerProcess:
    """A long-running child. Its output goes to ``log_path``, or to our stdout behind ``[name]`` when None."""

    name: str
    command: Sequence[str]
    cwd: Path
    env: Mapping[str, str]
    log_path: Path | None = None
    process: subprocess.Popen[bytes] | None = None
    _log: IO[bytes] | None = field(default=None, repr=False)

    def start(self) -> ServerProcess:
        if self.log_path is not None:
            self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self.command,
            cwd=self.cwd,
            env=dict(self.env),
            stdin=subprocess.DEVNULL,
            stdout=self._log or subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if self.process.stdout is not None:
            args = (self.process.stdout, f"[{self.name}]")
            threading.Thread(target=_copy_with_prefix, args=args, daemon=True).start()
        return self

    def exited(self) -> bool:
        return self.process is not None and self.process.poll() is not None

    def output_tail(self, chars: int = 3000) -> str:
        if self.log_path is None:
            return "(its output is above)"
        return self.log_path.read_text(errors="replace")[-chars:] if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None


def wait_ready(servers: Mapping[str, ServerProcess], timeout: float = 90.0) -> None:
    """Poll each server's URL (the keys) until it answers below 500; fail as soon as any server exits."""
    pending = dict(servers)
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=2.0) as client:
        while pending:
            if exited := next((s for s in servers.values() if s.exited()), None):
                raise StackError(f"{exited.name} stopped during start-up:\n{exited.output_tail()}")
            if time.monotonic() > deadline:
                late = "\n".join(f"{server.name}:\n{server.output_tail()}" for server in pending.values())
                raise StackError(f"not ready in {timeout:.0f} s: {late}")
            for url in list(pending):
                try:
                    if client.get(url).status_code < 500:
                        del pending[url]
                except httpx.TransportError:
                    pass  # not listening yet
            time.sleep(0.2)
