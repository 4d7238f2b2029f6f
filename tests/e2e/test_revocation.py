"""A Better Auth JWT lives 15 minutes, but sign-out and user deletion must take effect on the next request:
the token carries its session id (`sid`) and the API checks that session in its one SQL statement."""

from __future__ import annotations

import httpx
from todos_devstack.better_auth import Account, BetterAuthClient


def test_sign_out_refuses_the_jwt_on_next_request(
    api: httpx.Client, better_auth: BetterAuthClient, account: Account
) -> None:
    headers = {"Authorization": f"Bearer {better_auth.token(account.session_token)}"}
    assert api.get("/todos", headers=headers).status_code == 200

    better_auth.sign_out(account.session_token)

    response = api.get("/todos", headers=headers)
    assert response.status_code == 401
    assert response.json()["status_code"] == 401


def test_sign_out_keeps_the_users_other_sessions(
    api: httpx.Client, better_auth: BetterAuthClient, account: Account
) -> None:
    second_session = better_auth.sign_in(account.email, account.password)
    headers = {"Authorization": f"Bearer {better_auth.token(second_session)}"}

    better_auth.sign_out(account.session_token)

    assert api.get("/todos", headers=headers).status_code == 200


def test_deleted_user_is_refused_on_next_request(
    api: httpx.Client, better_auth: BetterAuthClient, account: Account
) -> None:
    headers = {"Authorization": f"Bearer {better_auth.token(account.session_token)}"}
    assert api.post("/todos", json={"title": "soon gone"}, headers=headers).status_code == 201

    better_auth.delete_user(account)

    assert api.get("/todos", headers=headers).status_code == 401
