"""RetryTransport: safe requests are retried on connection failures and 503, others are sent once."""

from __future__ import annotations

import httpx
import pytest
import respx
from todos_sdk._retry import AsyncRetryTransport, RetryPolicy, is_safe_to_repeat

BASE = "http://api.test"
POLICY = RetryPolicy(attempts=3, backoff=0.5, max_delay=4.0, jitter=False)


@pytest.fixture
def retry_policy() -> RetryPolicy:
    return POLICY


def test_get_is_retried_after_connect_error(
    respx_mock: respx.MockRouter, client: httpx.Client, sleeps: list[float]
) -> None:
    route = respx_mock.get(f"{BASE}/x").mock(side_effect=[httpx.ConnectError("refused"), httpx.Response(200)])

    response = client.get("/x")

    assert response.status_code == 200
    assert route.call_count == 2
    assert sleeps == [0.5]


def test_post_is_sent_once_on_connect_error(respx_mock: respx.MockRouter, client: httpx.Client) -> None:
    route = respx_mock.post(f"{BASE}/x").mock(
        side_effect=[httpx.ConnectError("refused"), httpx.Response(201)]
    )

    with pytest.raises(httpx.ConnectError):
        client.post("/x", json={"title": "once"})
    assert route.call_count == 1


def test_503_is_retried_honouring_retry_after(
    respx_mock: respx.MockRouter, client: httpx.Client, sleeps: list[float]
) -> None:
    route = respx_mock.delete(f"{BASE}/x").mock(
        side_effect=[httpx.Response(503, headers={"Retry-After": "2"}), httpx.Response(204)]
    )

    assert client.delete("/x").status_code == 204
    assert route.call_count == 2
    assert sleeps == [2.0]


def test_retries_stop_after_attempts_with_last_answer(
    respx_mock: respx.MockRouter, client: httpx.Client, sleeps: list[float]
) -> None:
    route = respx_mock.get(f"{BASE}/x").mock(return_value=httpx.Response(503))

    assert client.get("/x").status_code == 503
    assert route.call_count == POLICY.attempts
    assert sleeps == [0.5, 1.0]


def test_connection_failures_raise_after_attempts(respx_mock: respx.MockRouter, client: httpx.Client) -> None:
    route = respx_mock.get(f"{BASE}/x").mock(side_effect=httpx.ConnectError("refused"))

    with pytest.raises(httpx.ConnectError):
        client.get("/x")
    assert route.call_count == POLICY.attempts


def test_read_timeout_is_not_retried(respx_mock: respx.MockRouter, client: httpx.Client) -> None:
    route = respx_mock.get(f"{BASE}/x").mock(side_effect=httpx.ReadTimeout("slow"))

    with pytest.raises(httpx.ReadTimeout):
        client.get("/x")
    assert route.call_count == 1


@pytest.mark.parametrize(
    ("method", "path", "body", "safe"),
    [
        ("GET", "/api/v1/todos", None, True),
        ("PUT", "/api/v1/todos/1", b'{"title": "t"}', True),
        ("DELETE", "/api/v1/todos/1", None, True),
        ("POST", "/api/v1/todos", b'{"title": "t"}', False),
        ("PATCH", "/api/v1/todos/1/complete", b'{"is_completed": true}', True),
        ("PATCH", "/api/v1/todos/1/complete", None, False),
    ],
)
def test_is_safe_to_repeat_follows_method_and_body(
    method: str, path: str, body: bytes | None, safe: bool
) -> None:
    request = httpx.Request(method, f"{BASE}{path}", content=body)

    assert is_safe_to_repeat(request) is safe


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PUT", "/api/v1/todos/1", b'{"title": "t"}'),
        ("DELETE", "/api/v1/todos/1", None),
        ("POST", "/api/v1/todos/1/restore", None),
        ("PATCH", "/api/v1/todos/1/complete", b'{"is_completed": true}'),
    ],
)
def test_a_write_with_if_match_is_repeated_only_with_its_key(
    method: str, path: str, body: bytes | None
) -> None:
    # Repeated after it went through, the write would be refused with 412 about its own change.
    conditional = httpx.Request(method, f"{BASE}{path}", content=body, headers={"If-Match": '"1-1"'})
    keyed = httpx.Request(
        method, f"{BASE}{path}", content=body, headers={"If-Match": '"1-1"', "Idempotency-Key": "k"}
    )

    assert is_safe_to_repeat(conditional) is False
    assert is_safe_to_repeat(keyed) is True


