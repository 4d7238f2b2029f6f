"""API keys end to end: created in the real settings page in Chromium, exchanged by a script for a JWT the
API accepts, and revoked in the page, after which the API refuses that JWT at its very next request."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

import asyncpg
import httpx
import jwt
from playwright.sync_api import Page, expect
from todos_devstack.better_auth import Account, BetterAuthClient
from todos_devstack.stack import Stack

from tests.support.browser import run_axe


def exchange(better_auth: BetterAuthClient, key: str) -> httpx.Response:
    """What a script does with TODO_API_KEY: GET /api/auth/token with the key in `x-api-key`."""
    return better_auth.http.get("/token", headers={"x-api-key": key})


def fetch_one(database_url: str, query: str, *args: object) -> asyncpg.Record | None:
    async def run() -> asyncpg.Record | None:
        connection = await asyncpg.connect(database_url)
        try:
            return await connection.fetchrow(query, *args)
        finally:
            await connection.close()

    # In a thread of its own: Playwright's sync API keeps an event loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, run()).result()


def sign_in(page: Page, account: Account) -> None:
    page.goto("/settings/keys")
    expect(page).to_have_url(re.compile(r"/sign-in\?next=%2Fsettings%2Fkeys$"))
    page.get_by_label("Email").fill(account.email)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API keys")


def test_api_key_created_in_browser_works_until_revoked_in_browser(
    page: Page, better_auth: BetterAuthClient, account: Account, api: httpx.Client, stack: Stack
) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(page, account)
    expect(page.get_by_text("No keys yet.")).to_be_visible()
    page.get_by_label("Name").fill("nightly backup")
    page.get_by_label("Expires").select_option(label="30 days")
    page.get_by_role("button", name="Create key").click()
    secret_field = page.get_by_label("New API key")
    expect(secret_field).to_have_value(re.compile(r"^todo_[A-Za-z]{64}$"))
    secret = secret_field.input_value()
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == secret

    keys = page.get_by_role("list", name="API keys")
    expect(keys.get_by_role("listitem")).to_have_count(1)
    item = keys.get_by_role("listitem")
    expect(item).to_contain_text("nightly backup")
    expect(item).to_contain_text(secret[:10] + "…")
    expect(item).to_contain_text("Last usedNever")

    # Stored hashed: SHA-256, base64url without padding; the secret itself is nowhere in the table.
    row = fetch_one(
        stack.database_url,
        'SELECT id, key, "expiresAt" FROM apikey WHERE "referenceId" = $1',
        account.user_id,
    )
    assert row is not None
    digest = base64.urlsafe_b64encode(hashlib.sha256(secret.encode()).digest()).rstrip(b"=").decode()
    assert row["key"] == digest != secret
    assert abs(row["expiresAt"] - (datetime.now(row["expiresAt"].tzinfo) + timedelta(days=30))) < timedelta(
        minutes=1
    )

    answer = exchange(better_auth, secret)
    assert answer.status_code == 200, answer.text
    token = answer.json()["token"]
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["sub"] == account.user_id
    # The JWT names the key's own session row, which ends by the time the key does.
    session = fetch_one(
        stack.database_url, 'SELECT "apiKeyId", "expiresAt" FROM session WHERE id = $1', claims["sid"]
    )
    assert session is not None and session["apiKeyId"] == row["id"]
    assert session["expiresAt"] <= row["expiresAt"]
    bearer = {"Authorization": f"Bearer {token}"}
    assert api.post("/todos", json={"title": "Made by a script"}, headers=bearer).status_code == 201

    page.reload()
    expect(item).not_to_contain_text("Last usedNever")

    item.get_by_role("button", name="Revoke nightly backup").click()
    item.get_by_role("button", name="Revoke nightly backup now").click()
    expect(page.get_by_text("No keys yet.")).to_be_visible()

    refused = api.get("/todos", headers=bearer)
    assert refused.status_code == 401 and refused.json()["code"] == "session_revoked"
    assert exchange(better_auth, secret).status_code == 401


def test_api_key_disabled_over_http_stops_its_jwts_at_next_request(
    better_auth: BetterAuthClient, account: Account, api: httpx.Client, stack: Stack
) -> None:
    owner = {"Authorization": f"Bearer {account.session_token}"}
    day = 24 * 3600
    body = {"name": "ci", "expiresIn": day}
    created = better_auth.http.post("/api-key/create", json=body, headers=owner).json()
    token = exchange(better_auth, created["key"]).json()["token"]
    # A key that expires before a week is up takes its session with it at that very moment.
    sid = jwt.decode(token, options={"verify_signature": False})["sid"]
    session = fetch_one(stack.database_url, 'SELECT "expiresAt" FROM session WHERE id = $1', sid)
    key_row = fetch_one(stack.database_url, 'SELECT "expiresAt" FROM apikey WHERE id = $1', created["id"])
    assert session is not None and key_row is not None
    assert session["expiresAt"] == key_row["expiresAt"]
    bearer = {"Authorization": f"Bearer {token}"}
    assert api.get("/todos", headers=bearer).status_code == 200
    # Later exchanges reuse the key's session instead of adding a row each time.
    again = exchange(better_auth, created["key"]).json()["token"]
    assert jwt.decode(again, options={"verify_signature": False})["sid"] == sid

    update = better_auth.http.post(
        "/api-key/update", json={"keyId": created["id"], "enabled": False}, headers=owner
    )
    assert update.status_code == 200, update.text
    assert api.get("/todos", headers=bearer).status_code == 401
    assert exchange(better_auth, created["key"]).status_code == 401


def test_api_key_is_refused_everywhere_but_the_jwt_exchange(
    better_auth: BetterAuthClient, account: Account
) -> None:
    owner = {"Authorization": f"Bearer {account.session_token}"}
    key = better_auth.http.post("/api-key/create", json={"name": "ci"}, headers=owner).json()["key"]
    for method, path in (("POST", "/api-key/create"), ("GET", "/api-key/list"), ("GET", "/get-session")):
        answer = better_auth.http.request(
            method, path, headers={"x-api-key": key}, json={"name": "more"} if method == "POST" else None
        )
        assert answer.status_code == 403, (path, answer.text)
        assert answer.json()["code"] == "API_KEY_NOT_ALLOWED_HERE"


def test_api_keys_page_at_phone_width_has_no_sideways_scroll(
    page: Page, better_auth: BetterAuthClient, screenshots_dir: Path
) -> None:
    account = better_auth.sign_up(name="Key Keeper")
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, account)
    page.get_by_label("Name").fill("deploy bot")
    page.get_by_role("button", name="Create key").click()
    expect(page.get_by_label("New API key")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    serious = run_axe(page)
    assert serious == [], [(v["id"], v["help"]) for v in serious]
    page.screenshot(path=screenshots_dir / "api-keys-phone.png", full_page=True)
