"""The JWT catalogue: every malformed, forged, expired or misaddressed token is a 401 before any SQL."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from tests.support.tokens import ISSUER, SigningKey, b64url, better_auth_claims, sign
from tests.unit.api.conftest import TASK_FIELD_COLUMNS, JwksEndpoint, RecordingDatabase

TODOS = "/api/v1/todos"
USER = "user-1"


def _todo_row() -> dict[str, Any]:
    return {
        "auth_user_id": USER, "id": 1, "title": "t", "description": None, "is_completed": False,
        "user_id": USER, "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z",
        "version": 1, "deleted_at": None, **TASK_FIELD_COLUMNS,
    }  # fmt: skip


async def _get(client: httpx.AsyncClient, authorization: str | None) -> httpx.Response:
    headers = {"Authorization": authorization} if authorization is not None else {}
    return await client.get(f"{TODOS}/1", headers=headers)


def _assert_rejected(response: httpx.Response, database: RecordingDatabase, code: str) -> None:
    assert response.status_code == 401, response.text
    assert response.json() == {"status_code": 401, "code": code, "detail": response.json()["detail"]}
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert database.statements == []  # rejected before any SQL


def _segment(part: dict[str, Any]) -> str:
    return b64url(json.dumps(part).encode())


def _unsigned(header: dict[str, Any], claims: dict[str, Any]) -> str:
    return f"{_segment(header)}.{_segment(claims)}."


async def test_valid_token_runs_exactly_one_statement(
    client: httpx.AsyncClient, database: RecordingDatabase, signing_key: SigningKey
) -> None:
    database.rows = [_todo_row()]
    response = await _get(client, f"Bearer {sign(better_auth_claims(USER, sid='s1'), signing_key)}")
    assert response.status_code == 200
    assert len(database.statements) == 1
    assert database.statements[0][1][:3] == (USER, "s1", 1)  # sub, sid, todo id


async def test_token_of_deleted_user_is_401_after_one_statement(
    client: httpx.AsyncClient, database: RecordingDatabase, signing_key: SigningKey
) -> None:
    database.rows = []  # the auth CTE found no user (or no live session)
    response = await _get(client, f"Bearer {sign(better_auth_claims(USER), signing_key)}")
    assert response.status_code == 401 and response.json()["code"] == "session_revoked"
    assert len(database.statements) == 1


@pytest.mark.parametrize("authorization", [None, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token abc"])
async def test_missing_bearer_token_is_401(
    client: httpx.AsyncClient, database: RecordingDatabase, authorization: str | None
) -> None:
    _assert_rejected(await _get(client, authorization), database, "not_authenticated")


@pytest.mark.parametrize("token", ["abc", "a.b.c", "a.b", "....", "eyJhbGciOiJFZERTQSJ9.e30.", "x" * 9000])
async def test_malformed_token_is_401(
    client: httpx.AsyncClient, database: RecordingDatabase, token: str
) -> None:
    _assert_rejected(await _get(client, f"Bearer {token}"), database, "invalid_token")


async def test_alg_none_is_refused(
    client: httpx.AsyncClient, database: RecordingDatabase, signing_key: SigningKey
) -> None:
    token = _unsigned({"alg": "none", "kid": signing_key.kid, "typ": "JWT"}, better_auth_claims(USER))
    _assert_rejected(await _get(client, f"Bearer {token}"), database, "invalid_token")


async def test_hs256_signed_with_the_public_key_is_refused(
    client: httpx.AsyncClient, database: RecordingDatabase, signing_key: SigningKey
) -> None:
    # Algorithm confusion: an attacker knows the public key and uses it as an HMAC secret.
    for secret in (signing_key.public_pem, signing_key.jwk["x"].encode()):
        header = {"alg": "HS256", "kid": signing_key.kid, "typ": "JWT"}
        signing_input = ".".join(
            b64url(json.dumps(part).encode()) for part in (header, better_auth_claims(USER))
        ).encode()
        import hmac
        from hashlib import sha256

        token = f"{signing_input.decode()}.{b64url(hmac.new(secret, signing_input, sha256).digest())}"
        _assert_rejected(await _get(client, f"Bearer {token}"), database, "invalid_token")


async def test_token_signed_with_another_key_is_refused(
    client: httpx.AsyncClient, database: RecordingDatabase, signing_key: SigningKey
) -> None:
    impostor = SigningKey(kid=signing_key.kid)  # same kid, different private key
    token = sign(better_auth_claims(USER), impostor)
    _assert_rejected(await _get(client, f"Bearer {token}"), database, "invalid_token")


async def test_tampered_payload_is_refused(
    client: httpx.AsyncClient, database: RecordingDatabase, signing_key: SigningKey
) -> None:
    header, _payload, signature = sign(better_auth_claims(USER), signing_key).split(".")
    forged = b64url(json.dumps(better_auth_claims("someone-else")).encode())
    _assert_rejected(await _get(client, f"Bearer {header}.{forged}.{signature}"), database, "invalid_token")


async def test_expired_token_is_refused_with_its_own_code(
    client: httpx.AsyncClient, database: RecordingDatabase, signing_key: SigningKey
) -> None:
    token = sign(better_auth_claims(USER, lifetime=-60), signing_key)
    _assert_rejected(await _get(client, f"Bearer {token}"), database, "token_expired")


async def test_expiry_within_leeway_is_accepted(
    client: httpx.AsyncClient, database: RecordingDatabase, signing_key: SigningKey
) -> None:
    database.rows = [_todo_row()]
    token = sign(better_auth_claims(USER, lifetime=-3), signing_key)  # leeway is 10 s
    assert (await _get(client, f"Bearer {token}")).status_code == 200


@pytest.mark.parametrize("claim", ["exp", "iss", "aud", "sub"])
async def test_token_without_required_claim_is_refused(
    client: httpx.AsyncClient, database: RecordingDatabase, signing_key: SigningKey, claim: str
) -> None:
    claims = better_auth_claims(USER)
    del claims[claim]
    token = sign(claims, signing_key)
    _assert_rejected(await _get(client, f"Bearer {token}"), database, "invalid_token")


@pytest.mark.parametrize(
    "claims",
    [
        {"iss": "https://evil.example"},
        {"aud": "https://other-api.example"},
        {"aud": ["https://other-api.example"]},
        {"sub": ""},
        {"sub": 42},
        {"sid": 42},
        {"sid": ""},
        {"nbf": 4102444800},  # not valid before 2100
    ],
)
async def test_token_with_wrong_claims_is_refused(
    client: httpx.AsyncClient, database: RecordingDatabase, signing_key: SigningKey, claims: dict[str, Any]
) -> None:
    token = sign(better_auth_claims(USER, **claims), signing_key)
    _assert_rejected(await _get(client, f"Bearer {token}"), database, "invalid_token")


async def test_audience_list_containing_ours_is_accepted(
    client: httpx.AsyncClient, database: RecordingDatabase, signing_key: SigningKey
) -> None:
    database.rows = [_todo_row()]
    token = sign(better_auth_claims(USER, aud=["https://other.example", ISSUER]), signing_key)
    assert (await _get(client, f"Bearer {token}")).status_code == 200


async def test_token_without_kid_is_refused(
    client: httpx.AsyncClient, database: RecordingDatabase, signing_key: SigningKey
) -> None:
    token = jwt.encode(better_auth_claims(USER), signing_key.private, algorithm="EdDSA")
    _assert_rejected(await _get(client, f"Bearer {token}"), database, "invalid_token")


async def test_header_alg_must_match_the_keys_alg(
    client: httpx.AsyncClient, database: RecordingDatabase, signing_key: SigningKey
) -> None:
    ec_key = ec.generate_private_key(ec.SECP256R1())
    token = jwt.encode(better_auth_claims(USER), ec_key, algorithm="ES256", headers={"kid": signing_key.kid})
    _assert_rejected(await _get(client, f"Bearer {token}"), database, "invalid_token")


async def test_unknown_kid_refetches_and_accepts_a_rotated_key(
    client: httpx.AsyncClient, database: RecordingDatabase, endpoint: JwksEndpoint, signing_key: SigningKey
) -> None:
    database.rows = [_todo_row()]
    assert (await _get(client, f"Bearer {sign(better_auth_claims(USER), signing_key)}")).status_code == 200
    assert endpoint.fetches == 1
    database.statements.clear()
    rotated = SigningKey()
    token = sign(better_auth_claims(USER), rotated)
    _assert_rejected(await _get(client, f"Bearer {token}"), database, "invalid_token")
    assert endpoint.fetches == 2  # the unknown kid triggered a refetch, which did not have it yet
    endpoint.keys.append(rotated)
    assert (await _get(client, f"Bearer {token}")).status_code == 200
    assert endpoint.fetches == 3


async def test_jwks_unreachable_on_first_use_is_503(
    client: httpx.AsyncClient, database: RecordingDatabase, endpoint: JwksEndpoint, signing_key: SigningKey
) -> None:
    endpoint.fail = True
    response = await _get(client, f"Bearer {sign(better_auth_claims(USER), signing_key)}")
    assert response.status_code == 503 and response.json()["code"] == "auth_unavailable"
    assert database.statements == []


def test_catalogue_tokens_are_really_three_segments(signing_key: SigningKey) -> None:
    # Guards the helpers above: a genuine token decodes with the public key.
    token = sign(better_auth_claims(USER), signing_key)
    claims = jwt.decode(
        token, signing_key.private.public_key(), algorithms=["EdDSA"], audience=ISSUER, issuer=ISSUER
    )
    assert claims["sub"] == USER
    assert base64.urlsafe_b64decode(token.split(".")[0] + "==")
