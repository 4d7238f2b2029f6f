"""Device login (RFC 8628) end to end: a terminal-like client asks Better Auth for a code over HTTP, a person
answers on the real /device page in Chromium, and what the client gets back becomes a JWT the API accepts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import jwt
import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from todos_devstack.better_auth import Account, BetterAuthClient
from todos_devstack.databases import execute_sql
from todos_devstack.stack import Stack

from tests.support.browser import fresh_page, run_axe
from tests.support.device_flow import DeviceCode, poll_once, poll_until_answered, request_device_code


@pytest.fixture
def phone(browser: Browser, stack: Stack) -> Iterator[Page]:
    with fresh_page(browser, stack.web_url, 375, 812) as opened:
        yield opened


def alert(page: Page) -> Locator:
    """The page's own alert (Next's route announcer is an empty role=alert outside <main>)."""
    return page.get_by_role("main").get_by_role("alert")


def update_device_code(stack: Stack, code: DeviceCode, assignment: str) -> None:
    """Changes the code's row in Better Auth's table directly: its API cannot expire or rename a code."""
    execute_sql(
        stack.database_url, f"""UPDATE "deviceCode" SET {assignment} WHERE "userCode" = '{code.user_code}'"""
    )


def open_signed_in(page: Page, link: str, account: Account) -> None:
    """Opens the verification link signed out, signs in, and lands back on it with the code kept."""
    page.goto(link)
    expect(page).to_have_url(re.compile(r"/sign-in\?next=%2Fdevice%3Fuser_code%3D"))
    page.get_by_label("Email").fill(account.email)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/device\?user_code="))
    expect(page.get_by_role("heading", level=1)).to_have_text("Connect a device")


def test_device_login_approved_in_browser_yields_jwt_the_api_accepts_until_sign_out(
    page: Page, better_auth: BetterAuthClient, account: Account, api: httpx.Client
) -> None:
    code = request_device_code(better_auth.http)
    assert code.verification_uri_complete.endswith(f"/device?user_code={code.user_code}")
    assert poll_once(better_auth.http, code.device_code).json()["error"] == "authorization_pending"

    open_signed_in(page, code.verification_uri_complete, account)
    request = page.get_by_role("heading", level=2)
    expect(request).to_have_text("Todos command line (todo login) wants to sign in as you")
    expect(page.get_by_text(code.user_code, exact=True)).to_be_visible()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("status")).to_contain_text("Device connected")
    # Approved but not yet collected by the terminal: the link now says the code was used.
    page.goto(code.verification_uri_complete)
    expect(alert(page)).to_contain_text("already been used")

    answer = poll_until_answered(better_auth.http, code)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] > 6 * 24 * 3600
    session_token = body["access_token"]

    token = better_auth.token(session_token)
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["sub"] == account.user_id and claims["sid"]
    bearer = {"Authorization": f"Bearer {token}"}
    assert api.post("/todos", json={"title": "From the terminal"}, headers=bearer).status_code == 201

    # Collected, the code is gone: the link finds nothing and polling again is refused.
    page.goto(code.verification_uri_complete)
    expect(alert(page)).to_contain_text("does not match any sign-in request")
    assert poll_once(better_auth.http, code.device_code).json()["error"] == "invalid_grant"

    better_auth.sign_out(session_token)
    refused = api.get("/todos", headers=bearer)
    assert refused.status_code == 401 and refused.json()["code"] == "session_revoked"


def test_device_login_denied_in_browser_answers_access_denied(
    page: Page, better_auth: BetterAuthClient, account: Account
) -> None:
    code = request_device_code(better_auth.http)
    open_signed_in(page, code.verification_uri_complete, account)
    page.get_by_role("button", name="Deny").click()
    expect(page.get_by_role("status")).to_contain_text("Request denied")

    answer = poll_once(better_auth.http, code.device_code)
    assert answer.status_code == 400 and answer.json()["error"] == "access_denied"


def test_device_page_expired_code_says_so_and_polling_answers_expired_token(
    page: Page, better_auth: BetterAuthClient, account: Account, stack: Stack
) -> None:
    code = request_device_code(better_auth.http)
    update_device_code(stack, code, """"expiresAt" = now() - interval '1 second'""")
    open_signed_in(page, code.verification_uri_complete, account)
    expect(alert(page)).to_contain_text("expired")
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)

    answer = poll_once(better_auth.http, code.device_code)
    assert answer.status_code == 400 and answer.json()["error"] == "expired_token"


def test_device_page_mistyped_code_keeps_it_in_the_form_with_an_error(
    page: Page, better_auth: BetterAuthClient, account: Account
) -> None:
    code = request_device_code(better_auth.http)
    open_signed_in(page, code.verification_uri_complete.replace(code.user_code, "ZZZZ-ZZZZ"), account)
    expect(alert(page)).to_contain_text("does not match any sign-in request")
    field = page.get_by_label("Code shown on your device")
    expect(field).to_have_value("ZZZZ-ZZZZ")

    # Typed by hand, with a dash and in lower case, the right code is found.
    typed = f"{code.user_code[:4]}-{code.user_code[4:]}".lower()
    field.fill(typed)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("button", name="Approve")).to_be_visible()


def test_device_login_unknown_client_is_refused(better_auth: BetterAuthClient) -> None:
    answer = better_auth.http.post("/device/code", json={"client_id": "someone-else"})
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_client"


def test_device_link_for_a_new_user_goes_through_sign_up_and_back_at_phone_width(
    phone: Page, better_auth: BetterAuthClient, stack: Stack, screenshots_dir: Path
) -> None:
    code = request_device_code(better_auth.http)
    # A fixed code and address keep the committed screenshot stable (`make screenshots`).
    update_device_code(stack, code, """"userCode" = 'WDJBMJHT'""")
    phone.goto(code.verification_uri_complete.replace(code.user_code, "WDJBMJHT"))
    phone.get_by_role("link", name="Sign up").click()
    phone.get_by_label("Name").fill("Grace Hopper")
    phone.get_by_label("Email").fill("grace@example.com")
    phone.get_by_label("Password").fill("correct horse battery")
    phone.get_by_role("button", name="Sign up").click()
    expect(phone).to_have_url(re.compile(r"/device\?user_code=WDJBMJHT$"))
    expect(phone.get_by_role("button", name="Approve")).to_be_visible()
    # Nothing wider than the screen: no sideways scrolling at 375 px.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    serious = run_axe(phone)
    assert serious == [], [(v["id"], v["help"]) for v in serious]
    phone.screenshot(path=screenshots_dir / "device.png", full_page=True)
