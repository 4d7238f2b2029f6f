"""The live API answers as its OpenAPI document says: schemathesis 4 over HTTP, every check, every phase.

Every operation is in the run, the event stream too: the served API ends each stream after
``EVENTS_MAX_STREAM_SECONDS`` (conftest.py), so every read of it ends, and schemathesis checks each event of
the body against the declared event schema (its data against TodoChange).

Phases: examples, coverage (boundary and negative values of every declared rule), fuzzing, and stateful
(sequences built from the schema's links: create → get / put / complete / delete). Two signed-in users
are declared as peers (a Web Fuzzing Commons auth file), so `object_level_authorization` replays one user's
reads as the other, and `ignored_auth` replays requests without and with bad credentials. The run is bounded
by examples per operation (and a hard timeout), fixed by a seed so that a failure reproduces, and must
end with no failure: the schemathesis output is the assertion message.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from todos_devstack.paths import ROOT

from tests.integration.api.helpers import Caller

PHASES = "examples,coverage,fuzzing,stateful"
MAX_EXAMPLES = 100
SEED = 20261201
# Two workers where the interpreter allows it: on CPython 3.11, ast.parse is not thread-safe and Hypothesis
# (describing a filter's lambda) then fails with "SystemError: AST constructor recursion depth mismatch".
WORKERS = "2" if sys.version_info >= (3, 12) else "1"
# schemathesis's own list for valid data, plus the contract's state-dependent 412 and 422.
STATE_DEPENDENT_OK = ["2xx", "3xx", "401", "403", "404", "409", "412", "422", "429", "5xx"]
STREAM_OK = ["400", "410"]
STREAM_MAX_EXAMPLES = 30
HOOKS = "tests.integration.served.schemathesis_hooks"
TIMEOUT_SECONDS = 300  # a hang, not a budget: ~20-60 s alone, three times that on a loaded machine


def _write_config(directory: Path, alice: Caller, bob: Caller) -> Path:
    users = {"alice": alice, "bob": bob}
    auth = {
        "schemaVersion": "1.0.0",
        "auth": [
            {"name": name, "fixedHeaders": [{"name": "Authorization", "value": f"Bearer {user.token}"}]}
            for name, user in users.items()
        ],
    }
    (directory / "users.json").write_text(json.dumps(auth))
    config = directory / "schemathesis.toml"
    config.write_text(
        '[auth.wfc]\npath = "users.json"\npeers = ["alice", "bob"]\n'
        # No example database on disk: the seed alone decides what runs, so a failure reproduces anywhere.
        '[generation]\ndatabase = "none"\n'
        # The writes taking If-Match / Idempotency-Key: 412 and 422 can answer valid data there, and
        # schemathesis_hooks.py checks that such an answer is exactly the contract's (why: its docstring).
        "[[operations]]\n"
        'include-operation-id-regex = "^todos-((create|update|delete|complete|restore)_todo|list_todos)$"\n'
        f"checks.positive_data_acceptance.expected-statuses = {json.dumps(STATE_DEPENDENT_OK)}\n"
        # A well-formed `since` / Last-Event-ID can be past the retention: 410 cursor_expired is the
        # contract's answer to it. The stream's 400: schemathesis_hooks.py (a Last-Event-ID off its pattern).
        "[[operations]]\n"
        'include-operation-id = "todos-list_changes"\n'
        f"checks.positive_data_acceptance.expected-statuses = {json.dumps([*STATE_DEPENDENT_OK, '410'])}\n"
        "[[operations]]\n"
        'include-operation-id = "todos-stream_events"\n'
        # Each read lasts the stream's lifetime: fewer examples of its one header keep the run's time.
        f"generation.max-examples = {STREAM_MAX_EXAMPLES}\n"
        f"checks.positive_data_acceptance.expected-statuses = {json.dumps(STATE_DEPENDENT_OK + STREAM_OK)}\n"
    )
    return config


@pytest.mark.timeout(TIMEOUT_SECONDS + 60)  # the suite's 120 s is for single requests, not a fuzzing run
def test_api_conforms_to_its_schema_under_schemathesis(
    api_url: str, two_users: tuple[Caller, Caller], tmp_path: Path
) -> None:
    config = _write_config(tmp_path, *two_users)
    command = [
        str(Path(sys.executable).parent / "st"), "--no-color", "--config-file", str(config),
        "run", f"{api_url}/openapi.json", "--url", api_url,
        "--checks", "all", "--phases", PHASES, "--max-examples", str(MAX_EXAMPLES), "--seed", str(SEED),
        "--workers", WORKERS, "--request-timeout", "10",
    ]  # fmt: skip
    started = time.monotonic()
    env = os.environ | {"SCHEMATHESIS_HOOKS": HOOKS, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=TIMEOUT_SECONDS
    )
    elapsed = time.monotonic() - started
    output = f"schemathesis took {elapsed:.1f} s\n{result.stdout[-20000:]}\n{result.stderr[-5000:]}"
    print(output)  # the run's own summary (phases, links covered, cases), shown with `pytest -rP`
    assert result.returncode == 0, output
    assert "Stateful" in result.stdout and "API Links" in result.stdout, output  # every phase ran
    selected = re.search(r"Selected: (\d+)/(\d+)", result.stdout)
    tested = re.search(r"Tested: (\d+)", result.stdout)
    assert selected and tested and selected[1] == selected[2] == tested[1], output  # all, the stream too
