"""The conditional headers that name a todo's entity tags (RFC 9110, section 13); the tag itself is
``model/etag.py``'s."""

from __future__ import annotations

import re

from todos_api.model.etag import etag

__all__ = ["IF_MATCH_PATTERN", "etag", "if_match_is_well_formed", "if_match_versions", "if_none_match_hits"]

# entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE; a list is comma-separated. Entries that are not entity tags
# are ignored: they can match nothing.
_ENTITY_TAG = re.compile(r'\s*(W/)?"([^"]*)"\s*(?:,|$)')
# If-Match's declared form (its pattern in OpenAPI): `*` or a list of entity tags (RFC 9110 13.1.1), with
# etagc's visible ASCII. Anything else, an empty value first, is a 422 by this rule (write_headers.py), not
# a 412: no version could ever match it, so it is a malformed request, not a stale one.
_TAG = r'(W/)?"[!#-~]*"'
IF_MATCH_PATTERN = rf"^[ \t]*(\*|{_TAG}([ \t]*,[ \t]*{_TAG})*)[ \t]*$"
_IF_MATCH = re.compile(IF_MATCH_PATTERN)


def if_match_is_well_formed(header: str) -> bool:
    return _IF_MATCH.fullmatch(header) is not None


def _tags(header: str) -> list[tuple[bool, str]]:
    """(weak, opaque value) of each entity tag in the list."""
    return [(bool(weak), value) for weak, value in _ENTITY_TAG.findall(header)]


def if_match_versions(header: str | None, todo_id: int) -> str | None:
    """The versions of this todo that ``If-Match`` accepts, as the statements take them ("3,4"); None means
    no condition.

    ``*`` only asks that the todo exist, which the statement checks anyway (a missing todo stays a 404:
    RFC 9110 13.2.1, preconditions are ignored when the answer without them would not be 2xx). Weak tags
    never match (If-Match compares strongly); tags of another todo or of another form name no version, so
    a list of only those yields ``""``, which no version matches: 412.
    """
    if header is None:
        return None
    header = header.strip()
    if header == "*":
        return None
    prefix = f"{todo_id}-"
    single = header[len(prefix) + 1 : -1]  # the usual case, one strong tag, without the regex
    if header.startswith(f'"{prefix}') and header.endswith('"') and single.isascii() and single.isdigit():
        return str(int(single)) if len(single) < 19 else ""
    versions = []
    for weak, value in _tags(header):
        number = value.removeprefix(prefix)
        if not weak and number != value and number.isascii() and number.isdigit() and len(number) < 19:
            versions.append(str(int(number)))
    return ",".join(versions)


def if_none_match_hits(header: str | None, current: str) -> bool:
    """Whether ``If-None-Match`` names the current representation, so that a GET answers 304.

    The comparison is weak (RFC 9110 13.1.2): ``W/"1-2"`` matches ``"1-2"``; ``*`` matches any existing todo.
    """
    if header is None:
        return False
    if header.strip() == "*":
        return True
    wanted = current.strip('"')
    return any(value == wanted for _, value in _tags(header))
