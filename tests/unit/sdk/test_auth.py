"""BetterAuth: sign-up/in/out and JWTs over Better Auth's HTTP API, with bearer tokens and never a cookie."""

from __future__ import annotations

import time

import httpx
import pytest
import respx
from todos_sdk import BetterAuth, ServerUnreachable, Unauthorized, ValidationFailed
from todos_sdk._auth import jwt_expiry

from tests.support.sdk_fakes import AUTH_URL, SESSION_TOKEN, make_jwt, user_json

SIGN_IN = f"{AUTH_URL}/api/auth/sign-in/email"


@pytest.fixture
def better_auth() -> BetterAuth:
    return BetterAuth(AUTH_URL)


def test_sign_in_returns_session_and_keeps_no_cookie(
    respx_mock: respx.MockRouter, better_auth: BetterAuth
) -> None:
    respx_mock.post(SIGN_IN).mock(
        return_value=httpx.Response(
            200,
            json={"redirect": False, "token": SESSION_TOKEN, "user": user_json()},
            headers={"set-auth-token": SESSION_TOKEN, "set-cookie": "better-auth.session_token=abc; Path=/"},
        )
    )
    token_route = respx_mock.get(f"{AUTH_URL}/api/auth/token").mock(
        return_value=httpx.Response(200, json={"token": make_jwt()})
    )

    session = better_auth.sign_in(email="alice@example.com", password="pw")
    better_auth.fetch_jwt(session.token)

    assert session.token == SESSION_TOKEN
    assert session.user.email == "alice@example.com"
    sent = token_route.calls.last.request
    assert "cookie" not in sent.headers  # Better Auth refuses a Cookie without a trusted Origin
    assert sent.headers["authorization"] == f"Bearer {SESSION_TOKEN}"
    assert SESSION_TOKEN not in repr(session)


def test_sign_in_with_wrong_password_raises_unauthorized(
    respx_mock: respx.MockRouter, better_auth: BetterAuth
) -> None:
    respx_mock.post(SIGN_IN).mock(
        return_value=httpx.Response(
            401, json={"code": "INVALID_EMAIL_OR_PASSWORD", "message": "Invalid email or password"}
        )
    )

    with pytest.raises(Unauthorized) as caught:
        better_auth.sign_in(email="alice@example.com", password="wrong")
    assert caught.value.code == "INVALID_EMAIL_OR_PASSWORD"


def test_sign_up_sends_name_email_password(respx_mock: respx.MockRouter, better_auth: BetterAuth) -> None:
    route = respx_mock.post(f"{AUTH_URL}/api/auth/sign-up/email").mock(
        return_value=httpx.Response(200, json={"token": SESSION_TOKEN, "user": user_json()})
    )

    session = better_auth.sign_up(name="Alice", email="alice@example.com", password="pw")

    assert session.token == SESSION_TOKEN
    assert route.calls.last.request.read() == b'{"name":"Alice","email":"alice@example.com","password":"pw"}'


def test_sign_up_of_existing_user_raises_validation_failed(
    respx_mock: respx.MockRouter, better_auth: BetterAuth
) -> None:
    respx_mock.post(f"{AUTH_URL}/api/auth/sign-up/email").mock(
        return_value=httpx.Response(
            422, json={"code": "USER_ALREADY_EXISTS", "message": "User already exists"}
        )
    )

    with pytest.raises(ValidationFailed, match="User already exists"):
        better_auth.sign_up(name="Alice", email="alice@example.com", password="pw")


def test_sign_out_sends_the_session_as_bearer(respx_mock: respx.MockRouter, better_auth: BetterAuth) -> None:
    route = respx_mock.post(f"{AUTH_URL}/api/auth/sign-out").mock(
        return_value=httpx.Response(200, json={"success": True})
    )

    better_auth.sign_out(SESSION_TOKEN)

    assert route.calls.last.request.headers["authorization"] == f"Bearer {SESSION_TOKEN}"


def test_fetch_jwt_for_a_revoked_session_says_to_sign_in_again(
    respx_mock: respx.MockRouter, better_auth: BetterAuth
) -> None:
    respx_mock.get(f"{AUTH_URL}/api/auth/token").mock(return_value=httpx.Response(401))

    with pytest.raises(Unauthorized) as caught:
        better_auth.fetch_jwt(SESSION_TOKEN)
    assert caught.value.code == "session_expired"


def test_get_session_returns_none_when_not_live(
    respx_mock: respx.MockRouter, better_auth: BetterAuth
) -> None:
    respx_mock.get(f"{AUTH_URL}/api/auth/get-session").mock(return_value=httpx.Response(200, content=b"null"))

    assert better_auth.get_session(SESSION_TOKEN) is None


def test_unreachable_auth_server_raises_server_unreachable(
    respx_mock: respx.MockRouter, better_auth: BetterAuth
) -> None:
    respx_mock.post(SIGN_IN).mock(side_effect=httpx.ConnectError("refused"))

    with pytest.raises(ServerUnreachable, match=AUTH_URL):
        better_auth.sign_in(email="alice@example.com", password="pw")


def test_jwt_expiry_reads_exp_claim() -> None:
    assert jwt_expiry(make_jwt(expires_in=100)) == pytest.approx(time.time() + 100, abs=2)


@pytest.mark.parametrize("token", ["", "not-a-jwt", "a.b.c", "a.eyJzdWIiOiJ4In0.c"])
def test_jwt_expiry_of_malformed_token_is_none(token: str) -> None:
    assert jwt_expiry(token) is None
