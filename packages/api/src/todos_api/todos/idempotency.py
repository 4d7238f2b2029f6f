"""``Idempotency-Key``: what identifies a request, and the answer stored for it.

The key is stored per user with a fingerprint of the request (SHA-256 of method, path with its query, and
body), and the first successful answer, written by the same statement that did the work (``queries.keyed``).
A replay answers that stored body unchanged; the same key with another fingerprint is a 422.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from todos_api.model.etag import tagged_todo

KEY_MAX_LENGTH = 255
REPLAYED_HEADER = "Idempotent-Replayed"


@dataclass(frozen=True, slots=True)
class KeyedRequest:
    key: str
    fingerprint: bytes


def fingerprint(method: str, path: str, body: bytes) -> bytes:
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode(), body):
        # Length-prefixed, so that no two different (method, path, body) triples hash the same bytes.
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.digest()


def stored_todo(body: str, fields: Sequence[str]) -> dict[str, Any]:
    """The todo stored as ``jsonb`` (text from asyncpg), with the types and order the first answer had.

    ``jsonb`` sorts keys and writes timestamps as ISO strings with the session's offset; put back in
    ``fields`` order and turned into UTC datetimes, they serialize exactly as the first answer did, so a
    replay is byte for byte the same body.
    """
    stored: dict[str, Any] = json.loads(body)
    for name in ("created_at", "updated_at", "completed_at", "due_datetime"):
        # Absent: an answer stored before migration 0006 (kept 24 h) has none of the task fields.
        if stored.get(name) is not None:
            stored[name] = datetime.fromisoformat(stored[name]).astimezone(UTC)
    if stored.get("due_date") is not None:
        stored["due_date"] = date.fromisoformat(stored["due_date"])
    return tagged_todo(stored, [name for name in fields if name in stored])
