"""Browser contexts for the e2e tests (Chromium itself is launched by todos_devstack.browser)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Browser, Page
from todos_devstack.paths import WEB_DIR

AXE_JS = WEB_DIR / "node_modules" / "axe-core" / "axe.min.js"


@contextmanager
def fresh_page(browser: Browser, base_url: str, width: int, height: int) -> Iterator[Page]:
    """A page in a browser context of its own (no cookies), closed afterwards; 15 s for each wait."""
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": height})
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def run_axe(page: Page) -> list[dict[str, object]]:
    """axe-core (from npm, injected into the page): violations of impact serious or critical."""
    page.add_script_tag(path=str(AXE_JS))
    violations: list[dict[str, object]] = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [v for v in violations if v.get("impact") in ("serious", "critical")]


def cut_live_updates(page: Page) -> None:
    """As on a network that drops them: the page's live-update requests (event stream, change feed) fail,
    so it shows only what it reads itself. For tests of what happens when the page holds an old version."""
    page.route(re.compile(r"/api/v1/todos/(events|changes)"), lambda route: route.abort())
