"""TODOS_LOG=debug: every exchange is logged to `todos_sdk`, and no secret ever reaches the log."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import httpx
import pytest
import respx
from todos_sdk import BetterAuth, TodosClient
from todos_sdk._logging import redact_body

from tests.support.sdk_fakes import API_URL, AUTH_URL, TODOS, make_jwt, todo_json, user_json

SESSION = "session-token-SECRET-1"
PASSWORD = "hunter2-SECRET-2"
API_KEY = "todo_SECRETKEYabcdefghijklmnop"
NEW_SESSION = "session-token-SECRET-3"


def test_logs_name_the_exchanges_but_no_secret(
    respx_mock: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    jwt = make_jwt()
    respx_mock.get(f"{AUTH_URL}/api/auth/token").mock(return_value=httpx.Response(200, json={"token": jwt}))
    respx_mock.post(f"{AUTH_URL}/api/auth/sign-in/email").mock(
        return_value=httpx.Response(
            200,
            json={"token": NEW_SESSION, "user": user_json()},
            headers={"set-auth-token": NEW_SESSION, "Set-Cookie": f"better-auth.session_token={NEW_SESSION}"},
        )
    )
    respx_mock.get(f"{TODOS}/1").mock(return_value=httpx.Response(200, json=todo_json(1)))
    caplog.set_level(logging.DEBUG, logger="todos_sdk")

    with BetterAuth(AUTH_URL) as auth:
        auth.sign_in(email="a@example.com", password=PASSWORD)
    with TodosClient(SESSION, api_url=API_URL, auth_url=AUTH_URL) as client:
        client.get_todo(1, extra_headers={"Cookie": f"s={SESSION}"})
    with TodosClient.from_api_key(API_KEY, api_url=API_URL, auth_url=AUTH_URL) as client:
        client.get_todo(1)

    text = caplog.text
    assert "GET http://api.test/api/v1/todos/1" in text
    assert "POST http://auth.test/api/auth/sign-in/email" in text
    assert "[redacted]" in text
    for secret in (SESSION, PASSWORD, API_KEY, NEW_SESSION, jwt):
        assert secret not in text


def test_redact_body_replaces_secret_fields_at_any_depth() -> None:
    body = (
        b'{"email": "a@b.c", "password": "p1", "nested": [{"token": "t1", "device_code": "d1", "key": "k1"}]}'
    )

    text = redact_body(body)

    assert "a@b.c" in text
    for secret in ("p1", "t1", "d1", "k1"):
        assert f'"{secret}"' not in text
    assert redact_body(b"not json") == "<8 bytes>"


def test_todos_log_debug_switches_the_logger_on() -> None:
    code = (
        "import logging, todos_sdk._logging as l; "
        "print(l.logger.level == logging.DEBUG, bool(l.logger.handlers))"
    )
    env = {**os.environ, "TODOS_LOG": "debug"}
    on = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    env.pop("TODOS_LOG")
    off = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)

    assert on.stdout.split() == ["True", "True"]
    assert off.stdout.split() == ["False", "False"]
