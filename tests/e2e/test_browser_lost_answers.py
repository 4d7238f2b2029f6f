"""Issue 15 in Chromium on the real stack: each task write of the web app whose answer is lost after the API
applied it (Playwright sends it on, then aborts the browser's request) is retried by the page with the same
Idempotency-Key, gets the first answer back, and is applied once: no double write, no "changed elsewhere"."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx
from playwright.sync_api import Page, Route, expect
from todos_devstack.better_auth import BetterAuthClient

from tests.support.browser import PASSWORD, sign_up

# One task's writes: /todos/5, /todos/5?permanent=true, /todos/5/complete, /todos/5/restore.
TASK_URL = re.compile(r".*/api/v1/todos/\d+(/\w+)?(\?.*)?$")


class LosesFirstAnswer:
    """Route handler: the first `method` request reaches the API, its answer never reaches the page."""

    def __init__(self, method: str) -> None:
        self.method = method
        self.keys: list[str | None] = []
        self.statuses: list[int] = []  # of the answers that did reach the page

    def __call__(self, route: Route) -> None:
        if route.request.method != self.method:
            route.continue_()
            return
        self.keys.append(route.request.headers.get("idempotency-key"))
        if len(self.keys) == 1:
            route.fetch()  # the API applies the write...
            route.abort("connectionreset")  # ...and its answer is lost on the way back
            return
        answer = route.fetch()
        self.statuses.append(answer.status)
        route.fulfill(response=answer)


def lose_first_answer(page: Page, method: str, act: Callable[[], None]) -> list[str | None]:
    """The Idempotency-Key of each attempt of the write `act` makes, once the page's retry was answered."""
    handler = LosesFirstAnswer(method)
    intercept = handler.__call__  # one object for route() and unroute()
    page.route(TASK_URL, intercept)
    try:
        act()
        for _ in range(100):  # the page retries a lost connection after about a second
            if handler.statuses:
                break
            page.wait_for_timeout(100)
    finally:
        page.unroute(TASK_URL, intercept)
    assert handler.statuses and handler.statuses[0] < 300, handler.statuses  # the replayed first answer
    return handler.keys


def test_writes_whose_answers_are_lost_are_retried_with_their_key_and_applied_once(
    page: Page, better_auth: BetterAuthClient, api: httpx.Client
) -> None:
    email = sign_up(page, "Keyed", "keyed@example.com")
    headers = {"Authorization": f"Bearer {better_auth.token(better_auth.sign_in(email, PASSWORD))}"}
    created = api.post("/todos", json={"title": "Buy milk"}, headers=headers)
    task_id = created.json()["id"]
    page.reload()
    alerts = page.get_by_role("alert")

    def toggle() -> None:
        page.get_by_role("checkbox", name="Buy milk").click()
        expect(page.get_by_role("checkbox", name="Buy milk")).to_be_checked()

    keys = lose_first_answer(page, "PATCH", toggle)
    assert len(keys) == 2 and keys[0] is not None and keys[0] == keys[1], keys
    expect(alerts.filter(has_text="changed elsewhere")).to_have_count(0)
    assert api.get(f"/todos/{task_id}", headers=headers).json()["version"] == 2  # toggled once

    def edit() -> None:
        page.get_by_role("button", name="Edit Buy milk").click()
        form = page.get_by_role("form", name="Edit Buy milk")
        form.get_by_label("Title").fill("Buy oat milk")
        form.get_by_role("button", name="Save").click()
        expect(page.get_by_role("checkbox", name="Buy oat milk")).to_be_visible()

    keys = lose_first_answer(page, "PUT", edit)
    assert len(keys) == 2 and keys[0] is not None and keys[0] == keys[1], keys
    expect(alerts.filter(has_text="changed elsewhere")).to_have_count(0)
    after_edit = api.get(f"/todos/{task_id}", headers=headers).json()
    assert (after_edit["title"], after_edit["version"]) == ("Buy oat milk", 3)

    def delete() -> None:
        page.get_by_role("button", name="Delete Buy oat milk").click()
        page.get_by_role("dialog", name="Delete this task?").get_by_role("button", name="Delete").click()
        expect(page.get_by_role("checkbox", name="Buy oat milk")).to_have_count(0)

    keys = lose_first_answer(page, "DELETE", delete)
    assert len(keys) == 2 and keys[0] is not None and keys[0] == keys[1], keys
    expect(page.get_by_role("checkbox", name="Buy oat milk")).to_have_count(0)  # no false 404 rolled it back
    trash = api.get("/todos", params={"trashed": "true"}, headers=headers).json()["items"]
    assert [(task["id"], task["version"]) for task in trash] == [(task_id, 4)]
