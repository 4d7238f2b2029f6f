"""What the load tools send: the three request mixes of the benchmark, independent of the load tool."""

from __future__ import annotations

import json
from dataclasses import dataclass

from bench.identity import TokenMinter
from bench.seed import Dataset

TODOS_PATH = "/api/v1/todos"


@dataclass(frozen=True)
class RequestSpec:
    method: str
    path: str
    authorization: str | None
    body: bytes | None = None


@dataclass(frozen=True)
class Scenario:
    """A named request mix and the one status every response of it must have."""

    name: str
    label: str
    expected_status: int
    requests: list[RequestSpec]


def get_one(dataset: Dataset, minter: TokenMinter) -> Scenario:
    """Each user reads their own todos, round robin over users so no row is hot."""
    tokens = {who.user_id: f"Bearer {minter.mint(who)}" for who in dataset.identities}
    depth = max(len(ids) for ids in dataset.todo_ids.values())
    requests = [
        RequestSpec("GET", f"{TODOS_PATH}/{ids[i]}", tokens[user_id])
        for i in range(depth)
        for user_id, ids in dataset.todo_ids.items()
        if i < len(ids)
    ]
    return Scenario("get_one", "GET /api/v1/todos/{id}", 200, requests)


def create(dataset: Dataset, minter: TokenMinter) -> Scenario:
    body = json.dumps({"title": "Benchmark task", "description": "Created under load"}).encode()
    requests = [
        RequestSpec("POST", TODOS_PATH, f"Bearer {minter.mint(who)}", body) for who in dataset.identities
    ]
    return Scenario("create", "POST /api/v1/todos", 201, requests)


def unauthorized(dataset: Dataset, minter: TokenMinter) -> Scenario:
    """Well-formed tokens with the right `kid` and claims, signed by another key: the costly kind of 401."""
    requests = [
        RequestSpec("GET", f"{TODOS_PATH}/{dataset.todo_ids[who.user_id][0]}", f"Bearer {minter.forge(who)}")
        for who in dataset.identities
    ]
    return Scenario("unauthorized", "401: forged token (GET one)", 401, requests)


def raw_http(spec: RequestSpec, host: str) -> bytes:
    """The request as HTTP/1.1 bytes on a keep-alive connection (for the fixed-rate generator)."""
    lines = [f"{spec.method} {spec.path} HTTP/1.1", f"Host: {host}"]
    if spec.authorization is not None:
        lines.append(f"Authorization: {spec.authorization}")
    if spec.body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(spec.body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + (spec.body or b"")
