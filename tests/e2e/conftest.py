"""Session-scoped fixtures for end-to-end tests: the real stack (PostgreSQL, Better Auth in `next start`,
`todos-api serve`) started once, plus Better Auth accounts and API clients on top of it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from todos_devstack.better_auth import Account, BetterAuthClient
from todos_devstack.browser import CHROMIUM, launch_chromium
from todos_devstack.databases import fresh_database
from todos_devstack.paths import ROOT
from todos_devstack.stack import Stack

from tests.support.browser import fresh_page
from tests.support.postgres import test_server

SCREENSHOTS = ROOT / "docs" / "screenshots"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """More time for e2e tests: the first one also pays for starting the stack (and `next build` when the
    web app changed), which pytest-timeout counts against that test."""
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here) and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(600))


@pytest.fixture(scope="session")
def e2e_database_url() -> Iterator[str]:
    """An empty database of its own (TEST_DATABASE_URL's server, else a throwaway embedded one): the stack
    runs both real migrations on it."""
    with test_server() as server_url, fresh_database(server_url, better_auth=False, migrate=False) as url:
        yield url


@pytest.fixture(scope="session")
def stack(e2e_database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = Stack(
        e2e_database_url,
        log_dir=Path(tmp_path_factory.mktemp("stack-logs")),
        rate_limited=False,
    )
    try:
        running.start()
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def better_auth(stack: Stack) -> Iterator[BetterAuthClient]:
    client = BetterAuthClient(stack.web_url)
    yield client
    client.close()


@pytest.fixture
def account(better_auth: BetterAuthClient) -> Account:
    """A new Better Auth user, signed up through its HTTP API, with a live session."""
    return better_auth.sign_up(name="Alice Example")


@pytest.fixture
def other_account(better_auth: BetterAuthClient) -> Account:
    return better_auth.sign_up(name="Bob Example")


@pytest.fixture
def api(stack: Stack) -> Iterator[httpx.Client]:
    """A plain HTTP client on the API's /api/v1; each call passes its own Authorization header."""
    with httpx.Client(base_url=f"{stack.api_url}/api/v1", timeout=15.0) as client:
        yield client


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright (make test installs it when missing).

    Module-scoped on purpose: while Playwright's sync API is open, asyncio cannot run in this thread, so
    the browser must be closed before any async test elsewhere in the session runs.
    """
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (make test does).")
    with sync_playwright() as playwright:
        launched = launch_chromium(playwright)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, stack: Stack) -> Iterator[Page]:
    """A fresh browser context (no cookies) on the web app, desktop sized."""
    with fresh_page(browser, stack.web_url, 1280, 800) as opened:
        yield opened


@pytest.fixture(scope="session")
def screenshots_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """docs/screenshots when asked (`make screenshots`), else a temporary folder: a test run must not
    rewrite committed files."""
    if os.environ.get("UPDATE_SCREENSHOTS") != "1":
        return tmp_path_factory.mktemp("screenshots")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def second_api_url(stack: Stack) -> str:
    """A second `todos-api serve` on the stack's database: another replica behind the same load balancer."""
    return f"{stack.start_another_api()}/api/v1"
