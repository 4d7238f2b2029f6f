"""Where signing in (or up) leads: back to the page that asked for it, never to another site (issue 16)."""

from __future__ import annotations

import re
import secrets
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, Route, expect
from todos_devstack.better_auth import Account
from todos_devstack.stack import Stack

from tests.support.browser import PASSWORD

# Each resolves, as a browser reads it, to http://evil.example/pwn: tabs and newlines are dropped from URLs,
# a backslash is a slash. The last one resolves to the path //evil.example/pwn, a host again if handed on.
OFFSITE = {
    "tab": "/\t/evil.example/pwn",
    "newline": "/\n/evil.example/pwn",
    "backslash": "/\\evil.example/pwn",
    "double-slash": "//evil.example/pwn",
    "dot-segment": "/.//evil.example/pwn",
}


def fence_off_evil(page: Page) -> None:
    """Answer for evil.example ourselves (no DNS), so that a test that fails shows that URL."""
    page.context.route(re.compile(r"^https?://evil\.example/"), lambda route: _pwned(route))


def _pwned(route: Route) -> None:
    route.fulfill(status=200, content_type="text/html", body="<h1>pwned</h1>")


def on_this_site(stack: Stack, path: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(stack.web_url)}{re.escape(path)}$")


@pytest.mark.parametrize("variant", OFFSITE.values(), ids=OFFSITE.keys())
def test_sign_in_with_an_offsite_next_lands_on_tasks(
    page: Page, stack: Stack, account: Account, variant: str
) -> None:
    fence_off_evil(page)
    page.goto(f"/sign-in?next={quote(variant, safe='')}")
    page.get_by_label("Email").fill(account.email)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(on_this_site(stack, "/tasks"))
    expect(page.get_by_text("Signed in as")).to_be_visible()


@pytest.mark.parametrize("variant", [OFFSITE["tab"], OFFSITE["newline"]], ids=["tab", "newline"])
def test_sign_up_with_an_offsite_next_lands_on_tasks(page: Page, stack: Stack, variant: str) -> None:
    fence_off_evil(page)
    page.goto(f"/sign-up?next={quote(variant, safe='')}")
    page.get_by_label("Name").fill("Mallory's target")
    page.get_by_label("Email").fill(f"target-{secrets.token_hex(4)}@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()

    expect(page).to_have_url(on_this_site(stack, "/tasks"))


def test_sign_in_from_trash_returns_to_trash(page: Page, stack: Stack, account: Account) -> None:
    page.goto("/trash")
    expect(page).to_have_url(re.compile(r"/sign-in\?next=%2Ftrash$"))
    page.get_by_label("Email").fill(account.email)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(on_this_site(stack, "/trash"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Trash"))
