"""Issue 12 item 4 in Chromium on the real stack: /tasks follows changes made elsewhere (the `todo` CLI,
the API) without a reload: delete goes to the trash, with Undo; the Trash view restores or deletes forever."""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, Route, expect
from todos_devstack.better_auth import BetterAuthClient
from todos_devstack.stack import Stack

from tests.support.browser import PASSWORD, fresh_page, run_axe, sign_up
from tests.support.cli_process import TodoCli

ADDS = 10
# Issue 12 asks for 1 s; the assertion leaves room for a loaded CI machine, the figure is printed.
MAX_DELAY_S = 5.0

# Records in the page when each task title first shows in the list (epoch ms, the host's clock).
WATCH_TITLES = """() => {
  window.__seen = {};
  const record = () => {
    for (const label of document.querySelectorAll('ul[aria-label="Tasks"] label')) {
      const title = label.textContent;
      if (!(title in window.__seen)) window.__seen[title] = Date.now();
    }
  };
  new MutationObserver(record).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


@pytest.fixture
def phone(browser: Browser, stack: Stack) -> Iterator[Page]:
    with fresh_page(browser, stack.web_url, 375, 812) as opened:
        yield opened


def tasks(page: Page) -> Locator:
    return page.get_by_role("list", name="Tasks")


def trashed(page: Page) -> Locator:
    return page.get_by_role("list", name="Trashed tasks")


def expect_live(page: Page, state: str = "live") -> None:
    expect(page.locator(f"[data-live-state={state}]")).to_be_visible()


def add_in_browser(page: Page, title: str) -> None:
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_role("button", name="Add task").click()
    expect(tasks(page).get_by_text(title, exact=True)).to_be_visible()


def delete_in_browser(page: Page, title: str) -> None:
    page.get_by_role("button", name=f"Delete {title}").click()
    page.get_by_role("dialog", name="Delete this task?").get_by_role("button", name="Delete").click()
    expect(tasks(page).get_by_text(title, exact=True)).to_have_count(0)


def assert_no_serious_axe_violations(page: Page) -> None:
    serious = run_axe(page)
    assert serious == [], [(v["id"], v["help"]) for v in serious]


def test_task_added_with_the_cli_appears_in_the_open_page(page: Page, stack: Stack, tmp_path: Path) -> None:
    email = sign_up(page, "Watcher")
    cli = TodoCli(tmp_path / "cli", api_url=stack.api_url, auth_url=stack.web_url)
    login = cli("login", "--email", email, "--password-stdin", input=f"{PASSWORD}\n")
    assert login.returncode == 0, login.stderr
    expect_live(page)
    page.evaluate(WATCH_TITLES)

    delays = []
    for n in range(ADDS):
        title = f"From the terminal {n}"
        added = cli("add", title, "--json")
        assert added.returncode == 0, added.stderr
        # created_at is the database's clock at the write, a little before its commit: the delay measured
        # from it is, if anything, too long.
        written_ms = datetime.fromisoformat(json.loads(added.stdout)["created_at"]).timestamp() * 1000
        page.wait_for_function("title => title in window.__seen", arg=title, timeout=MAX_DELAY_S * 1000)
        seen_ms: float = page.evaluate("title => window.__seen[title]", title)
        delays.append((seen_ms - written_ms) / 1000)

    print(
        f"\nCLI add → visible in /tasks over {ADDS} adds: "
        f"P50 {statistics.median(delays) * 1000:.0f} ms, max {max(delays) * 1000:.0f} ms"
    )
    assert max(delays) < MAX_DELAY_S, delays
    expect(tasks(page).get_by_role("listitem")).to_have_count(ADDS)
    expect(tasks(page).get_by_role("listitem").first).to_contain_text(f"From the terminal {ADDS - 1}")


def test_changes_elsewhere_update_and_remove_rows_without_reload(
    page: Page, better_auth: BetterAuthClient, api: httpx.Client
) -> None:
    email = sign_up(page, "Follower")
    headers = {"Authorization": f"Bearer {better_auth.token(better_auth.sign_in(email, PASSWORD))}"}
    add_in_browser(page, "Buy milk")
    add_in_browser(page, "Old note")
    expect_live(page)
    page_items = api.get("/todos", headers=headers).json()["items"]
    ids = {item["title"]: item["id"] for item in page_items}

    assert (
        api.patch(
            f"/todos/{ids['Buy milk']}/complete", json={"is_completed": True}, headers=headers
        ).status_code
        == 200
    )
    expect(page.get_by_role("checkbox", name="Buy milk")).to_be_checked()
    assert api.delete(f"/todos/{ids['Old note']}", headers=headers).status_code == 204
    expect(tasks(page).get_by_text("Old note", exact=True)).to_have_count(0)


def test_delete_then_trash_then_restore_through_the_ui(page: Page, screenshots_dir: Path) -> None:
    sign_up(page, "Restorer")
    add_in_browser(page, "Renew passport")
    add_in_browser(page, "Book flights")
    delete_in_browser(page, "Renew passport")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Trash").click()
    expect(page).to_have_url(re.compile(r"/trash$"))
    expect(page.get_by_role("heading", name="Trash", level=1)).to_be_visible()
    expect(trashed(page).get_by_role("listitem")).to_have_count(1)
    expect(trashed(page)).to_contain_text("Renew passport")
    expect(page).to_have_title("Trash · Todos")
    assert_no_serious_axe_violations(page)
    page.screenshot(path=screenshots_dir / "trash-desktop.png", full_page=True)

    page.get_by_role("button", name="Restore Renew passport").click()
    expect(page.get_by_role("status").filter(has_text="Restored “Renew passport”")).to_be_visible()
    expect(page.get_by_text("The trash is empty.")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Todos").click()
    expect(tasks(page).get_by_text("Renew passport", exact=True)).to_be_visible()
    expect(tasks(page).get_by_role("listitem")).to_have_count(2)


def test_delete_forever_asks_first_then_removes_from_the_trash(phone: Page, screenshots_dir: Path) -> None:
    sign_up(phone, "Purger")
    add_in_browser(phone, "Shred old bills")
    delete_in_browser(phone, "Shred old bills")
    phone.goto("/trash")

    phone.get_by_role("button", name="Delete forever Shred old bills").click()
    dialog = phone.get_by_role("dialog", name="Delete this task forever?")
    expect(dialog.get_by_role("button", name="Keep it")).to_be_focused()
    dialog.get_by_role("button", name="Keep it").click()
    expect(trashed(phone).get_by_text("Shred old bills")).to_be_visible()
    # At 375 px the row wraps; nothing scrolls sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert_no_serious_axe_violations(phone)
    phone.screenshot(path=screenshots_dir / "trash-phone.png", full_page=True)

    phone.get_by_role("button", name="Delete forever Shred old bills").click()
    confirm = phone.get_by_role("dialog", name="Delete this task forever?")
    confirm.get_by_role("button", name="Delete forever").click()
    expect(phone.get_by_text("The trash is empty.")).to_be_visible()
    expect(phone.get_by_role("status").filter(has_text="Deleted “Shred old bills” for good")).to_be_visible()


def test_undo_after_delete_brings_the_task_back_on_a_phone(phone: Page) -> None:
    sign_up(phone, "Undoer")
    add_in_browser(phone, "Call the plumber")
    delete_in_browser(phone, "Call the plumber")

    offer = phone.get_by_role("status").filter(has_text="“Call the plumber” moved to the trash")
    expect(offer).to_be_visible()
    undo = offer.get_by_role("button", name="Undo delete of Call the plumber")
    # The deleted row held the focus; it moves to Undo, so a keyboard user can undo with Enter.
    expect(undo).to_be_focused()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert_no_serious_axe_violations(phone)
    undo.press("Enter")

    expect(tasks(phone).get_by_text("Call the plumber", exact=True)).to_be_visible()
    expect(offer).to_have_count(0)
    expect(phone.get_by_role("checkbox", name="Call the plumber")).to_be_focused()
    phone.goto("/trash")
    expect(phone.get_by_text("The trash is empty.")).to_be_visible()


def test_without_the_event_stream_the_page_polls_the_change_feed(
    page: Page, better_auth: BetterAuthClient, api: httpx.Client
) -> None:
    email = sign_up(page, "Poller")
    headers = {"Authorization": f"Bearer {better_auth.token(better_auth.sign_in(email, PASSWORD))}"}

    # As behind a proxy that does not pass the stream: every stream request is refused with a 503.
    def refuse(route: Route) -> None:
        body = {"status_code": 503, "code": "service_unavailable", "detail": "No event streams here."}
        route.fulfill(status=503, json=body, headers={"Access-Control-Allow-Origin": "*"})

    page.route("**/api/v1/todos/events", refuse)
    page.reload()
    expect_live(page, "polling")
    assert api.post("/todos", json={"title": "Seen by polling"}, headers=headers).status_code == 201
    expect(tasks(page).get_by_text("Seen by polling", exact=True)).to_be_visible(timeout=10_000)


def test_stream_that_asks_to_reauthenticate_is_reopened_at_once_with_a_fresh_jwt(
    page: Page, stack: Stack, better_auth: BetterAuthClient, api: httpx.Client
) -> None:
    # The API ends a stream at its JWT's exp or after a sign-out with `event: reauthenticate` (issue 16). The
    # first stream here is answered with just that event; the page must fetch a new JWT and reopen it.
    log: list[str] = []
    page.on("request", lambda request: log.append(request.url) if "/api/auth/token" in request.url else None)
    answered: list[float] = []

    def first_stream_ends_asking_to_reauthenticate(route: Route) -> None:
        if route.request.method != "GET" or answered:
            route.continue_()
            return
        answered.append(time.monotonic())
        log.append("reauthenticate")
        route.fulfill(
            status=200,
            headers={"content-type": "text/event-stream", "access-control-allow-origin": stack.web_url},
            body='retry: 1000\n\nevent: reauthenticate\ndata: {"reason": "token_expired"}\n\n',
        )

    page.route("**/api/v1/todos/events", first_stream_ends_asking_to_reauthenticate)
    email = sign_up(page, "Reauthenticated")
    expect_live(page)
    assert answered, "the page opened no event stream"
    headers = {"Authorization": f"Bearer {better_auth.token(better_auth.sign_in(email, PASSWORD))}"}
    assert api.post("/todos", json={"title": "After the new token"}, headers=headers).status_code == 201
    # Shown once the stream is open again (its start re-reads the list, its events carry the rest)...
    expect(tasks(page).get_by_text("After the new token", exact=True)).to_be_visible()
    # ...which was opened with a JWT fetched after the first stream's end: the cached one (good for 15
    # minutes) was not reused.
    assert "/api/auth/token" in " ".join(log[log.index("reauthenticate") :]), log
