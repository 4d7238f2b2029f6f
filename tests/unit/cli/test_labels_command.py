"""`todo labels`: `@name  count` lines, the API's JSON with --json, a word when there are none."""

from __future__ import annotations

import json

import httpx
import pytest
import respx
from todos_cli.commands.labels import label_line
from todos_cli.exit_codes import ExitCode
from todos_sdk.models import LabelCount

from tests.support.sdk_fakes import API_URL
from tests.unit.cli.conftest import Runner

pytestmark = pytest.mark.usefixtures("logged_in")

LABELS = f"{API_URL}/api/v1/labels"
ANSWER = {"items": [{"name": "bills", "count": 3}, {"name": "Home", "count": 1}]}


def test_label_line_is_the_label_as_typed_then_its_count() -> None:
    assert label_line(LabelCount(name="bills", count=3)) == "@bills  3"


def test_labels_prints_one_line_per_label_in_the_apis_order(run: Runner, servers: respx.MockRouter) -> None:
    servers.get(LABELS).mock(return_value=httpx.Response(200, json=ANSWER))

    result = run("labels")

    assert (result.exit_code, result.stdout, result.stderr) == (0, "@bills  3\n@Home  1\n", "")


def test_labels_json_prints_the_apis_json(run: Runner, servers: respx.MockRouter) -> None:
    servers.get(LABELS).mock(return_value=httpx.Response(200, json=ANSWER))

    result = run("labels", "--json")

    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == ANSWER


def test_no_labels_says_so_on_stderr(run: Runner, servers: respx.MockRouter) -> None:
    servers.get(LABELS).mock(return_value=httpx.Response(200, json={"items": []}))

    result = run("labels")

    assert (result.exit_code, result.stdout) == (0, "")
    assert "No labels yet" in result.stderr


def test_labels_signed_out_is_an_auth_error(run: Runner, servers: respx.MockRouter) -> None:
    body = {"status_code": 401, "code": "session_revoked", "detail": "Session revoked."}
    servers.get(LABELS).mock(return_value=httpx.Response(401, json=body))

    result = run("labels")

    assert result.exit_code == ExitCode.NOT_SIGNED_IN
    assert result.stdout == ""
