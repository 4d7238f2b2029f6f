"""Both spellings of this machine work: `next start` prints http://127.0.0.1:PORT while `make run` says
http://localhost:PORT, and a browser treats them as two origins (issue 16). The test stack's AUTH_URL uses
127.0.0.1, so these tests come in through localhost."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect
from todos_devstack.stack import Stack

from tests.support.browser import fresh_page, sign_up


@pytest.fixture
def twin_url(stack: Stack) -> str:
    assert stack.web_url.startswith("http://127.0.0.1:"), stack.web_url
    return stack.web_url.replace("127.0.0.1", "localhost")


@pytest.fixture
def twin_page(browser: Browser, twin_url: str) -> Iterator[Page]:
    with fresh_page(browser, twin_url, 1280, 800) as opened:
        yield opened


def test_sign_up_and_add_a_task_from_the_other_loopback_spelling(twin_page: Page, twin_url: str) -> None:
    sign_up(twin_page, "Loopback")  # Better Auth: 403 INVALID_ORIGIN before
    twin_page.get_by_label("Title", exact=True).fill("From localhost")
    twin_page.get_by_role("button", name="Add task").click()  # the API over CORS: refused before

    expect(
        twin_page.get_by_role("list", name="Tasks").get_by_text("From localhost", exact=True)
    ).to_be_visible()
    assert twin_page.url.startswith(twin_url)


def test_api_preflight_from_the_other_loopback_spelling_is_allowed(stack: Stack, twin_url: str) -> None:
    answer = httpx.options(
        f"{stack.api_url}/api/v1/todos",
        headers={
            "Origin": twin_url,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )

    assert answer.status_code == 200, answer.text
    assert answer.headers["access-control-allow-origin"] == twin_url
