"""The /tasks UI in Chromium against the production build, the real API and Better Auth (issue 5)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from todos_devstack.better_auth import BetterAuthClient
from todos_devstack.databases import execute_sql
from todos_devstack.stack import Stack

from tests.support.browser import cut_live_updates, fresh_page, run_axe

PASSWORD = "correct horse battery"


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


def sign_in(page: Page, email: str) -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def add_task(page: Page, title: str, description: str = "") -> None:
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Description (optional)").fill(description)
    page.get_by_role("button", name="Add task").click()
    expect(tasks(page).get_by_text(title, exact=True)).to_be_visible()


def tasks(page: Page) -> Locator:
    return page.get_by_role("list", name="Tasks")


def seed_tasks(better_auth: BetterAuthClient, api: httpx.Client, email: str, titles: list[str]) -> None:
    """Create tasks through the API, as the CLI would, for a user who signed up in the browser."""
    headers = {"Authorization": f"Bearer {better_auth.token(better_auth.sign_in(email, PASSWORD))}"}
    for title in titles:
        assert api.post("/todos", json={"title": title}, headers=headers).status_code == 201


@pytest.fixture
def phone(browser: Browser, stack: Stack) -> Iterator[Page]:
    with fresh_page(browser, stack.web_url, 375, 812) as opened:
        yield opened


def test_task_workflow_add_edit_toggle_delete_filter_search_sign_out(page: Page) -> None:
    sign_up(page, "Grace")
    expect(page.get_by_text("No tasks yet.")).to_be_visible()

    add_task(page, "Buy milk", "Oat, 2 litres")
    add_task(page, "Write report")
    add_task(page, "Call the plumber")
    expect(tasks(page).get_by_role("listitem")).to_have_count(3)
    # Newest first.
    expect(tasks(page).get_by_role("listitem").first).to_contain_text("Call the plumber")

    page.get_by_role("button", name="Edit Write report").click()
    edit = page.get_by_role("form", name="Edit Write report")
    edit.get_by_label("Title").fill("Write the quarterly report")
    edit.get_by_label("Description").fill("Due Friday")
    edit.get_by_role("button", name="Save").click()
    expect(tasks(page).get_by_text("Write the quarterly report")).to_be_visible()
    expect(tasks(page).get_by_text("Due Friday")).to_be_visible()

    # Keyboard: Space on the focused checkbox toggles it.
    page.get_by_role("checkbox", name="Buy milk").press("Space")
    expect(page.get_by_role("checkbox", name="Buy milk")).to_be_checked()

    page.get_by_role("button", name="Delete Call the plumber").click()
    dialog = page.get_by_role("dialog", name="Delete this task?")
    dialog.get_by_role("button", name="Delete").click()
    expect(tasks(page).get_by_text("Call the plumber")).to_have_count(0)

    page.get_by_role("radio", name="Completed").check()
    expect(page).to_have_url(re.compile(r"filter=completed"))
    expect(tasks(page).get_by_role("listitem")).to_have_count(1)
    expect(tasks(page).get_by_role("listitem")).to_contain_text("Buy milk")

    page.get_by_role("radio", name="Active").check()
    expect(tasks(page).get_by_role("listitem")).to_have_count(1)
    expect(tasks(page).get_by_role("listitem")).to_contain_text("Write the quarterly report")

    page.get_by_role("radio", name="All").check()
    page.get_by_role("searchbox", name="Search tasks").fill("milk")
    expect(page).to_have_url(re.compile(r"q=milk"))
    expect(tasks(page).get_by_role("listitem")).to_have_count(1)
    expect(tasks(page).get_by_role("listitem")).to_contain_text("Buy milk")

    # The state survived in the API, not just on screen.
    page.reload()
    expect(page.get_by_role("checkbox", name="Buy milk")).to_be_checked()

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    page.goto("/tasks")
    expect(page).to_have_url(re.compile(r"/sign-in\?next="))


def test_form_shows_limits_beside_the_field(page: Page) -> None:
    sign_up(page, "Limits")
    page.get_by_label("Title", exact=True).fill("x" * 201)
    page.get_by_role("button", name="Add task").click()
    expect(page.get_by_role("alert").filter(has_text="At most 200 characters.")).to_be_visible()
    expect(page.get_by_label("Title", exact=True)).to_have_attribute("aria-invalid", "true")


def test_pagination_pages_through_25_tasks(
    page: Page, better_auth: BetterAuthClient, api: httpx.Client
) -> None:
    email = sign_up(page, "Pager")
    seed_tasks(better_auth, api, email, [f"Task {n:02d}" for n in range(1, 26)])
    page.reload()

    expect(page.get_by_text("Page 1 of 3")).to_be_visible()
    expect(tasks(page).get_by_role("listitem")).to_have_count(10)
    expect(tasks(page).get_by_role("listitem").first).to_contain_text("Task 25")
    page.get_by_role("button", name="Next page").click()
    expect(page.get_by_text("Page 2 of 3")).to_be_visible()
    expect(tasks(page).get_by_role("listitem").first).to_contain_text("Task 15")
    page.get_by_role("button", name="Next page").click()
    expect(page.get_by_text("Page 3 of 3")).to_be_visible()
    expect(tasks(page).get_by_role("listitem")).to_have_count(5)
    expect(page.get_by_role("button", name="Next page")).to_be_disabled()
    page.get_by_role("button", name="Previous page").click()
    expect(page.get_by_text("Page 2 of 3")).to_be_visible()


def test_second_user_never_sees_first_users_tasks(browser: Browser, stack: Stack, page: Page) -> None:
    sign_up(page, "First")
    add_task(page, "First user's private task")

    context = browser.new_context(base_url=stack.web_url)
    try:
        other = context.new_page()
        sign_up(other, "Second")
        expect(other.get_by_text("No tasks yet.")).to_be_visible()
        expect(other.get_by_text("First user's private task")).to_have_count(0)
    finally:
        context.close()


def test_expired_session_returns_to_the_same_view_after_sign_in(page: Page, stack: Stack) -> None:
    email = sign_up(page, "Returner")
    add_task(page, "Still here")
    page.get_by_role("radio", name="Active").check()
    expect(page).to_have_url(re.compile(r"filter=active"))

    # The session ends on the server (expired, or signed out on another device).
    execute_sql(
        stack.database_url,
        f'DELETE FROM "session" WHERE "userId" = (SELECT id FROM "user" WHERE email = \'{email}\')',
    )
    page.get_by_role("radio", name="Completed").check()

    expect(page).to_have_url(re.compile(r"/sign-in\?next=%2Ftasks%3Ffilter%3Dcompleted"))
    sign_in(page, email)
    expect(page).to_have_url(re.compile(r"/tasks\?filter=completed$"))
    expect(page.get_by_role("radio", name="Completed")).to_be_checked()


def test_api_stopped_rolls_back_and_shows_error_state(page: Page, stack: Stack) -> None:
    sign_up(page, "Offline")
    add_task(page, "Water the plants")
    checkbox = page.get_by_role("checkbox", name="Water the plants")
    # Live updates would re-read the list by themselves once the API is back: this test is about Retry.
    cut_live_updates(page)

    stack.stop_api()
    try:
        checkbox.click()
        expect(
            page.get_by_role("alert").filter(has_text="Could not update “Water the plants”")
        ).to_be_visible()
        expect(checkbox).not_to_be_checked()

        page.reload()
        error = page.get_by_role("alert").filter(has_text="Can’t reach the Todos service")
        expect(error).to_be_visible()
    finally:
        stack.start_api()

    page.get_by_role("button", name="Retry").click()
    expect(tasks(page).get_by_text("Water the plants")).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_tasks_page_has_no_serious_axe_violations(
    page: Page,
    phone: Page,
    better_auth: BetterAuthClient,
    api: httpx.Client,
    screenshots_dir: Path,
    scheme: str,
) -> None:
    # A fixed address (the database is new each session) keeps the committed screenshots stable.
    email = sign_up(page, "Sam", f"sam.{scheme}@example.com")
    seed_tasks(better_auth, api, email, ["Book flights", "Renew passport", "Pack the bags"])
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/sign-in$"))

    for view, name in ((page, "desktop"), (phone, "phone")):
        view.emulate_media(color_scheme="dark" if scheme == "dark" else "light")
        view.goto("/tasks")
        sign_in(view, email)
        expect(view).to_have_url(re.compile(r"/tasks$"))
        view.get_by_role("checkbox", name="Book flights").click()
        expect(view.get_by_role("checkbox", name="Book flights")).to_be_checked()
        expect(tasks(view).get_by_role("listitem")).to_have_count(3)
        # Next streams metadata: after a client-side navigation the <title> can land a moment later, and
        # axe would report a page without one.
        expect(view).to_have_title("Tasks · Todos")
        serious = run_axe(view)
        assert serious == [], [(v["id"], v["help"]) for v in serious]
        suffix = "" if scheme == "light" else "-dark"
        view.screenshot(path=screenshots_dir / f"tasks-{name}{suffix}.png", full_page=True)
        # Undo for the next view: both read the same account.
        view.get_by_role("checkbox", name="Book flights").click()
        expect(view.get_by_role("checkbox", name="Book flights")).not_to_be_checked()
