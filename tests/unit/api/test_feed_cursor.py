"""The change feed's sealed cursor (feed_cursor.py) without a server: round trip, binding, tampering."""

from __future__ import annotations

import base64
import re

import pytest
from todos_api.core.config import Settings
from todos_api.feed.cursor_key import CursorKeys, derive_key
from todos_api.feed.feed_cursor import CURSOR_PATTERN, Cursor, CursorCodec, CursorInvalid

from tests.unit.api.conftest import RecordingDatabase, unit_settings

CODEC = CursorCodec(derive_key(b"unit-test secret of at least 32 bytes"))
NOW = 1_800_000_000


def test_cursor_round_trips_for_its_user_only() -> None:
    token = CODEC.seal(Cursor(123456789, 42, NOW), "alice")
    assert CODEC.open(token, "alice", now=NOW) == Cursor(123456789, 42, NOW)
    assert CODEC.open(token, "alice", now=NOW).issued == NOW
    with pytest.raises(CursorInvalid):
        CODEC.open(token, "bob", now=NOW)


def test_cursor_of_another_key_is_invalid() -> None:
    other = CursorCodec(derive_key(b"another secret, also 32 bytes or more"))
    with pytest.raises(CursorInvalid):
        other.open(CODEC.seal(Cursor(1, 2, NOW), "alice"), "alice", now=NOW)


def test_every_flipped_bit_is_detected() -> None:
    token = CODEC.seal(Cursor(1, 2, NOW), "alice")
    raw = bytearray(base64.urlsafe_b64decode(token + "="))
    for index in range(len(raw)):
        for bit in range(8):
            raw[index] ^= 1 << bit
            forged = base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
            raw[index] ^= 1 << bit
            with pytest.raises(CursorInvalid):
                CODEC.open(forged, "alice", now=NOW)


def test_non_canonical_spelling_of_a_cursor_is_invalid() -> None:
    token = CODEC.seal(Cursor(1, 2, NOW), "alice")
    # The last character carries 2 unused bits (41 bytes = 328 bits in 55 × 6 = 330): a sibling decodes alike.
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    sibling = token[:-1] + alphabet[alphabet.index(token[-1]) ^ 1]
    assert base64.urlsafe_b64decode(sibling + "=") == base64.urlsafe_b64decode(token + "=")
    with pytest.raises(CursorInvalid):
        CODEC.open(sibling, "alice", now=NOW)


def test_cursor_from_the_future_is_invalid() -> None:
    with pytest.raises(CursorInvalid):
        CODEC.open(CODEC.seal(Cursor(1, 2, NOW + 3600), "alice"), "alice", now=NOW)


def test_cursor_matches_the_one_pattern_and_hides_its_numbers() -> None:
    token = CODEC.seal(Cursor(987654321, 5, NOW), "alice")
    assert re.fullmatch(CURSOR_PATTERN, token)
    assert "987654321" not in token and (987654321).to_bytes(8, "big") not in base64.urlsafe_b64decode(
        token + "="
    )


@pytest.mark.parametrize("token", ["", "1.2.3", "0.0.999999999999", "A" * 54, "A" * 55, "A" * 56, "é" * 55])
def test_malformed_cursor_is_invalid(token: str) -> None:
    with pytest.raises(CursorInvalid):
        CODEC.open(token, "alice", now=NOW)


async def test_cursor_secret_setting_is_used_without_the_database() -> None:
    settings: Settings = unit_settings(cursor_secret="unit-test secret of at least 32 bytes")
    database = RecordingDatabase(settings)
    codec = await CursorKeys(settings).codec(database)
    assert database.statements == []
    assert codec.open(CODEC.seal(Cursor(1, 2, NOW), "alice"), "alice", now=NOW) == Cursor(1, 2, NOW)


async def test_without_the_setting_the_key_comes_from_the_database_once() -> None:
    database = RecordingDatabase(unit_settings())
    database.rows = [{"value": b"k" * 32}]
    keys = CursorKeys(unit_settings())
    first, second = await keys.codec(database), await keys.codec(database)
    assert first is second and len(database.statements) == 1
    expected = CursorCodec(derive_key(b"k" * 32))
    assert first.open(expected.seal(Cursor(3, 4, NOW), "bob"), "bob", now=NOW) == Cursor(3, 4, NOW)
