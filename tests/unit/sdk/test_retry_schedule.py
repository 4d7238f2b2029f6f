"""The retry schedule: Retry-After in seconds and as an HTTP-date (never retried sooner), jittered backoff,
per-call max."""

from __future__ import annotations

import time
from email.utils import formatdate

import httpx
import pytest
import respx
from todos_sdk._retry import RetryPolicy
from todos_sdk._retry_policy import MAX_RETRIES_EXTENSION, retry_after_seconds

BASE = "http://api.test"
POLICY = RetryPolicy(attempts=4, backoff=0.5, max_delay=8.0, jitter=False)


@pytest.fixture
def retry_policy() -> RetryPolicy:
    return POLICY


def test_retry_after_seconds_and_backoff_make_the_schedule(
    respx_mock: respx.MockRouter, client: httpx.Client, sleeps: list[float]
) -> None:
    respx_mock.get(f"{BASE}/x").mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "3"}),
            httpx.Response(500),
            httpx.ConnectError("refused"),
            httpx.Response(200),
        ]
    )

    assert client.get("/x").status_code == 200
    assert sleeps == [3.0, 1.0, 2.0]  # the server's 3 s, then backoff 0.5·2¹ and 0.5·2²


def test_retry_after_http_date_is_honoured(
    respx_mock: respx.MockRouter, client: httpx.Client, sleeps: list[float]
) -> None:
    when = formatdate(time.time() + 5, usegmt=True)
    respx_mock.get(f"{BASE}/x").mock(
        side_effect=[httpx.Response(503, headers={"Retry-After": when}), httpx.Response(200)]
    )

    assert client.get("/x").status_code == 200
    assert 3.0 <= sleeps[0] <= 5.0  # whole seconds in the date, and time passes


@pytest.mark.parametrize("later", ["600", formatdate(time.time() + 3600, usegmt=True)])
def test_retry_after_longer_than_max_delay_ends_the_retries_instead_of_coming_back_early(
    respx_mock: respx.MockRouter, client: httpx.Client, sleeps: list[float], later: str
) -> None:
    route = respx_mock.get(f"{BASE}/x").mock(
        side_effect=[httpx.Response(503, headers={"Retry-After": later}), httpx.Response(200)]
    )

    assert client.get("/x").status_code == 503  # the answer: the SDK raises it as ServiceUnavailable
    assert route.call_count == 1
    assert sleeps == []


def test_unreadable_retry_after_falls_back_to_backoff(
    respx_mock: respx.MockRouter, client: httpx.Client, sleeps: list[float]
) -> None:
    respx_mock.get(f"{BASE}/x").mock(
        side_effect=[httpx.Response(503, headers={"Retry-After": "soon"}), httpx.Response(200)]
    )

    assert client.get("/x").status_code == 200
    assert sleeps == [0.5]


def test_retry_after_seconds_reads_both_forms() -> None:
    now = 1_700_000_000.0
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds(formatdate(now + 30, usegmt=True), now=now) == 30.0
    assert retry_after_seconds(formatdate(now - 30, usegmt=True), now=now) == 0.0
    assert retry_after_seconds("") is None
    assert retry_after_seconds("later") is None


def test_jittered_backoff_stays_within_bounds_and_varies() -> None:
    policy = RetryPolicy(attempts=5, backoff=1.0, max_delay=6.0, jitter=True)

    runs = [list(policy.delays()) for _ in range(50)]

    for delays in runs:
        for delay, full in zip(delays, [1.0, 2.0, 4.0, 6.0], strict=True):
            assert full / 2 <= delay <= full
    assert len({tuple(delays) for delays in runs}) > 1


def test_max_retries_extension_sets_the_attempts(respx_mock: respx.MockRouter, client: httpx.Client) -> None:
    route = respx_mock.get(f"{BASE}/x").mock(return_value=httpx.Response(503))

    client.get("/x", extensions={MAX_RETRIES_EXTENSION: 1})
    assert route.call_count == 2
    client.get("/x", extensions={MAX_RETRIES_EXTENSION: 0})
    assert route.call_count == 3


def test_post_with_idempotency_key_is_safe_to_repeat(
    respx_mock: respx.MockRouter, client: httpx.Client
) -> None:
    route = respx_mock.post(f"{BASE}/x").mock(side_effect=[httpx.ReadError("lost"), httpx.Response(201)])

    assert client.post("/x", json={}, headers={"Idempotency-Key": "k"}).status_code == 201
    assert route.call_count == 2


def test_409_without_retry_after_is_not_retried(respx_mock: respx.MockRouter, client: httpx.Client) -> None:
    route = respx_mock.put(f"{BASE}/x").mock(return_value=httpx.Response(409))

    assert client.put("/x").status_code == 409
    assert route.call_count == 1
