"""Two API processes on one database, as two replicas behind a load balancer: a session signed out through
Better Auth is refused by both at their next request, because neither caches what the database says."""

from __future__ import annotations

import httpx
from todos_devstack.better_auth import Account, BetterAuthClient


def test_sign_out_is_refused_by_both_replicas_on_next_request(
    api: httpx.Client, second_api_url: str, better_auth: BetterAuthClient, account: Account
) -> None:
    headers = {"Authorization": f"Bearer {better_auth.token(account.session_token)}"}
    with httpx.Client(base_url=second_api_url, timeout=15.0) as second:
        created = api.post("/todos", json={"title": "written by one replica"}, headers=headers)
        assert created.status_code == 201
        # The other replica reads what the first one wrote: one database, no per-process state.
        assert second.get(f"/todos/{created.json()['id']}", headers=headers).status_code == 200

        better_auth.sign_out(account.session_token)

        for replica in (api, second):
            response = replica.get("/todos", headers=headers)
            assert response.status_code == 401, (str(replica.base_url), response.text)
            assert response.json()["code"] == "session_revoked"
