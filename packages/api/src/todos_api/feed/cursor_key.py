"""The key that seals change-feed cursors (feed_cursor.py): every replica must hold the same one.

``CURSOR_SECRET`` when set (any string; 32+ random bytes advised), else a random secret kept in PostgreSQL
(table ``api_secret``, row ``cursor``: written by migration 0005, or by the first API process that finds it
missing). Both go through HKDF-SHA256 to the 64-byte AES-SIV key, labelled for this one use. A per-process
random key would make a cursor from one replica a 422 on the next; a key derived from a setting the replicas
happen to share (the database password, ``AUTH_JWT_SECRET``) ties it to something rotated for other reasons,
or to nothing at all in JWKS mode. The database is what every replica already shares, and only readers of
the database can learn the key — and they can read the tasks themselves anyway.

Changing the key (setting, or deleting the row) turns every cursor out there into a 422 ``invalid_cursor``:
clients re-read the list and start over, as after a 410.
"""

from __future__ import annotations

import asyncio
import logging
import secrets

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from todos_api.core.config import Settings
from todos_api.db.pool import Database
from todos_api.feed.feed_cursor import CursorCodec

log = logging.getLogger(__name__)

SECRET_NAME = "cursor"
_INFO = b"todos change-feed cursor v1"
# Reads the secret, creating it when missing. Two processes racing to create it: the loser's snapshot
# predates the winner's row, so it reads nothing and tries again.
READ_OR_CREATE = """
WITH made AS (
    INSERT INTO api_secret (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING value
)
SELECT value FROM made UNION ALL SELECT value FROM api_secret WHERE name = $1 LIMIT 1
"""


def derive_key(secret: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=64, salt=None, info=_INFO).derive(secret)


class CursorKeys:
    """The codec, from the setting at once or from the database on first use (then kept)."""

    def __init__(self, settings: Settings) -> None:
        self._codec: CursorCodec | None = None
        self._lock = asyncio.Lock()
        if settings.cursor_secret is not None:
            secret = settings.cursor_secret.get_secret_value().encode()
            if len(secret) < 32:
                log.warning("CURSOR_SECRET is shorter than 32 bytes; use a longer random secret")
            self._codec = CursorCodec(derive_key(secret))

    async def codec(self, db: Database) -> CursorCodec:
        if self._codec is not None:
            return self._codec
        async with self._lock:
            for _ in range(3):
                if self._codec is not None:
                    break
                rows = await db.fetch(READ_OR_CREATE, SECRET_NAME, secrets.token_bytes(32), idempotent=True)
                if rows:
                    self._codec = CursorCodec(derive_key(bytes(rows[0]["value"])))
            if self._codec is None:
                raise RuntimeError("the cursor secret could not be read or created")
            return self._codec
