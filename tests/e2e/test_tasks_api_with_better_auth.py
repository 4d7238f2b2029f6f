"""The API trusts Better Auth's JWTs: full CRUD for one user, and nothing of another user's."""

from __future__ import annotations

import httpx
from todos_devstack.better_auth import Account, BetterAuthClient
from todos_devstack.stack import Stack


def bearer(jwt: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {jwt}"}


def test_crud_succeeds_with_better_auth_jwt(
    api: httpx.Client, better_auth: BetterAuthClient, account: Account
) -> None:
    auth = bearer(better_auth.token(account.session_token))

    created = api.post("/todos", json={"title": "Buy milk", "description": "2 litres"}, headers=auth)
    assert created.status_code == 201, created.text
    task = created.json()
    assert task["user_id"] == account.user_id
    assert created.headers["location"].endswith(f"/todos/{task['id']}")

    fetched = api.get(f"/todos/{task['id']}", headers=auth)
    assert fetched.status_code == 200
    assert fetched.json()["title"] == "Buy milk"

    page = api.get("/todos", headers=auth).json()
    assert page["total"] == 1
    assert [item["id"] for item in page["items"]] == [task["id"]]

    updated = api.put(f"/todos/{task['id']}", json={"title": "Buy oat milk"}, headers=auth)
    assert updated.status_code == 200
    assert updated.json()["title"] == "Buy oat milk"
    assert updated.json()["description"] == "2 litres"

    toggled = api.patch(f"/todos/{task['id']}/complete", headers=auth)
    assert toggled.status_code == 200
    assert toggled.json()["is_completed"] is True

    deleted = api.delete(f"/todos/{task['id']}", headers=auth)
    assert deleted.status_code == 204
    assert api.get(f"/todos/{task['id']}", headers=auth).status_code == 404


def test_tasks_are_invisible_to_another_user(
    api: httpx.Client, better_auth: BetterAuthClient, account: Account, other_account: Account
) -> None:
    alice = bearer(better_auth.token(account.session_token))
    bob = bearer(better_auth.token(other_account.session_token))
    task_id = api.post("/todos", json={"title": "Alice's secret"}, headers=alice).json()["id"]
    api.post("/todos", json={"title": "Bob's own"}, headers=bob)

    bob_page = api.get("/todos", headers=bob).json()
    assert [item["title"] for item in bob_page["items"]] == ["Bob's own"]
    # Another user's task answers exactly like a missing one.
    assert api.get(f"/todos/{task_id}", headers=bob).status_code == 404
    assert api.put(f"/todos/{task_id}", json={"title": "hijacked"}, headers=bob).status_code == 404
    assert api.patch(f"/todos/{task_id}/complete", headers=bob).status_code == 404
    assert api.delete(f"/todos/{task_id}", headers=bob).status_code == 404

    alice_task = api.get(f"/todos/{task_id}", headers=alice).json()
    assert alice_task["title"] == "Alice's secret"
    assert alice_task["is_completed"] is False


def test_request_without_token_is_refused(api: httpx.Client) -> None:
    response = api.get("/todos")
    assert response.status_code == 401
    assert response.headers["www-authenticate"].lower().startswith("bearer")


def test_cors_allows_only_the_web_origin(stack: Stack) -> None:
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization"}
    with httpx.Client(base_url=stack.api_url, timeout=10.0) as client:
        allowed = client.options("/api/v1/todos", headers={"Origin": stack.web_url, **preflight})
        refused = client.options("/api/v1/todos", headers={"Origin": "http://evil.example", **preflight})
    assert allowed.headers.get("access-control-allow-origin") == stack.web_url
    assert "access-control-allow-origin" not in refused.headers
