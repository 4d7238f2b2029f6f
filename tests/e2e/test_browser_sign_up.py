"""The browser path end to end: sign up in Chromium, land on the signed-in page, and see a task that was
created through the API (browser → Better Auth → JWT → API over CORS)."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect
from todos_devstack.better_auth import BetterAuthClient


def test_sign_up_lands_on_tasks_showing_api_tasks(
    page: Page, better_auth: BetterAuthClient, api: httpx.Client, screenshots_dir: Path
) -> None:
    # A fixed address (the database is new each session) keeps the committed screenshot stable.
    email = "ada@example.com"
    password = "correct horse battery"

    page.goto("/sign-up")
    page.get_by_label("Name").fill("Ada Lovelace")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign up").click()

    expect(page).to_have_url(re.compile(r"/tasks$"))
    expect(page.get_by_text("Signed in as")).to_be_visible()
    expect(page.get_by_text(email)).to_be_visible()

    # The same user, through the API with a JWT of its own session.
    jwt = better_auth.token(better_auth.sign_in(email, password))
    created = api.post(
        "/todos", json={"title": "Task made through the API"}, headers={"Authorization": f"Bearer {jwt}"}
    )
    assert created.status_code == 201, created.text

    page.reload()
    tasks = page.get_by_role("list", name="Tasks")
    expect(tasks.get_by_text("Task made through the API")).to_be_visible()
    page.screenshot(path=screenshots_dir / "signed-in.png", full_page=True)


def test_tasks_page_without_session_redirects_to_sign_in(page: Page) -> None:
    page.goto("/tasks")
    expect(page).to_have_url(re.compile(r"/sign-in\?next=%2Ftasks$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Todos")
