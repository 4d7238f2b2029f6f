"""Better Auth rotates its signing key; the API must accept tokens signed with the new key after
refetching the JWKS (unknown `kid`), and keep accepting the old key's tokens during the grace period.

How Better Auth rotates (better-auth 1.7, plugins/jwt): every `jwks` row may carry an `expiresAt`
(`jwks.rotationInterval` sets it); signing uses the newest row that has not expired and mints a new key
when none is left; /jwks keeps serving expired keys for `gracePeriod` (30 days by default). The test ends
the current key's life the way an elapsed rotation interval does, by setting its `expiresAt` to the past.
"""

from __future__ import annotations

import time

import httpx
import jwt
from todos_devstack.better_auth import Account, BetterAuthClient
from todos_devstack.databases import execute_sql
from todos_devstack.stack import Stack

# The API refetches the JWKS at most once every few seconds; allow for that and a little more.
REFETCH_DEADLINE_S = 30.0


def expire_current_signing_keys(database_url: str) -> None:
    execute_sql(database_url, """UPDATE jwks SET "expiresAt" = now() - interval '1 second'""")


def status_within_deadline(api: httpx.Client, token: str) -> int:
    """The API's answer for `token`, retried while it may still be waiting to refetch the JWKS."""
    deadline = time.monotonic() + REFETCH_DEADLINE_S
    while True:
        status = api.get("/todos", headers={"Authorization": f"Bearer {token}"}).status_code
        if status != 401 or time.monotonic() > deadline:
            return status
        time.sleep(0.5)


def test_rotated_signing_key_is_accepted_after_jwks_refetch(
    stack: Stack, api: httpx.Client, better_auth: BetterAuthClient, account: Account
) -> None:
    old_token = better_auth.token(account.session_token)
    # The API now holds the current key in its JWKS cache.
    assert api.get("/todos", headers={"Authorization": f"Bearer {old_token}"}).status_code == 200

    expire_current_signing_keys(stack.database_url)
    new_token = better_auth.token(account.session_token)

    old_kid = jwt.get_unverified_header(old_token)["kid"]
    new_kid = jwt.get_unverified_header(new_token)["kid"]
    assert new_kid != old_kid
    published = {key["kid"] for key in httpx.get(f"{stack.web_url}/api/auth/jwks").json()["keys"]}
    assert {old_kid, new_kid} <= published

    assert status_within_deadline(api, new_token) == 200
    assert api.get("/todos", headers={"Authorization": f"Bearer {old_token}"}).status_code == 200
