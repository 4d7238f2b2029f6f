"""What the load tools send: the request mixes of the benchmark, independent of the load tool."""

from __future__ import annotations

import itertools
import json
import secrets
from dataclasses import dataclass, replace

from bench.identity import TokenMinter
from bench.seed import SEEDED_DESCRIPTION, Dataset

TODOS_PATH = "/api/v1/todos"

# Stands for 6 base64url characters that the load tools make different in every request (see `unique`), so
# that no cache of verified or rejected tokens can answer for the real work. Not base64url itself.
UNIQUE = "~~~~~~"
UNIQUE_LENGTH = len(UNIQUE)
BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_counter = itertools.count(secrets.randbelow(2**34))


def unique(n: int | None = None) -> str:
    """6 base64url characters for `n` (by default the next of a counter that starts at random)."""
    n = next(_counter) if n is None else n
    return "".join(BASE64URL[(n >> (6 * i)) & 63] for i in range(UNIQUE_LENGTH))


@dataclass(frozen=True)
class RequestSpec:
    method: str
    path: str
    authorization: str | None
    body: bytes | None = None
    headers: tuple[tuple[str, str], ...] = ()  # more headers; at most one UNIQUE in the whole request

    def materialize(self) -> RequestSpec:
        """The request as sent: a UNIQUE placeholder gets fresh characters."""
        if self.authorization is not None and UNIQUE in self.authorization:
            return replace(self, authorization=self.authorization.replace(UNIQUE, unique()))
        if any(UNIQUE in value for _, value in self.headers):
            fresh = unique()
            return replace(self, headers=tuple((k, v.replace(UNIQUE, fresh)) for k, v in self.headers))
        return self


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


def create_keyed(dataset: Dataset, minter: TokenMinter) -> Scenario:
    """POST with an Idempotency-Key that is new in every request: the key is stored with the answer."""
    body = json.dumps({"title": "Benchmark task", "description": "Created under load"}).encode()
    requests = [
        RequestSpec(
            "POST", TODOS_PATH, f"Bearer {minter.mint(who)}", body, (("Idempotency-Key", f"bench-{UNIQUE}"),)
        )
        for who in dataset.identities
    ]
    return Scenario("create_keyed", "POST /api/v1/todos + Idempotency-Key", 201, requests)


def put_if_match(dataset: Dataset, minter: TokenMinter) -> Scenario:
    """PUT with the todo's current ETag, round robin over users. The value sent is the seeded one, so the
    version stays 1 and the same If-Match holds for the whole run: the statement still checks the version,
    compares every field and rewrites the row."""
    tokens = {who.user_id: f"Bearer {minter.mint(who)}" for who in dataset.identities}
    body = json.dumps({"description": SEEDED_DESCRIPTION}).encode()
    depth = max(len(ids) for ids in dataset.todo_ids.values())
    requests = [
        RequestSpec("PUT", f"{TODOS_PATH}/{ids[i]}", tokens[user_id], body, (("If-Match", f'"{ids[i]}-1"'),))
        for i in range(depth)
        for user_id, ids in dataset.todo_ids.items()
        if i < len(ids)
    ]
    return Scenario("put_if_match", "PUT /api/v1/todos/{id} + If-Match", 200, requests)


def forged(dataset: Dataset, minter: TokenMinter) -> Scenario:
    """Well-formed tokens with the right `kid` and claims but a signature that is different in every request
    (and wrong): the full verification runs every time, as it would for an attacker, and neither a cache of
    verified tokens nor one of rejected tokens can help."""
    requests = []
    for who in dataset.identities:
        header_and_claims, _, signature = minter.forge(who).rpartition(".")
        # Middle characters only: the last one carries padding bits that PyJWT checks before the signature.
        signature = signature[:10] + UNIQUE + signature[10 + UNIQUE_LENGTH :]
        path = f"{TODOS_PATH}/{dataset.todo_ids[who.user_id][0]}"
        requests.append(RequestSpec("GET", path, f"Bearer {header_and_claims}.{signature}"))
    return Scenario("forged_token", "401: forged token, GET one", 401, requests)


def no_token(dataset: Dataset, _minter: TokenMinter) -> Scenario:
    requests = [RequestSpec("GET", f"{TODOS_PATH}/{ids[0]}", None) for ids in dataset.todo_ids.values()]
    return Scenario("no_token", "401: no token, GET one", 401, requests)


def raw_http(spec: RequestSpec, host: str) -> bytes:
    """The request as HTTP/1.1 bytes on a keep-alive connection (for the fixed-rate generator); a UNIQUE
    placeholder stays in, for the generator to fill per request."""
    lines = [f"{spec.method} {spec.path} HTTP/1.1", f"Host: {host}"]
    if spec.authorization is not None:
        lines.append(f"Authorization: {spec.authorization}")
    lines += [f"{name}: {value}" for name, value in spec.headers]
    if spec.body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(spec.body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + (spec.body or b"")
