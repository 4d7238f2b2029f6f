"""Issue 9 item 5 in Chromium on the real stack: the web app's writes carry If-Match, and a task changed
elsewhere (here over HTTP with the same user's token, as the CLI or a script would) is never silently
overwritten: the browser shows the current version beside its own change and lets the person choose."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, Route, expect
from todos_devstack.better_auth import BetterAuthClient
from todos_devstack.stack import Stack

from tests.support.browser import cut_live_updates, fresh_page, run_axe

PASSWORD = "correct horse battery"


@pytest.fixture
def phone(browser: Browser, stack: Stack) -> Iterator[Page]:
    with fresh_page(browser, stack.web_url, 375, 812) as opened:
        yield opened


def sign_up(page: Page, name: str, email: str = "") -> str:
    """Sign up through the form; returns the email (a new random one unless given). Ends on /tasks."""
    email = email or f"{name.lower()}-{secrets.token_hex(4)}@example.com"
    page.goto("/sign-up")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(re.compile(r"/tasks$"))
    return email


def auth_headers(better_auth: BetterAuthClient, email: str) -> dict[str, str]:
    """The same user's bearer token, signed in elsewhere (a second session, as the CLI would have)."""
    return {"Authorization": f"Bearer {better_auth.token(better_auth.sign_in(email, PASSWORD))}"}


def create_task(api: httpx.Client, headers: dict[str, str], title: str) -> int:
    created = api.post("/todos", json={"title": title}, headers=headers)
    assert created.status_code == 201, created.text
    task_id: int = created.json()["id"]
    return task_id


def read_task(api: httpx.Client, headers: dict[str, str], task_id: int) -> dict[str, object]:
    answer = api.get(f"/todos/{task_id}", headers=headers)
    assert answer.status_code == 200, answer.text
    task: dict[str, object] = answer.json()
    return task


def change_elsewhere(api: httpx.Client, headers: dict[str, str], task_id: int, title: str) -> None:
    """Rename and complete the task behind the browser's back: two writes, version 1 → 3."""
    assert api.put(f"/todos/{task_id}", json={"title": title}, headers=headers).status_code == 200
    done = api.patch(f"/todos/{task_id}/complete", json={"is_completed": True}, headers=headers)
    assert done.status_code == 200, done.text


def conflict(page: Page) -> Locator:
    return page.get_by_role("alert").filter(has_text="was changed elsewhere")


def assert_no_serious_axe_violations(page: Page) -> None:
    serious = run_axe(page)
    assert serious == [], [(v["id"], v["help"]) for v in serious]


def test_edit_conflict_shows_current_version_and_reapply_saves_browser_value(
    page: Page, better_auth: BetterAuthClient, api: httpx.Client, screenshots_dir: Path
) -> None:
    # A fixed address (the database is new each session) keeps the committed screenshot stable.
    email = sign_up(page, "Editor", "editor@example.com")
    headers = auth_headers(better_auth, email)
    task_id = create_task(api, headers, "Buy milk")
    page.reload()

    page.get_by_role("button", name="Edit Buy milk").click()
    edit = page.get_by_role("form", name="Edit Buy milk")
    edit.get_by_label("Title").fill("Buy oat milk")
    change_elsewhere(api, headers, task_id, "Buy almond milk")
    edit.get_by_role("button", name="Save").click()

    shown = conflict(page)
    expect(shown).to_contain_text("“Buy milk” was changed elsewhere")
    expect(shown.get_by_role("region", name="Current version")).to_contain_text("Buy almond milk")
    expect(shown.get_by_role("region", name="Current version")).to_contain_text("Done")
    expect(shown.get_by_role("region", name="Your change")).to_contain_text("Buy oat milk")
    # Focus moved to the conflict, so a keyboard user lands on the choice.
    expect(shown.get_by_role("heading", name="“Buy milk” was changed elsewhere")).to_be_focused()
    # Nothing was overwritten while the person decides.
    assert read_task(api, headers, task_id)["title"] == "Buy almond milk"
    assert_no_serious_axe_violations(page)
    page.screenshot(path=screenshots_dir / "tasks-conflict-desktop.png", full_page=True)

    shown.get_by_role("button", name="Re-apply my change to “Buy milk”").click()
    expect(page.get_by_role("list", name="Tasks").get_by_text("Buy oat milk", exact=True)).to_be_visible()
    expect(conflict(page)).to_have_count(0)
    saved = read_task(api, headers, task_id)
    # The browser's title over the newest version; the completion done elsewhere is kept (PUT leaves it).
    assert (saved["title"], saved["is_completed"], saved["version"]) == ("Buy oat milk", True, 4)


