"""Loaded by the schemathesis run (SCHEMATHESIS_HOOKS): the two answers to a schema-valid request that
depend on the server's state, not on the request's shape, and must be exactly the contract's.

A valid ``If-Match`` names a version the fuzzer cannot know is current, so 412 is a right answer to valid
data, like the 404 of an unknown id that schemathesis already accepts; a valid ``Idempotency-Key`` that the
fuzzer already sent with another body is a right 422 (DESIGN.md fixes both); so is 422 ``invalid_cursor``
for a list ``cursor`` (or feed ``since``) that matches its pattern but was never a ``next_cursor`` (or comes
with ``skip``), 422 ``invalid_due`` for a ``due_string`` (any text of its length) that is no date in words
or a ``timezone`` that is no IANA zone, and 400 ``invalid_last_event_id`` for such a ``Last-Event-ID`` on the
stream. The
run accepts 412 and 422 as answers to valid data on the four writes that take these headers and on the list
(schemathesis.toml), and this check takes back everything else that widening would let through: a 412 must
be ``precondition_failed`` with the current ETag, a 422 ``idempotency_key_reused`` on a request that sent a
key, ``invalid_cursor`` on one that sent a cursor or ``invalid_due`` on one that sent a due — any other 422
to valid data still fails the run.

One more refusal of "valid" data is right: schemathesis's coverage phase sends only letters and digits in
headers, so for a header whose declared pattern needs other characters (If-Match's quotes, Last-Event-ID's
dots) it sends a value such as ``0`` that breaks the pattern and still counts it as valid. The declared rule
refuses it: 422 ``validation_error`` naming the header (on the stream, the 400 above). The check re-reads the
pattern from the operation's own declaration and accepts the 422 only when the value sent really breaks it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Response

STRONG_ETAG = re.compile(r'"[0-9]+-[0-9]+"')


@schemathesis.check
def state_dependent_refusals_are_the_contracts(
    _ctx: CheckContext, response: Response, case: Case[Any]
) -> None:
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return
    if response.status_code not in (400, 412, 422):
        return
    body = json.loads(response.content) if response.content else {}
    code = body.get("code")
    if response.status_code == 400:
        assert code == "invalid_last_event_id", f"valid data refused: 400 {code!r}"
        assert "last-event-id" in {name.lower() for name in case.headers or {}}, "400 without Last-Event-ID"
        return
    if _refuses_a_header_breaking_its_pattern(case, body):
        return
    if response.status_code == 412:
        etags = response.headers.get("etag", [])
        assert code == "precondition_failed", f"412 with code {code!r}, not precondition_failed"
        assert len(etags) == 1 and STRONG_ETAG.fullmatch(etags[0]), f"412 without a current ETag: {etags}"
        assert any(name.lower() == "if-match" for name in case.headers or {}), "412 without If-Match"
        return
    if code == "invalid_cursor":
        assert {"cursor", "since"} & set(case.query or {}), "invalid_cursor without a cursor"
        return
    if code == "invalid_due":
        sent = set(case.body) if isinstance(case.body, dict) else set()
        assert {"due_string", "timezone"} & sent, "invalid_due without a due_string or timezone"
        return
    sent_key = any(name.lower() == "idempotency-key" for name in case.headers or {})
    assert sent_key and code == "idempotency_key_reused", f"valid data refused: 422 {code!r}"


def _declared_header_patterns(case: Case[Any]) -> dict[str, str]:
    parameters = case.operation.definition.raw.get("parameters", [])
    return {
        parameter["name"].lower(): parameter["schema"]["pattern"]
        for parameter in parameters
        if parameter.get("in") == "header" and "pattern" in parameter.get("schema", {})
    }


def _refuses_a_header_breaking_its_pattern(case: Case[Any], body: Mapping[str, Any]) -> bool:
    """A 422 that names only headers sent breaking their declared pattern."""
    patterns = _declared_header_patterns(case)
    sent = {name.lower(): str(value) for name, value in (case.headers or {}).items()}
    broken = {name for name, rule in patterns.items() if name in sent and not re.search(rule, sent[name])}
    if body.get("code") != "validation_error":
        return False
    named = {str(error["loc"][-1]).lower() for error in body.get("errors", []) if error["loc"][0] == "header"}
    return bool(named) and named <= broken
