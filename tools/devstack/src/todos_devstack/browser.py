"""How our browser tests and benchmarks start Chromium: Debian's build, driven by Playwright.

Playwright's own browser download cannot work on machines that reach only the package registries. The flags
keep headless Chromium from reaching out to Google's services (refused here, and noise anywhere) and let it
run as root in CI containers.
"""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Browser, Playwright

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
