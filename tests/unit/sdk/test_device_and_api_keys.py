"""BetterAuth's device login (RFC 8628 polling) and API keys, and TodosClient.from_api_key, over respx."""

from __future__ import annotations

import json

import httpx
import pytest
import respx
from todos_sdk import (
    AsyncBetterAuth,
    AsyncTodosClient,
    BetterAuth,
    DeviceAccessDenied,
    DeviceCode,
    DeviceCodeExpired,
    DeviceCodeInvalid,
    NotFound,
    TodosClient,
    Unauthorized,
)

from tests.support.sdk_fakes import API_URL, AUTH_URL, SESSION_TOKEN, TODOS, make_jwt, todo_json

CODE_URL = f"{AUTH_URL}/api/auth/device/code"
POLL_URL = f"{AUTH_URL}/api/auth/device/token"
TOKEN_URL = f"{AUTH_URL}/api/auth/token"
API_KEY = "todo_gLHPUNoHlzYszlRxBDJdqoiFtkuvISchjIfdmuZTaJaQWcWhKvBMxBqVjJOvxzvf"
CODE = DeviceCode(
    device_code="dev-secret",
    user_code="X9GZ6YDJ",
    verification_uri=f"{AUTH_URL}/device",
    verification_uri_complete=f"{AUTH_URL}/device?user_code=X9GZ6YDJ",
    expires_in=900,
    interval=5,
)


def pending(error: str) -> httpx.Response:
    return httpx.Response(400, json={"error": error, "error_description": error.replace("_", " ")})


def test_request_device_code_returns_the_dataclass(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.post(CODE_URL).mock(
        return_value=httpx.Response(
            200,
            json={
                "device_code": "dev-secret",
                "user_code": "X9GZ6YDJ",
                "verification_uri": f"{AUTH_URL}/device",
                "verification_uri_complete": f"{AUTH_URL}/device?user_code=X9GZ6YDJ",
                "expires_in": 900,
                "interval": 5,
            },
        )
    )

    with BetterAuth(AUTH_URL) as auth:
        code = auth.request_device_code()

    assert code == CODE
    assert json.loads(route.calls.last.request.content) == {"client_id": "todo-cli"}
    assert "dev-secret" not in repr(code)


def test_poll_waits_the_interval_and_adds_5s_on_slow_down(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.post(POLL_URL).mock(
        side_effect=[
            pending("authorization_pending"),
            pending("slow_down"),
            pending("authorization_pending"),
            httpx.Response(
                200, json={"access_token": SESSION_TOKEN, "token_type": "Bearer", "expires_in": 1}
            ),
        ]
    )
    sleeps: list[float] = []

    with BetterAuth(AUTH_URL) as auth:
        token = auth.poll_device_token(CODE, sleep=sleeps.append)

    assert token == SESSION_TOKEN
    assert sleeps == [5.0, 5.0, 10.0, 10.0]
    assert json.loads(route.calls.last.request.content) == {
        "grant_type": "urn:ietf:params:oauth:grant-type:device_code",
        "device_code": "dev-secret",
        "client_id": "todo-cli",
    }


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        ("access_denied", DeviceAccessDenied),
        ("expired_token", DeviceCodeExpired),
        ("invalid_grant", DeviceCodeInvalid),
        ("invalid_client", DeviceCodeInvalid),
    ],
)
def test_poll_ends_with_a_distinct_error(
    error: str, expected: type[Exception], respx_mock: respx.MockRouter
) -> None:
    respx_mock.post(POLL_URL).mock(side_effect=[pending("authorization_pending"), pending(error)])

    with BetterAuth(AUTH_URL) as auth, pytest.raises(expected) as caught:
        auth.poll_device_token(CODE, sleep=lambda _: None)

    assert type(caught.value) is expected
    assert caught.value.error == error  # type: ignore[attr-defined]


