"""How our browser tests and benchmarks start Chromium: Debian's build, driven by Playwright.

Playwright's own browser download cannot work on machines that reach only the package registries. The flags
keep headless Chromium from reaching out to Google's services (refused here, and noise anywhere) and let it
run as root in CI containers.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, Playwright

AXE_JS = Path(__file__).resolve().parents[2] / "packages" / "web" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch_chromium(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


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
