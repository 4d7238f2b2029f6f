"""`todo keys create|list|revoke` and TODO_API_KEY against respx."""

from __future__ import annotations

import json

import httpx
import pytest
import respx
from todos_cli.exit_codes import ExitCode

from tests.support.sdk_fakes import AUTH_URL, SESSION_TOKEN, TODOS, make_jwt, page_json, todo_json
from tests.unit.cli.conftest import Runner

pytestmark = pytest.mark.usefixtures("logged_in")

KEYS = f"{AUTH_URL}/api/auth/api-key"
SECRET = "todo_" + "a" * 64


def key_json(key_id: str = "k1", name: str = "nightly backup", **extra: object) -> dict[str, object]:
    return {
        "id": key_id,
        "name": name,
        "start": "todo_aaaaa",
        "prefix": "todo_",
        "createdAt": "2026-01-02T10:00:00.000Z",
        "lastRequest": None,
        "expiresAt": None,
        "enabled": True,
        **extra,
    }


def test_keys_create_prints_the_secret_once_with_a_warning(run: Runner, servers: respx.MockRouter) -> None:
    route = servers.post(f"{KEYS}/create").mock(return_value=httpx.Response(200, json=key_json(key=SECRET)))

    result = run("keys", "create", "nightly backup", "--expires-in-days", "30")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{SECRET}\n"
    assert "shown only this once" in result.stderr
    request = route.calls.last.request
    assert request.headers["Authorization"] == f"Bearer {SESSION_TOKEN}"
    assert json.loads(request.read()) == {"name": "nightly backup", "expiresIn": 30 * 86_400}


def test_keys_create_json_fields(run: Runner, servers: respx.MockRouter) -> None:
    servers.post(f"{KEYS}/create").mock(return_value=httpx.Response(200, json=key_json(key=SECRET)))

    result = run("keys", "create", "ci", "--json", "id,key")

    assert json.loads(result.stdout) == {"id": "k1", "key": SECRET}


def test_keys_create_dry_run_sends_nothing(run: Runner, servers: respx.MockRouter) -> None:
    route = servers.post(f"{KEYS}/create").mock(return_value=httpx.Response(200, json=key_json(key=SECRET)))

    result = run("keys", "create", "ci", "--dry-run")

    assert result.stdout == "would create API key 'ci', never expiring (dry run: nothing sent)\n"
    assert route.call_count == 0


def test_keys_list_shows_prefix_name_dates_never_the_secret(run: Runner, servers: respx.MockRouter) -> None:
    used = key_json("k2", "ci", lastRequest="2026-03-04T05:06:07Z", expiresAt="2027-01-01T00:00:00Z")
    servers.get(f"{KEYS}/list").mock(
        return_value=httpx.Response(200, json={"apiKeys": [key_json(), used], "total": 2})
    )

    result = run("keys", "list")

    assert result.exit_code == 0, result.stderr
    header, first, second = result.stdout.splitlines()
    assert header.split() == ["ID", "PREFIX", "NAME", "CREATED", "LAST", "USED", "EXPIRES"]
    assert first.split() == ["k1", "todo_aaaaa…", "nightly", "backup", "2026-01-02", "never", "never"]
    assert second.split() == ["k2", "todo_aaaaa…", "ci", "2026-01-02", "2026-03-04", "2027-01-01"]


def test_keys_list_json(run: Runner, servers: respx.MockRouter) -> None:
    servers.get(f"{KEYS}/list").mock(
        return_value=httpx.Response(200, json={"apiKeys": [key_json()], "total": 1})
    )

    result = run("keys", "list", "--json", "id,name")

    assert json.loads(result.stdout) == [{"id": "k1", "name": "nightly backup"}]


def test_keys_revoke_yes_revokes(run: Runner, servers: respx.MockRouter) -> None:
    route = servers.post(f"{KEYS}/delete").mock(return_value=httpx.Response(200, json={"success": True}))

    result = run("keys", "revoke", "k1", "--yes")

    assert result.exit_code == 0, result.stderr
    assert json.loads(route.calls.last.request.read()) == {"keyId": "k1"}
    assert result.stderr == "Revoked API key k1.\n"


def test_keys_revoke_unknown_key_exits_not_found(run: Runner, servers: respx.MockRouter) -> None:
    servers.post(f"{KEYS}/delete").mock(
        return_value=httpx.Response(404, json={"code": "KEY_NOT_FOUND", "message": "API Key not found"})
    )

    result = run("keys", "revoke", "nope", "--yes")

    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stderr == "error: API key nope not found\n"


def test_keys_revoke_without_confirmation_or_with_dry_run_revokes_nothing(
    run: Runner, servers: respx.MockRouter
) -> None:
    route = servers.post(f"{KEYS}/delete").mock(return_value=httpx.Response(200, json={"success": True}))

    assert run("keys", "revoke", "k1").exit_code == ExitCode.USAGE
    assert (
        run("keys", "revoke", "k1", "--dry-run").stdout == "would revoke API key k1 (dry run: nothing sent)\n"
    )
    assert route.call_count == 0


def test_todo_api_key_signs_every_command_in_with_the_key(
    run: Runner, servers: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TODO_API_KEY", SECRET)
    exchange = servers.routes["jwt"].mock(
        side_effect=None, return_value=httpx.Response(200, json={"token": make_jwt()})
    )
    servers.get(TODOS).mock(return_value=httpx.Response(200, json=page_json([todo_json(1)])))

    result = run("list")

    assert result.exit_code == 0, result.stderr
    request = exchange.calls.last.request
    assert request.headers["x-api-key"] == SECRET
    assert "Authorization" not in request.headers


def test_revoked_api_key_exits_not_signed_in(
    run: Runner, servers: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TODO_API_KEY", SECRET)
    servers.routes["jwt"].mock(
        side_effect=None,
        return_value=httpx.Response(401, json={"code": "INVALID_API_KEY", "message": "Invalid"}),
    )

    result = run("list")

    assert result.exit_code == ExitCode.NOT_SIGNED_IN
    assert result.stderr == "error: the API key (TODO_API_KEY) is invalid, revoked or expired\n"