def test_poll_gives_up_when_the_code_has_expired_locally(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.post(POLL_URL).mock(return_value=pending("authorization_pending"))
    short = DeviceCode("d", "U", "u", "u", expires_in=12, interval=5)

    with BetterAuth(AUTH_URL) as auth, pytest.raises(DeviceCodeExpired):
        auth.poll_device_token(short, sleep=lambda _: None)

    assert route.call_count == 3  # at 5, 10 and 15 s: the third is past the 12 s


async def test_async_poll_returns_the_session_token(respx_mock: respx.MockRouter) -> None:
    respx_mock.post(POLL_URL).mock(
        side_effect=[pending("authorization_pending"), httpx.Response(200, json={"access_token": "s-1"})]
    )
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    async with AsyncBetterAuth(AUTH_URL) as auth:
        assert await auth.poll_device_token(CODE, sleep=sleep) == "s-1"
    assert sleeps == [5.0, 5.0]


def test_create_api_key_returns_the_secret_once(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.post(f"{AUTH_URL}/api/auth/api-key/create").mock(
        return_value=httpx.Response(
            200,
            json={
                "id": "k1",
                "name": "nightly",
                "key": API_KEY,
                "start": "todo_gLHPU",
                "prefix": "todo_",
                "createdAt": "2026-12-01T00:00:00.000Z",
                "expiresAt": "2026-12-31T00:00:00.000Z",
                "lastRequest": None,
                "enabled": True,
            },
        )
    )

    with BetterAuth(AUTH_URL) as auth:
        created = auth.create_api_key(SESSION_TOKEN, "nightly", expires_in_days=30)

    assert created.key == API_KEY
    assert created.api_key.start == "todo_gLHPU"
    assert created.api_key.last_used_at is None
    assert API_KEY not in repr(created)
    request = route.calls.last.request
    assert request.headers["Authorization"] == f"Bearer {SESSION_TOKEN}"
    assert json.loads(request.content) == {"name": "nightly", "expiresIn": 30 * 86_400}


def test_list_and_revoke_api_keys(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(f"{AUTH_URL}/api/auth/api-key/list").mock(
        return_value=httpx.Response(
            200,
            json={
                "apiKeys": [
                    {
                        "id": "k1",
                        "name": "nightly",
                        "start": "todo_gLHPU",
                        "prefix": "todo_",
                        "createdAt": "2026-12-01T00:00:00.000Z",
                        "lastRequest": "2026-12-01T01:00:00.000Z",
                        "expiresAt": None,
                        "enabled": True,
                    }
                ],
                "total": 1,
            },
        )
    )
    revoke = respx_mock.post(f"{AUTH_URL}/api/auth/api-key/delete").mock(
        side_effect=[
            httpx.Response(200, json={"success": True}),
            httpx.Response(404, json={"code": "KEY_NOT_FOUND", "message": "API Key not found"}),
        ]
    )

    with BetterAuth(AUTH_URL) as auth:
        (key,) = auth.list_api_keys(SESSION_TOKEN)
        auth.revoke_api_key(SESSION_TOKEN, "k1")
        with pytest.raises(NotFound):
            auth.revoke_api_key(SESSION_TOKEN, "k1")

    assert (key.id, key.name, key.last_used_at, key.expires_at) == (
        "k1",
        "nightly",
        "2026-12-01T01:00:00.000Z",
        None,
    )
    assert json.loads(revoke.calls.last.request.content) == {"keyId": "k1"}


def test_from_api_key_exchanges_the_key_and_refreshes_after_401(respx_mock: respx.MockRouter) -> None:
    first, second = make_jwt(), make_jwt()
    exchange = respx_mock.get(TOKEN_URL).mock(
        side_effect=[httpx.Response(200, json={"token": first}), httpx.Response(200, json={"token": second})]
    )
    todo = respx_mock.get(f"{TODOS}/1").mock(
        side_effect=[
            httpx.Response(200, json=todo_json(1)),
            httpx.Response(401, json={"status_code": 401, "code": "token_expired", "detail": "x"}),
            httpx.Response(200, json=todo_json(1)),
        ]
    )

    with TodosClient.from_api_key(API_KEY, api_url=API_URL, auth_url=AUTH_URL) as client:
        client.get_todo(1)
        client.get_todo(1)

    assert exchange.call_count == 2
    assert {call.request.headers["x-api-key"] for call in exchange.calls} == {API_KEY}
    assert "Authorization" not in exchange.calls.last.request.headers
    assert [call.request.headers["Authorization"] for call in todo.calls] == [
        f"Bearer {first}",
        f"Bearer {first}",
        f"Bearer {second}",
    ]


def test_from_api_key_refreshes_before_exp(respx_mock: respx.MockRouter) -> None:
    exchange = respx_mock.get(TOKEN_URL).mock(
        side_effect=lambda _: httpx.Response(200, json={"token": make_jwt(expires_in=30)})
    )
    respx_mock.get(f"{TODOS}/1").mock(return_value=httpx.Response(200, json=todo_json(1)))

    with TodosClient.from_api_key(API_KEY, api_url=API_URL, auth_url=AUTH_URL) as client:
        client.get_todo(1)
        client.get_todo(1)

    assert exchange.call_count == 2  # 30 s left is inside the refresh margin: a new JWT each time


async def test_revoked_api_key_raises_unauthorized(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(TOKEN_URL).mock(
        return_value=httpx.Response(401, json={"code": "INVALID_API_KEY", "message": "Invalid API key."})
    )
    todo = respx_mock.get(f"{TODOS}/1")

    async with AsyncTodosClient.from_api_key(API_KEY, api_url=API_URL, auth_url=AUTH_URL) as client:
        with pytest.raises(Unauthorized) as caught:
            await client.get_todo(1)

    assert caught.value.code == "api_key_invalid"
    assert todo.call_count == 0
