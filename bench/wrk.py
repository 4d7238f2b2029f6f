"""Closed-loop peak load with wrk: a Lua script replays pre-formatted requests and prints a JSON summary."""

from __future__ import annotations

import asyncio
import json
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from bench.scenarios import BASE64URL, UNIQUE, Scenario

WRK = shutil.which("wrk") or "/usr/bin/wrk"

# Requests are formatted once per thread in init(); request() only cycles through them, so wrk's own Lua cost
# per request is a table lookup. done() prints the percentiles wrk's text output lacks (P95).
_LUA_TEMPLATE = """
local specs = {
%(specs)s
}
local prepared = {}
local index = 0
local counter = 0
local alphabet = %(alphabet)s
local marker = %(marker)s

-- A request with the marker is kept as {before, after}; request() puts 6 fresh characters between them.
function init(args)
  counter = tonumber(args[1]) or 0
  for i, s in ipairs(specs) do
    local headers = {}
    if s.auth then headers["Authorization"] = s.auth end
    for _, pair in ipairs(s.extra or {}) do headers[pair[1]] = pair[2] end
    if s.body then headers["Content-Type"] = "application/json" end
    local text = wrk.format(s.method, s.path, headers, s.body)
    local at = string.find(text, marker, 1, true)
    if at then
      prepared[i] = {string.sub(text, 1, at - 1), string.sub(text, at + #marker)}
    else
      prepared[i] = text
    end
  end
end

local function unique()
  counter = counter + 1
  local n, out = counter, {}
  for i = 1, #marker do
    local digit = n %% 64
    out[i] = string.sub(alphabet, digit + 1, digit + 1)
    n = math.floor(n / 64)
  end
  return table.concat(out)
end

function request()
  index = index %% #prepared + 1
  local r = prepared[index]
  if type(r) == "table" then
    return r[1] .. unique() .. r[2]
  end
  return r
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%%d,"duration_us":%%d,"connect_errors":%%d,"read_errors":%%d,' ..
    '"write_errors":%%d,"status_errors":%%d,"timeouts":%%d,"p50_us":%%d,"p95_us":%%d,"p99_us":%%d,' ..
    '"max_us":%%d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


def _lua_string(value: str | bytes) -> str:
    text = value.decode() if isinstance(value, bytes) else value
    if not text.isascii() or not text.isprintable():
        raise ValueError("wrk scripts only carry printable ASCII")  # LuaJIT (wrk) knows no \u escapes
    return json.dumps(text)  # printable ASCII: only \\ and \" escapes, which Lua reads the same


def write_script(scenario: Scenario, directory: Path) -> Path:
    rows = []
    for spec in scenario.requests:
        fields = [f"method = {_lua_string(spec.method)}", f"path = {_lua_string(spec.path)}"]
        if spec.authorization is not None:
            fields.append(f"auth = {_lua_string(spec.authorization)}")
        if spec.body is not None:
            fields.append(f"body = {_lua_string(spec.body)}")
        if spec.headers:
            pairs = ", ".join(f"{{{_lua_string(k)}, {_lua_string(v)}}}" for k, v in spec.headers)
            fields.append(f"extra = {{{pairs}}}")
        rows.append("  {" + ", ".join(fields) + "},")
    path = directory / f"{scenario.name}.lua"
    template = {"specs": "\n".join(rows), "alphabet": _lua_string(BASE64URL), "marker": _lua_string(UNIQUE)}
    path.write_text(_LUA_TEMPLATE % template)
    return path


@dataclass(frozen=True)
class LoadResult:
    """One load run against one implementation. Latencies in milliseconds."""

    requests: int
    duration_s: float
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    unexpected: int  # responses with another status than the scenario's, plus socket errors and timeouts


async def run_wrk(
    base_url: str,
    script: Path,
    *,
    expected_status: int,
    connections: int,
    duration_s: float,
    threads: int = 1,
) -> LoadResult:
    process = await asyncio.create_subprocess_exec(
        WRK,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration_s:g}s",
        "--timeout",
        "5s",
        "-s",
        str(script),
        base_url,
        "--",
        str(secrets.randbelow(2**34)),  # where this run's unique characters start (see scenarios.UNIQUE)
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await process.communicate()
    line = next((ln for ln in stdout.decode().splitlines() if ln.startswith("BENCH_JSON ")), None)
    if process.returncode != 0 or line is None:
        raise RuntimeError(
            f"wrk failed ({process.returncode}): {stderr.decode()[-500:]}{stdout.decode()[-500:]}"
        )
    data = json.loads(line.removeprefix("BENCH_JSON "))
    # wrk counts every status >= 400 as an error: a 401 scenario expects all of them, the others none.
    status_errors = data["status_errors"]
    wrong_status = data["requests"] - status_errors if expected_status >= 400 else status_errors
    socket_errors = sum(data[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts"))
    duration_s = data["duration_us"] / 1e6
    return LoadResult(
        requests=data["requests"],
        duration_s=duration_s,
        rps=data["requests"] / duration_s,
        p50_ms=data["p50_us"] / 1000,
        p95_ms=data["p95_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        max_ms=data["max_us"] / 1000,
        unexpected=wrong_status + socket_errors,
    )
