"""Shapes the API and Better Auth send, for respx-based unit tests of the SDK and the CLI."""

from __future__ import annotations

import base64
import json
import secrets
import time
from typing import Any

from todos_sdk import RetryPolicy

API_URL = "http://api.test"
AUTH_URL = "http://auth.test"
TODOS = f"{API_URL}/api/v1/todos"
SESSION_TOKEN = "session-token-abc"
TOKEN_URL = f"{AUTH_URL}/api/auth/token"
# No waiting in tests: backoff 0, and a Retry-After (longer than 0 s) ends the retries.
NO_WAIT = RetryPolicy(attempts=3, backoff=0.0, max_delay=0.0, jitter=False)


def make_jwt(*, expires_in: float = 900.0, sub: str = "user-1", **more_claims: Any) -> str:
    """A JWT-shaped string with a real `exp` claim; the signature is never checked by clients."""

    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    claims = {"sub": sub, "exp": int(time.time() + expires_in), "sid": "s1", "jti": secrets.token_hex(4)}
    claims.update(more_claims)
    return f"{part({'alg': 'EdDSA', 'kid': 'k1'})}.{part(claims)}.c2lnbmF0dXJl"


def todo_json(
    todo_id: int, title: str = "Buy milk", *, done: bool = False, description: str | None = None
) -> dict[str, Any]:
    return {
        "id": todo_id,
        "title": title,
        "description": description,
        "is_completed": done,
        "user_id": "user-1",
        "created_at": "2026-01-02T10:00:00Z",
        "updated_at": "2026-01-02T10:00:00Z",
        "version": 1,
        "etag": f'"{todo_id}-1"',  # as the API answers it (the fakes are the only place that builds one)
    }


def page_json(
    items: list[dict[str, Any]], *, total: int | None = None, skip: int = 0, limit: int = 100
) -> dict[str, Any]:
    return {"items": items, "total": len(items) if total is None else total, "skip": skip, "limit": limit}


def error_json(
    status_code: int, code: str, detail: str, errors: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {"status_code": status_code, "code": code, "detail": detail}
    if errors is not None:
        body["errors"] = errors
    return body


def user_json(email: str = "alice@example.com", name: str = "Alice") -> dict[str, Any]:
    return {"id": "user-1", "email": email, "name": name, "emailVerified": False, "image": None}
