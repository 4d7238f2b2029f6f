"""Browser contexts for the e2e tests (Chromium itself is launched by todos_devstack.browser)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Browser, Page


@contextmanager
def fresh_page(browser: Browser, base_url: str, width: int, height: int) -> Iterator[Page]:
    """A page in a browser context of its own (no cookies), closed afterwards; 15 s for each wait."""
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": height})
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()