def test_edit_conflict_discard_shows_server_version_on_a_phone(
    phone: Page, better_auth: BetterAuthClient, api: httpx.Client, screenshots_dir: Path
) -> None:
    email = sign_up(phone, "Discarder", "discarder@example.com")
    headers = auth_headers(better_auth, email)
    task_id = create_task(api, headers, "Call the plumber")
    phone.reload()

    phone.get_by_role("button", name="Edit Call the plumber").click()
    edit = phone.get_by_role("form", name="Edit Call the plumber")
    edit.get_by_label("Title").fill("Call the electrician")
    change_elsewhere(api, headers, task_id, "Call the plumber at 9")
    edit.get_by_role("button", name="Save").click()

    shown = conflict(phone)
    expect(shown.get_by_role("region", name="Current version")).to_contain_text("Call the plumber at 9")
    expect(shown.get_by_role("region", name="Your change")).to_contain_text("Call the electrician")
    # At 375 px the two versions stack and nothing scrolls sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert_no_serious_axe_violations(phone)
    phone.screenshot(path=screenshots_dir / "tasks-conflict-phone.png", full_page=True)

    shown.get_by_role("button", name="Discard my change to “Call the plumber”").click()
    expect(conflict(phone)).to_have_count(0)
    expect(phone.get_by_role("checkbox", name="Call the plumber at 9")).to_be_checked()
    expect(phone.get_by_text("Call the electrician")).to_have_count(0)
    kept = read_task(api, headers, task_id)
    assert (kept["title"], kept["version"]) == ("Call the plumber at 9", 3)


def test_toggle_of_task_changed_elsewhere_asks_before_overwriting(
    page: Page, better_auth: BetterAuthClient, api: httpx.Client
) -> None:
    email = sign_up(page, "Toggler")
    headers = auth_headers(better_auth, email)
    task_id = create_task(api, headers, "Water the plants")
    # Live updates would show the rename before the click (then there is no conflict): cut them.
    cut_live_updates(page)
    page.reload()
    checkbox = page.get_by_role("checkbox", name="Water the plants")
    expect(checkbox).not_to_be_checked()

    renamed = api.put(f"/todos/{task_id}", json={"title": "Water the ferns"}, headers=headers)
    assert renamed.status_code == 200
    checkbox.click()

    shown = conflict(page)
    expect(shown).to_contain_text("“Water the plants” was changed elsewhere")
    expect(shown.get_by_role("region", name="Current version")).to_contain_text("Not done")
    expect(shown.get_by_role("region", name="Your change")).to_contain_text("Done")
    # The optimistic tick was rolled back, and the list shows the server's task.
    expect(page.get_by_role("checkbox", name="Water the ferns")).not_to_be_checked()
    untouched = read_task(api, headers, task_id)
    assert (untouched["is_completed"], untouched["version"]) == (False, 2)
    assert_no_serious_axe_violations(page)

    shown.get_by_role("button", name="Re-apply my change to “Water the plants”").click()
    expect(page.get_by_role("checkbox", name="Water the ferns")).to_be_checked()
    done = read_task(api, headers, task_id)
    assert (done["title"], done["is_completed"], done["version"]) == ("Water the ferns", True, 3)


def test_delete_of_task_changed_elsewhere_can_be_discarded(
    page: Page, better_auth: BetterAuthClient, api: httpx.Client
) -> None:
    email = sign_up(page, "Deleter")
    headers = auth_headers(better_auth, email)
    task_id = create_task(api, headers, "Old note")
    cut_live_updates(page)
    page.reload()
    delete = page.get_by_role("button", name="Delete Old note")
    expect(delete).to_be_visible()

    assert api.put(f"/todos/{task_id}", json={"title": "Important note"}, headers=headers).status_code == 200
    delete.click()
    page.get_by_role("dialog", name="Delete this task?").get_by_role("button", name="Delete").click()

    shown = conflict(page)
    expect(shown.get_by_role("region", name="Your change")).to_contain_text("Delete “Old note”")
    shown.get_by_role("button", name="Discard my change to “Old note”").click()
    expect(page.get_by_role("checkbox", name="Important note")).to_be_visible()
    assert read_task(api, headers, task_id)["title"] == "Important note"


def test_create_whose_answer_was_lost_is_retried_with_its_key_and_made_once(
    page: Page, better_auth: BetterAuthClient, api: httpx.Client
) -> None:
    email = sign_up(page, "Retrier")
    keys: list[str] = []
    replayed: list[str] = []

    def lose_the_first_answer(route: Route) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        keys.append(route.request.headers.get("idempotency-key", ""))
        answer = route.fetch()  # the API does the work...
        if len(keys) == 1:
            route.abort("connectionreset")  # ...but the page never hears back
        else:
            replayed.append(answer.headers.get("idempotent-replayed", ""))
            route.fulfill(response=answer)

    page.route(re.compile(r".*/api/v1/todos$"), lose_the_first_answer)
    page.get_by_label("Title", exact=True).fill("Book flights")
    page.get_by_role("button", name="Add task").click()

    expect(page.get_by_role("list", name="Tasks").get_by_text("Book flights", exact=True)).to_be_visible()
    assert len(keys) == 2 and keys[0] == keys[1], keys
    assert re.fullmatch(r"[0-9a-f-]{32,36}", keys[0]), keys
    assert replayed == ["true"]
    listed = api.get("/todos", headers=auth_headers(better_auth, email)).json()
    assert [task["title"] for task in listed["items"]] == ["Book flights"]
