"""Better Auth identities against the real database: JWKS tokens, the user check and the session check."""

from __future__ import annotations

import secrets
from typing import Any

import httpx
import jwt
import pytest
from fastapi import FastAPI

from tests.integration.api.helpers import TODOS, Caller, Users, make_settings, running_app
from tests.support.tokens import JwksServer, SigningKey, better_auth_claims, sign

pytestmark = pytest.mark.pgbouncer  # also through PgBouncer: see conftest.py


def _assert_401(response: httpx.Response, code: str) -> None:
    assert response.status_code == 401, response.text
    assert response.json()["code"] == code
    assert response.headers["www-authenticate"].startswith("Bearer")


async def test_better_auth_shaped_token_is_accepted(client: httpx.AsyncClient, alice: Caller) -> None:
    header = jwt.get_unverified_header(alice.token)
    assert header["alg"] == "EdDSA" and "kid" in header
    response = await client.get(TODOS, headers=alice.headers)
    assert response.status_code == 200


async def test_token_without_session_claim_needs_only_the_user(
    client: httpx.AsyncClient, users: Users
) -> None:
    caller = await users.create(with_session=False)
    assert (await client.post(TODOS, json={"title": "x"}, headers=caller.headers)).status_code == 201


async def test_deleted_user_gets_401_on_every_route(client: httpx.AsyncClient, users: Users) -> None:
    caller = await users.create()
    todo = (await client.post(TODOS, json={"title": "x"}, headers=caller.headers)).json()
    await users.delete_user(caller.user_id)
    url = f"{TODOS}/{todo['id']}"
    responses = [
        await client.get(TODOS, headers=caller.headers),
        await client.get(url, headers=caller.headers),
        await client.post(TODOS, json={"title": "y"}, headers=caller.headers),
        await client.put(url, json={"title": "y"}, headers=caller.headers),
        await client.patch(f"{url}/complete", headers=caller.headers),
        await client.patch(f"{url}/complete", json={"is_completed": True}, headers=caller.headers),
        await client.delete(url, headers=caller.headers),
    ]
    for response in responses:
        _assert_401(response, "session_revoked")


async def test_deleted_user_without_session_claim_gets_401(client: httpx.AsyncClient, users: Users) -> None:
    caller = await users.create(with_session=False)
    await users.delete_user(caller.user_id)
    _assert_401(await client.get(TODOS, headers=caller.headers), "session_revoked")


async def test_signed_out_session_gets_401_on_next_request(client: httpx.AsyncClient, users: Users) -> None:
    caller = await users.create()
    assert (await client.get(TODOS, headers=caller.headers)).status_code == 200
    assert caller.session_id is not None
    await users.delete_session(caller.session_id)  # what Better Auth's sign-out does
    _assert_401(await client.get(TODOS, headers=caller.headers), "session_revoked")


async def test_expired_session_gets_401(client: httpx.AsyncClient, users: Users) -> None:
    caller = await users.create()
    assert caller.session_id is not None
    await users.expire_session(caller.session_id)
    _assert_401(await client.post(TODOS, json={"title": "x"}, headers=caller.headers), "session_revoked")


async def test_session_of_another_user_gets_401(client: httpx.AsyncClient, users: Users, bob: Caller) -> None:
    mallory = await users.create()
    # A validly signed token for mallory that names bob's (live) session.
    token = users.token_for(mallory.user_id, bob.session_id)
    _assert_401(await client.get(TODOS, headers={"Authorization": f"Bearer {token}"}), "session_revoked")


async def test_unknown_session_gets_401(client: httpx.AsyncClient, users: Users) -> None:
    caller = await users.create()
    token = users.token_for(caller.user_id, secrets.token_urlsafe(16))
    _assert_401(await client.get(TODOS, headers={"Authorization": f"Bearer {token}"}), "session_revoked")


async def test_user_deletion_cascades_to_todos(client: httpx.AsyncClient, users: Users) -> None:
    caller = await users.create()
    todo = (await client.post(TODOS, json={"title": "x"}, headers=caller.headers)).json()
    await users.delete_user(caller.user_id)  # Better Auth's delete-user must not be blocked by our FK
    remaining = await users.admin.fetchval("SELECT count(*) FROM todo WHERE id = $1", todo["id"])
    assert remaining == 0


async def test_rotated_key_is_accepted_after_refetch(
    database_url: str, db_settings: dict[str, Any], users: Users
) -> None:
    old, new = SigningKey(), SigningKey()
    server = JwksServer(old)
    try:
        settings = make_settings(database_url, server.url, auth_jwks_min_refetch_seconds=0, **db_settings)
        async with running_app(settings) as app, _client(app) as client:
            caller = await users.create()
            old_token = sign(better_auth_claims(caller.user_id, sid=caller.session_id), old)
            new_token = sign(better_auth_claims(caller.user_id, sid=caller.session_id), new)
            assert (await client.get(TODOS, headers=_bearer(old_token))).status_code == 200
            _assert_401(await client.get(TODOS, headers=_bearer(new_token)), "invalid_token")
            server.keys.append(new)  # Better Auth rotates: the new key is published beside the old one
            assert (await client.get(TODOS, headers=_bearer(new_token))).status_code == 200
            assert (await client.get(TODOS, headers=_bearer(old_token))).status_code == 200
    finally:
        server.close()


async def test_shared_secret_mode_accepts_hs256(
    database_url: str, db_settings: dict[str, Any], users: Users
) -> None:
    secret = secrets.token_urlsafe(32)
    settings = make_settings(database_url, "http://127.0.0.1:9/unused", auth_jwt_secret=secret, **db_settings)
    async with running_app(settings) as app, _client(app) as client:
        caller = await users.create(with_session=False)
        token = jwt.encode(better_auth_claims(caller.user_id), secret, algorithm="HS256")
        assert (await client.post(TODOS, json={"title": "hs"}, headers=_bearer(token))).status_code == 201
        eddsa = users.token_for(caller.user_id, None)
        _assert_401(await client.get(TODOS, headers=_bearer(eddsa)), "invalid_token")


async def test_issuer_and_audience_come_from_settings(
    database_url: str, db_settings: dict[str, Any], jwks: JwksServer, users: Users
) -> None:
    settings = make_settings(
        database_url,
        jwks.url,
        auth_issuer="https://auth.example",
        auth_audience="https://api.example",
        **db_settings,
    )
    async with running_app(settings) as app, _client(app) as client:
        caller = await users.create()
        claims = better_auth_claims(caller.user_id, sid=caller.session_id)
        good = sign({**claims, "iss": "https://auth.example", "aud": "https://api.example"}, users.key)
        assert (await client.get(TODOS, headers=_bearer(good))).status_code == 200
        _assert_401(await client.get(TODOS, headers=_bearer(sign(claims, users.key))), "invalid_token")


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://api.test")
