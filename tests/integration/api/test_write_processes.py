"""Trusted writes across real ``todos-api serve`` processes sharing one PostgreSQL (as replicas would).

Two uvicorn processes, requests spread over both: the version check and the idempotency state live in
PostgreSQL only, so it does not matter which replica a request (or its retry) reaches.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest
from todos_devstack.paths import BIN_DIR, ROOT, free_port
from todos_devstack.processes import ServerProcess, wait_ready

from tests.integration.api.helpers import TODOS, Caller
from tests.support.tokens import ISSUER, JwksServer


@pytest.fixture(scope="module")
def replicas(
    database_url: str, jwks: JwksServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[str]]:
    """Base URLs of two API processes on the same database."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AUTH_", "DB_", "CORS_")) and key not in {"DATABASE_URL", "TEST_DATABASE_URL"}
    }
    env |= {"DATABASE_URL": database_url, "AUTH_URL": ISSUER, "AUTH_JWKS_URL": jwks.url}
    logs = Path(tmp_path_factory.mktemp("replicas"))
    servers: list[ServerProcess] = []
    urls = []
    try:
        for n in range(2):
            port = free_port()
            command = [str(BIN_DIR / "todos-api"), "serve", "--host", "127.0.0.1", "--port", str(port)]
            server = ServerProcess(f"api-{n}", command, ROOT, env, logs / f"api-{n}.log").start()
            servers.append(server)
            urls.append(f"http://127.0.0.1:{port}")
        wait_ready({f"{url}/readyz": server for server, url in zip(servers, urls, strict=True)})
        yield urls
    finally:
        for server in servers:
            server.stop()


@pytest.fixture
async def clients(replicas: list[str]) -> AsyncIterator[list[httpx.AsyncClient]]:
    limits = httpx.Limits(max_connections=100)
    async with (
        httpx.AsyncClient(base_url=replicas[0], limits=limits, timeout=30) as first,
        httpx.AsyncClient(base_url=replicas[1], limits=limits, timeout=30) as second,
    ):
        yield [first, second]


async def test_fifty_concurrent_puts_with_one_if_match_on_two_replicas(
    clients: list[httpx.AsyncClient], alice: Caller
) -> None:
    created = await clients[0].post(TODOS, json={"title": "contended"}, headers=alice.headers)
    url, tag = created.headers["location"], created.headers["etag"]
    headers = {**alice.headers, "If-Match": tag}
    responses = await asyncio.gather(
        *(clients[n % 2].put(url, json={"title": f"writer {n}"}, headers=headers) for n in range(50))
    )
    assert sorted(response.status_code for response in responses) == [200] + [412] * 49
    (winner,) = (response for response in responses if response.status_code == 200)
    assert {response.headers["etag"] for response in responses} == {winner.headers["etag"]}
    assert all(r.json()["code"] == "precondition_failed" for r in responses if r.status_code == 412)
    final = await clients[1].get(url, headers=alice.headers)
    assert final.json()["title"] == winner.json()["title"]


async def test_fifty_concurrent_posts_with_one_key_on_two_replicas(
    clients: list[httpx.AsyncClient], alice: Caller, admin: asyncpg.Connection
) -> None:
    headers = {**alice.headers, "Idempotency-Key": secrets.token_hex(16)}

    async def post_until_answered(client: httpx.AsyncClient) -> httpx.Response:
        while True:  # as the SDK: a 409 means "the first one is still running", retried after Retry-After
            response = await client.post(TODOS, json={"title": "exactly once"}, headers=headers)
            if response.status_code != 409:
                return response
            await asyncio.sleep(float(response.headers["retry-after"]))

    answers = await asyncio.gather(*(post_until_answered(clients[n % 2]) for n in range(50)))
    assert {answer.status_code for answer in answers} == {201}
    assert len({answer.content for answer in answers}) == 1
    assert len({(answer.headers["location"], answer.headers["etag"]) for answer in answers}) == 1
    assert sum(answer.headers.get("idempotent-replayed") != "true" for answer in answers) == 1
    assert await admin.fetchval("SELECT count(*) FROM todo WHERE user_id = $1", alice.user_id) == 1


async def test_replicas_share_the_idempotency_state(clients: list[httpx.AsyncClient], alice: Caller) -> None:
    first_replica, second_replica = clients
    headers = {**alice.headers, "Idempotency-Key": "across-replicas"}
    created = await first_replica.post(TODOS, json={"title": "once"}, headers=headers)
    replayed = await second_replica.post(TODOS, json={"title": "once"}, headers=headers)
    assert (created.status_code, replayed.status_code) == (201, 201)
    assert replayed.headers["idempotent-replayed"] == "true"
    assert replayed.content == created.content
    reused = await second_replica.post(TODOS, json={"title": "other"}, headers=headers)
    assert reused.status_code == 422
    assert reused.json()["code"] == "idempotency_key_reused"

    toggle = f"{created.headers['location']}/complete"
    toggle_headers = {**alice.headers, "Idempotency-Key": "toggle-across"}
    done = await second_replica.patch(toggle, headers=toggle_headers)
    again = await first_replica.patch(toggle, headers=toggle_headers)
    assert again.headers["idempotent-replayed"] == "true"
    assert again.content == done.content
    assert (await first_replica.get(created.headers["location"], headers=alice.headers)).json()[
        "is_completed"
    ]
