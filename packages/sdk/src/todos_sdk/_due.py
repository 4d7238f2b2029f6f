"""The task fields a write can carry (due in words, priority, labels), and the machine's time zone the due
phrase is read in. Shared by both clients; the standard library only."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ._generated.types import UNSET, Unset

__all__ = ["local_timezone", "task_fields"]

LOCALTIME = Path("/etc/localtime")
TIMEZONE_FILE = Path("/etc/timezone")  # Debian and Ubuntu also name the zone here


def _zone_name(value: str) -> str | None:
    """An IANA name from `Europe/Berlin`, `:Europe/Berlin` or `/usr/share/zoneinfo/Europe/Berlin`, if it is
    one this machine knows (a POSIX rule such as `EST5EDT,M3.2.0,M11.1.0` is not a name the API reads)."""
    name = value.strip().removeprefix(":")
    if "zoneinfo/" in name:
        name = name.rsplit("zoneinfo/", 1)[1]
    name = name.removeprefix("posix/").removeprefix("right/")  # tzdata's variant trees, same names
    if not name or name.startswith("/"):
        return None
    try:
        ZoneInfo(name)
    except (KeyError, ValueError, OSError):  # ZoneInfoNotFoundError is a KeyError; "Europe" a directory
        return None
    return name


def local_timezone() -> str:
    """The machine's IANA zone: TZ, else where /etc/localtime points, else /etc/timezone, else "UTC".

    No tzlocal: these three places are where it would look on Linux and macOS too, and the API needs a name,
    not an offset (a due "every monday 9am" stays at 9:00 across DST changes only in a named zone)."""
    if (tz := os.environ.get("TZ")) is not None and (name := _zone_name(tz)):
        return name
    try:
        if name := _zone_name(os.readlink(LOCALTIME)):
            return name
    except OSError:  # not a symlink, or absent
        pass
    try:
        if name := _zone_name(TIMEZONE_FILE.read_text(encoding="utf-8")):
            return name
    except (OSError, UnicodeDecodeError):
        pass
    return "UTC"


def task_fields(
    *,
    due: str | None | Unset,
    timezone: str | None,
    priority: int | None,
    labels: Sequence[str] | None,
) -> dict[str, Any]:
    """The TodoCreate/TodoUpdate keyword arguments for the fields given (UNSET for the others, so they are
    left out of the body). `due`: a phrase, None to clear (on update), UNSET to leave it. The zone rides
    along with every phrase (the API reads "tomorrow 5pm" in it) and only then."""
    fields: dict[str, Any] = {
        "priority": UNSET if priority is None else priority,
        "labels": UNSET if labels is None else list(labels),
    }
    fields["due_string"] = due
    fields["timezone"] = (timezone or local_timezone()) if isinstance(due, str) else UNSET
    return fields
