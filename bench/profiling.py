"""Where a server's CPU goes under load: py-spy samples, summed by library.

``py-spy record --format raw`` writes one line per distinct stack: ``frame;frame;...;frame count``. A sample
counts towards a library when any frame of its stack is in it (inclusive time, so the shares overlap: FastAPI
calling Pydantic counts for both), and towards the leaf function that was running (self time).
"""

from __future__ import annotations

import asyncio
import collections
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

# Ordered: the first matching pattern names a frame's library.
LIBRARIES: list[tuple[str, tuple[str, ...]]] = [
    ("todos_api (our code)", ("todos_api/",)),
    ("bench.raw_app (baseline code)", ("bench/raw_app", "bench/raw_tokens")),
    ("FastAPI (routing, dependencies, serialization)", ("fastapi/",)),
    ("Pydantic", ("pydantic/", "pydantic_core/")),
    ("Starlette (routing, middleware, responses)", ("starlette/",)),
    ("uvicorn + httptools (HTTP)", ("uvicorn/", "httptools/")),
    ("PyJWT + cryptography (token verification)", ("jwt/", "cryptography/")),
    ("asyncpg (driver, pool)", ("asyncpg/",)),
    ("json (stdlib)", ("json/",)),
    ("asyncio / uvloop (event loop)", ("asyncio/", "uvloop/")),
]


def find_py_spy() -> str | None:
    return shutil.which("py-spy") or next(
        (str(p) for p in [Path.home() / ".local" / "bin" / "py-spy"] if os.access(p, os.X_OK)), None
    )


@dataclass(frozen=True)
class Profile:
    samples: int
    by_library: list[tuple[str, float]]  # (library, share of samples in %), inclusive
    top_self: list[tuple[str, float]]  # (function, share of samples in %), where the CPU actually was


def _library(frame: str) -> str | None:
    for name, patterns in LIBRARIES:
        if any(pattern in frame for pattern in patterns):
            return name
    return None


def summarize(raw_stacks: str, top: int = 12) -> Profile:
    total = 0
    inclusive: collections.Counter[str] = collections.Counter()
    leaf: collections.Counter[str] = collections.Counter()
    for line in raw_stacks.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = stack.split(";")
        total += count
        for library in {lib for frame in frames if (lib := _library(frame))}:
            inclusive[library] += count
        leaf[frames[-1]] += count
    share = 100 / total if total else 0.0
    return Profile(
        samples=total,
        by_library=[(name, inclusive[name] * share) for name, _ in LIBRARIES if inclusive[name]],
        top_self=[(frame, count * share) for frame, count in leaf.most_common(top)],
    )


async def record(pid: int, duration_s: float, output: Path, rate: int = 200) -> asyncio.subprocess.Process:
    """Start sampling `pid` in the background (non-blocking: the server is never paused)."""
    py_spy = find_py_spy()
    if py_spy is None:
        raise RuntimeError("py-spy is not installed: `uv tool install py-spy`")
    return await asyncio.create_subprocess_exec(
        py_spy, "record", "--pid", str(pid), "--duration", f"{max(1, round(duration_s))}",
        "--rate", str(rate), "--nonblocking", "--format", "raw", "--output", str(output),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


def render_profile(label: str, implementation: str, profile: Profile) -> list[str]:
    lines = [
        f"**{implementation}, `{label}`** ({profile.samples} samples)",
        "",
        "| library (inclusive) | share |",
    ]
    lines += ["|---|---:|", *(f"| {name} | {pct:.0f} % |" for name, pct in profile.by_library), ""]
    lines += ["| function (self time) | share |", "|---|---:|"]
    lines += [f"| `{frame[:120]}` | {pct:.1f} % |" for frame, pct in profile.top_self]
    return [*lines, ""]
