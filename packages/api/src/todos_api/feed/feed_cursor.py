"""The change feed's cursor (and the event ids): a position, sealed so clients can neither read nor forge it.

A position is ``(xid, todo id, issued)``: the feed's place in commit order (queries_changes.py) and when its
window started, for the retention check (410). Sent to clients it is AES-SIV (RFC 5297, ``cryptography``'s
``AESSIV``) over those three numbers, with the user id and a format byte as associated data, base64url:

    base64url( 0x01 ‖ AES-SIV(key, xid ‖ id ‖ issued as 3 × uint64, ad = [0x01, user id]) )

so a cursor is *tamper-evident* (any change fails the SIV check), *bound to its user* (another user's cursor
fails it too: 422, the same as garbage, so it says nothing about whose it was), and *opaque* (PostgreSQL's
global transaction counter stays unreadable; an HMAC alone would leave it in plain sight). AES-SIV is
deterministic, so it needs no nonce, and there is no nonce-reuse bound to count against however many cursors
the service issues (AES-GCM's random 96-bit nonces cap a key at ~2^32 cursors). The key: cursor_key.py.
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
import time
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESSIV

FORMAT = b"\x01"
_NUMBERS = struct.Struct(">QQQ")
# 1 format byte + 16 (synthetic IV) + 24 (ciphertext) = 41 bytes: 55 base64url characters without padding.
CURSOR_LENGTH = 55
# THE cursor format, for OpenAPI (`since`, `Last-Event-ID`) and every check: one constant.
CURSOR_PATTERN = rf"^[A-Za-z0-9_-]{{{CURSOR_LENGTH}}}$"
_CURSOR = re.compile(CURSOR_PATTERN)
BIGINT_MAX = 2**63 - 1
# A cursor issued later than this ahead of the clock cannot be ours (the key would have to be known).
MAX_CLOCK_SKEW_SECONDS = 300


@dataclass(frozen=True, slots=True, order=True)
class Cursor:
    xid: int
    todo_id: int
    issued: int = field(default=0, compare=False)  # unix seconds; not part of the position


class CursorInvalid(ValueError):
    """Not a cursor this service issued to this user (malformed, tampered, another user's, future)."""


class CursorCodec:
    """Seals positions into cursors and opens them, with one AES-SIV key (64 bytes)."""

    def __init__(self, key: bytes) -> None:
        self._siv = AESSIV(key)

    def seal(self, cursor: Cursor, user_id: str) -> str:
        plain = _NUMBERS.pack(cursor.xid, cursor.todo_id, cursor.issued)
        sealed = FORMAT + self._siv.encrypt(plain, [FORMAT, user_id.encode()])
        return base64.urlsafe_b64encode(sealed).rstrip(b"=").decode("ascii")

    def open(self, token: str, user_id: str, *, now: float | None = None) -> Cursor:
        """The position ``token`` seals for ``user_id``; CursorInvalid for anything else."""
        if not _CURSOR.fullmatch(token):  # as JSON Schema reads the pattern: no "\n" before $
            raise CursorInvalid("not a change-feed cursor")
        try:
            sealed = base64.urlsafe_b64decode(token + "=")
        except (binascii.Error, ValueError) as err:  # 55 characters always decode; kept for safety
            raise CursorInvalid("not base64url") from err
        if sealed[:1] != FORMAT or base64.urlsafe_b64encode(sealed).rstrip(b"=").decode() != token:
            raise CursorInvalid("unknown cursor format")  # or a non-canonical spelling of one
        try:
            plain = self._siv.decrypt(sealed[1:], [FORMAT, user_id.encode()])
        except InvalidTag as err:
            raise CursorInvalid("not issued to this user by this service") from err
        xid, todo_id, issued = _NUMBERS.unpack(plain)
        # Only our own seal gets here; the bounds still keep a bigint parameter (and a date) from overflowing.
        if max(xid, todo_id) > BIGINT_MAX or issued > (now or time.time()) + MAX_CLOCK_SKEW_SECONDS:
            raise CursorInvalid("out of range")
        return Cursor(xid, todo_id, issued)
