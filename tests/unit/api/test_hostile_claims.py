"""Correctly signed tokens that say something no caller should: refused as 401 ``invalid_token`` before any
SQL (a NUL or a lone surrogate in ``sub``/``sid`` reached asyncpg and answered 500), and tokens that live
longer than ``AUTH_MAX_TOKEN_LIFETIME_SECONDS``."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from todos_api.auth.claims import decode_identity
from todos_api.core.errors import InvalidToken

from tests.support.tokens import ISSUER, SigningKey, better_auth_claims, sign
from tests.unit.api.conftest import RecordingDatabase

TODOS = "/api/v1/todos"
DAY = 86_400


async def _get_with(client: httpx.AsyncClient, key: SigningKey, **claims: Any) -> httpx.Response:
    token = sign(better_auth_claims("user-1", **claims), key)
    return await client.get(f"{TODOS}/1", headers={"Authorization": f"Bearer {token}"})


def _assert_invalid_token(response: httpx.Response, database: RecordingDatabase) -> None:
    assert response.status_code == 401, response.text
    assert response.json() == {
        "status_code": 401,
        "code": "invalid_token",
        "detail": "The bearer token is invalid.",
    }
    assert database.statements == []


@pytest.mark.parametrize(
    "claims",
    [
        {"sub": "user\x001"},
        {"sub": "\x00"},
        {"sub": "\ud800"},
        {"sub": "u" * 256},
        {"sub": 42},
        {"sub": ["user-1"]},
        {"sub": {"id": "user-1"}},
        {"sub": True},
        {"sid": "session\x00"},
        {"sid": "\udfff"},
        {"sid": "s" * 256},
        {"sid": 7},
        {"sid": ""},
        {"sid": ["s1"]},
    ],
    ids=repr,
)
async def test_signed_token_with_unusable_id_claim_is_401_without_sql(
    client: httpx.AsyncClient, database: RecordingDatabase, signing_key: SigningKey, claims: dict[str, Any]
) -> None:
    _assert_invalid_token(await _get_with(client, signing_key, **claims), database)


async def test_id_claims_at_the_length_bound_are_accepted(
    client: httpx.AsyncClient, database: RecordingDatabase, signing_key: SigningKey
) -> None:
    response = await _get_with(client, signing_key, sub="u" * 255, sid="s" * 255)
    assert response.status_code == 401 and response.json()["code"] == "session_revoked"  # reached SQL
    assert database.statements[0][1][:2] == ("u" * 255, "s" * 255)


@pytest.mark.parametrize(
    "claims",
    [
        {"exp": 1e20},
        {"exp": 10**400},
        {"exp": float("inf")},
        {"exp": float("nan")},
        {"exp": "99999999999"},
        {"iat": float("-inf")},
        {"iat": "0"},
        {"iat": 0},
        {"lifetime": DAY + 60},
    ],
    ids=repr,
)
async def test_token_beyond_the_lifetime_cap_or_with_odd_dates_is_401(
    client: httpx.AsyncClient, database: RecordingDatabase, signing_key: SigningKey, claims: dict[str, Any]
) -> None:
    _assert_invalid_token(await _get_with(client, signing_key, **claims), database)


async def test_token_issued_long_before_its_near_expiry_is_401(
    client: httpx.AsyncClient, database: RecordingDatabase, signing_key: SigningKey
) -> None:
    # Dates made when the test runs, not at collection: a long run could otherwise see the token expire first.
    now = int(time.time())
    response = await _get_with(client, signing_key, iat=now - 2 * DAY, exp=now + 60)
    _assert_invalid_token(response, database)


async def test_token_within_the_lifetime_cap_reaches_sql(
    client: httpx.AsyncClient, database: RecordingDatabase, signing_key: SigningKey
) -> None:
    response = await _get_with(client, signing_key, lifetime=DAY - 60)
    assert response.json()["code"] == "session_revoked"
    assert len(database.statements) == 1


def test_lifetime_without_iat_counts_from_now(signing_key: SigningKey) -> None:
    now = int(time.time())
    token = sign(better_auth_claims("u", iat=..., exp=now + 3600), signing_key)
    key, decode = signing_key.private.public_key(), decode_identity
    assert decode(token, key, "EdDSA", ISSUER, ISSUER, 10, max_lifetime=3700)[1] == now + 3600
    long_lived = sign(better_auth_claims("u", iat=..., exp=now + 7200), signing_key)
    with pytest.raises(InvalidToken) as raised:
        decode(long_lived, key, "EdDSA", ISSUER, ISSUER, 10, max_lifetime=3700)
    assert type(raised.value) is InvalidToken  # not TokenExpired: the client must not just refresh and retry
