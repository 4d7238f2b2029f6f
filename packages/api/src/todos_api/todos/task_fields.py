"""A request's task fields as the write statements take them (db/queries.py): the due date read from its
phrase here, in Python, before the one statement runs (the statement cannot call the parser), and the labels
as a json array (no array parameter: db/queries.py says why)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from todos_api.core.errors import InvalidDueString
from todos_api.due import InvalidDue, parse_due, zone_named

DEFAULT_TIMEZONE = "UTC"


def due_param(phrase: str | None, timezone: str | None, now: datetime | None = None) -> str | None:
    """The due's jsonb parameter for ``phrase`` read at ``now`` (default: the server's clock) in
    ``timezone``; None for no phrase (no due date, or a cleared one). 422 ``invalid_due`` when unreadable."""
    zone = timezone or DEFAULT_TIMEZONE
    check_timezone(zone)  # a zone sent without a phrase is not used, but a wrong one is refused all the same
    if phrase is None:
        return None
    try:
        due = parse_due(phrase, now=now or datetime.now(UTC), timezone=zone)
    except InvalidDue as error:
        raise InvalidDueString(error.message) from None
    return json.dumps(due.as_json())


def check_timezone(timezone: str) -> None:
    try:
        zone_named(timezone)
    except InvalidDue as error:
        message = f"unknown time zone {timezone!r}: {error.reason}"
        raise InvalidDueString(message, field="timezone") from None


def labels_param(labels: list[str] | None) -> str | None:
    return json.dumps(labels) if labels is not None else None
