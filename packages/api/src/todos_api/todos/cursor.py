"""The list's keyset cursor: where the next page starts, as an opaque base64url token.

A cursor names the last item of a page by its sort key and id (the order's tie-breaker) and carries the
sort's name, so the next page is ``WHERE (key, id) > (last key, last id)`` walked on an index: page 5,000
costs what page 1 costs, and rows inserted or deleted between pages neither shift nor repeat items (OFFSET
would). It is not signed: it only says where to start in the caller's own rows, which the statement
filters by user anyway, so a forged cursor can show nothing a skip could not.

Payload: the JSON array ``[sort, key, id]``; key is the ISO 8601 timestamp (microseconds, UTC offset) for the
time sorts and the title for the title sorts. Anything else (not base64url, not that array, another sort's
cursor) is a 422 ``invalid_cursor`` in the error shape.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from todos_api.core.errors import InvalidCursor
from todos_api.model.schemas import TodoSort

CURSOR_MAX_LENGTH = 512  # a title key of 200 characters (up to 800 UTF-8 bytes, escaped) stays well below
# The cursor's declared form (the `cursor` parameter's pattern in OpenAPI), and decode's first check.
CURSOR_PATTERN = r"^[A-Za-z0-9_-]+$"
_CURSOR = re.compile(CURSOR_PATTERN)
TIME_KEYS = {
    TodoSort.CREATED_AT_DESC: "created_at",
    TodoSort.CREATED_AT_ASC: "created_at",
    TodoSort.UPDATED_AT_DESC: "updated_at",
    TodoSort.UPDATED_AT_ASC: "updated_at",
}
BIGINT_MAX = 2**63 - 1


@dataclass(frozen=True, slots=True)
class Cursor:
    sort: TodoSort
    key: datetime | str
    id: int


def sort_key_name(sort: TodoSort) -> str:
    return TIME_KEYS.get(sort, "title")


def encode(sort: TodoSort, todo: dict[str, object]) -> str:
    """The cursor of the page that starts after ``todo``."""
    key = todo[sort_key_name(sort)]
    text = key.isoformat() if isinstance(key, datetime) else key
    payload = json.dumps([sort.value, text, todo["id"]], separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(payload.encode()).rstrip(b"=").decode("ascii")


def decode(token: str, sort: TodoSort) -> Cursor:
    """The cursor ``token`` names, for a list in ``sort`` order; InvalidCursor for anything else."""
    if not _CURSOR.fullmatch(token) or len(token) > CURSOR_MAX_LENGTH:
        raise InvalidCursor()  # base64 decoding would skip the characters the pattern refuses
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        name, key, todo_id = json.loads(raw.decode())
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError) as err:
        raise InvalidCursor() from err
    if name != sort.value:
        raise InvalidCursor(f"This cursor belongs to sort={name!r}, not sort={sort.value!r}.")
    if type(todo_id) is not int or not 1 <= todo_id <= BIGINT_MAX or not isinstance(key, str):
        raise InvalidCursor()
    if sort not in TIME_KEYS:
        try:
            key.encode()  # a lone surrogate (JSON allows "\ud800") cannot be sent to PostgreSQL
        except UnicodeEncodeError as err:
            raise InvalidCursor() from err
        if "\x00" in key:
            raise InvalidCursor()
        return Cursor(sort, key, todo_id)
    try:
        moment = datetime.fromisoformat(key)
        if moment.tzinfo is None:
            raise ValueError("no UTC offset")
        moment = moment.astimezone(UTC)
    except (ValueError, OverflowError) as err:
        raise InvalidCursor() from err
    return Cursor(sort, moment, todo_id)
