"""Loaded by the schemathesis run (SCHEMATHESIS_HOOKS): the two answers to a schema-valid request that
depend on the server's state, not on the request's shape, and must be exactly the contract's.

A valid ``If-Match`` names a version the fuzzer cannot know is current, so 412 is a right answer to valid
data, like the 404 of an unknown id that schemathesis already accepts; a valid ``Idempotency-Key`` that the
fuzzer already sent with another body is a right 422 (DESIGN.md fixes both); so is 422 ``invalid_cursor``
for a list ``cursor`` or a feed's ``since`` that matches its pattern but was never a ``next_cursor`` (or a
list cursor that comes with ``skip``). The
run accepts 412 and 422 as answers to valid data on the four writes that take these headers and on the list
(schemathesis.toml), and this check takes back everything else that widening would let through: a 412 must
be ``precondition_failed`` with the current ETag, a 422 ``idempotency_key_reused`` on a request that sent a
key or ``invalid_cursor`` on one that sent a cursor — any other 422 to valid data still fails the run.
"""

from __future__ import annotations

import json
import re
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
    if response.status_code not in (412, 422):
        return
    code = json.loads(response.content).get("code") if response.content else None
    if response.status_code == 412:
        etags = response.headers.get("etag", [])
        assert code == "precondition_failed", f"412 with code {code!r}, not precondition_failed"
        assert len(etags) == 1 and STRONG_ETAG.fullmatch(etags[0]), f"412 without a current ETag: {etags}"
        assert any(name.lower() == "if-match" for name in case.headers or {}), "412 without If-Match"
        return
    if code == "invalid_cursor":
        assert {"cursor", "since"} & set(case.query or {}), "invalid_cursor without a cursor"
        return
    sent_key = any(name.lower() == "idempotency-key" for name in case.headers or {})
    assert sent_key and code == "idempotency_key_reused", f"valid data refused: 422 {code!r}"