def test_conditional_put_without_key_is_sent_once_on_a_lost_answer(
    respx_mock: respx.MockRouter, client: httpx.Client
) -> None:
    route = respx_mock.put(f"{BASE}/x").mock(
        side_effect=[httpx.RemoteProtocolError("no answer"), httpx.Response(412)]
    )

    with pytest.raises(httpx.RemoteProtocolError):
        client.put("/x", json={"title": "t"}, headers={"If-Match": '"1-1"'})
    assert route.call_count == 1


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
async def test_keyed_transport_gives_each_write_one_key_reused_by_its_retries(
    respx_mock: respx.MockRouter, method: str
) -> None:
    route = respx_mock.route(method=method, url=f"{BASE}/x").mock(
        side_effect=[httpx.ConnectError("no"), httpx.Response(503), httpx.Response(200), httpx.Response(200)]
    )

    async def no_wait(_: float) -> None:
        return None

    transport = AsyncRetryTransport(policy=POLICY, sleep=no_wait, idempotency_keys=True)
    async with httpx.AsyncClient(base_url=BASE, transport=transport) as client:
        first = await client.request(method, "/x", headers={"If-Match": '"1-1"'})
        second = await client.request(method, "/x")

    assert first.status_code == 200
    keys = [call.request.headers["Idempotency-Key"] for call in route.calls]
    assert len(keys) == 4 and len(keys[0]) == 36
    assert keys[0] == keys[1] == keys[2]  # one write, three attempts, one key
    assert keys[3] != keys[0]  # the next write: a fresh key
    assert second.status_code == 200


async def test_keyed_transport_keeps_the_callers_key_and_leaves_reads_alone(
    respx_mock: respx.MockRouter,
) -> None:
    post = respx_mock.post(f"{BASE}/x").mock(return_value=httpx.Response(201))
    get = respx_mock.get(f"{BASE}/x").mock(return_value=httpx.Response(200))
    transport = AsyncRetryTransport(policy=POLICY, idempotency_keys=True)
    async with httpx.AsyncClient(base_url=BASE, transport=transport) as client:
        await client.post("/x", headers={"Idempotency-Key": "mine"})
        await client.get("/x")

    assert post.calls.last.request.headers["Idempotency-Key"] == "mine"
    assert "Idempotency-Key" not in get.calls.last.request.headers


def test_delays_double_up_to_the_cap() -> None:
    policy = RetryPolicy(attempts=6, backoff=1.0, max_delay=5.0, jitter=False)

    assert list(policy.delays()) == [1.0, 2.0, 4.0, 5.0, 5.0]


def test_jittered_delays_stay_within_half_and_full_delay() -> None:
    policy = RetryPolicy(attempts=4, backoff=1.0, max_delay=10.0, jitter=True)

    for delay, full in zip(policy.delays(), [1.0, 2.0, 4.0], strict=True):
        assert full / 2 <= delay <= full


async def test_async_get_is_retried_after_connect_error(respx_mock: respx.MockRouter) -> None:
    sleeps: list[float] = []

    async def record(delay: float) -> None:
        sleeps.append(delay)

    route = respx_mock.get(f"{BASE}/x").mock(side_effect=[httpx.ConnectError("refused"), httpx.Response(200)])
    async with httpx.AsyncClient(
        base_url=BASE, transport=AsyncRetryTransport(policy=POLICY, sleep=record)
    ) as client:
        response = await client.get("/x")

    assert response.status_code == 200
    assert route.call_count == 2
    assert sleeps == [0.5]


async def test_async_post_is_sent_once(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.post(f"{BASE}/x").mock(return_value=httpx.Response(503))
    async with httpx.AsyncClient(base_url=BASE, transport=AsyncRetryTransport(policy=POLICY)) as client:
        response = await client.post("/x")

    assert response.status_code == 503
    assert route.call_count == 1
