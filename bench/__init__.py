"""Load benchmark of the Todos API against a minimal raw Starlette + asyncpg baseline.

Not part of `make test`.

Run from the repository root: ``uv run python -m bench.api_load`` (see docs/benchmarks.md).
"""
