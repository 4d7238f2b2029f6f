"""The event stream's body is what its OpenAPI entry declares, judged by schemathesis's own SSE validation.

The fuzz run (test_schemathesis.py) reads streams too, but rarely one that carries a change: here a real
stream resumes before a change, so its body holds a `change` event whose data must match TodoChange. A
tampered copy of the same body must fail, so that the check is shown to look inside the data.
"""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest
import schemathesis
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.integration.api.helpers import TODOS, Caller
from tests.integration.served.conftest import STREAM_SECONDS

EVENTS = f"{TODOS}/events"


def _stream_case(api_url: str, headers: dict[str, str]) -> schemathesis.Case[Any]:
    schema = schemathesis.openapi.from_url(f"{api_url}/openapi.json")
    return schema[EVENTS]["GET"].Case(headers=headers)


def _read_stream(api_url: str, headers: dict[str, str]) -> httpx.Response:
    # The served API ends every stream after EVENTS_MAX_STREAM_SECONDS: the read ends with it.
    response = httpx.get(f"{api_url}{EVENTS}", headers=headers, timeout=30)
    assert response.status_code == 200, response.text
    return response


@pytest.fixture
def resumed_stream(api_url: str, two_users: tuple[Caller, Caller]) -> tuple[httpx.Response, dict[str, str]]:
    alice = two_users[0]
    before = httpx.get(f"{api_url}{TODOS}/changes", headers=alice.headers, timeout=30).json()["next_cursor"]
    created = httpx.post(f"{api_url}{TODOS}", json={"title": "streamed"}, headers=alice.headers, timeout=30)
    assert created.status_code == 201
    headers = {**alice.headers, "Last-Event-ID": before}
    return _read_stream(api_url, headers), headers


def test_a_streamed_change_matches_the_declared_event_schema(
    api_url: str, resumed_stream: tuple[httpx.Response, dict[str, str]]
) -> None:
    response, headers = resumed_stream
    assert b"event: change\n" in response.content, response.text
    data = [line.removeprefix("data: ") for line in response.text.splitlines() if line.startswith("data: ")]
    todo = json.loads(data[-1])["todo"]
    assert todo["etag"] == f'"{todo["id"]}-{todo["version"]}"'  # the task's etag travels in the stream too

    _stream_case(api_url, headers).validate_response(response, checks=[response_schema_conformance])


def test_a_change_event_with_data_off_its_schema_fails_the_check(
    api_url: str, resumed_stream: tuple[httpx.Response, dict[str, str]]
) -> None:
    response, headers = resumed_stream
    tampered = response.content.replace(b'"permanent":false', b'"permanent":"no"')
    assert tampered != response.content
    forged = httpx.Response(200, headers=response.headers, content=tampered, request=response.request)
    forged.elapsed = response.elapsed

    with pytest.raises(FailureGroup, match="SSE event") as failed:
        _stream_case(api_url, headers).validate_response(forged, checks=[response_schema_conformance])
    assert "permanent" in str(failed.value.exceptions[0])


def test_a_stream_ends_after_its_configured_lifetime(api_url: str, two_users: tuple[Caller, Caller]) -> None:
    started = time.monotonic()
    response = _read_stream(api_url, two_users[1].headers)  # without the lifetime, this read never ends

    assert time.monotonic() - started < STREAM_SECONDS + 10
    assert response.text.startswith("retry: 1000\nid: ")


@pytest.mark.parametrize("last_event_id", ["", "nonsense", "1.2", "0.0.999999999999"])
def test_a_last_event_id_off_its_declared_form_is_400_before_the_stream_starts(
    api_url: str, two_users: tuple[Caller, Caller], last_event_id: str
) -> None:
    # "" was taken for "no Last-Event-ID" (a stream from now); a time past year 9999 was a 500.
    headers = {**two_users[0].headers, "Last-Event-ID": last_event_id}
    response = httpx.get(f"{api_url}{EVENTS}", headers=headers, timeout=30)

    assert response.status_code == 400, response.text
    assert response.json()["code"] == "invalid_last_event_id"


def _ending_with(response: httpx.Response, event: bytes) -> httpx.Response:
    """The real stream's body with one more event at its end, as a stream whose credentials ran out ends."""
    body = response.content + event
    ended = httpx.Response(200, headers=response.headers, content=body, request=response.request)
    ended.elapsed = response.elapsed
    return ended


@pytest.mark.parametrize("reason", ["token_expired", "session_ended"])
def test_a_closing_reauthenticate_event_matches_the_declared_event_schema(
    api_url: str, resumed_stream: tuple[httpx.Response, dict[str, str]], reason: str
) -> None:
    # The same bytes the API sends (tests/integration/api/test_live_events.py reads them from a live stream):
    # no id, so a client's Last-Event-ID stays the last change's.
    response, headers = resumed_stream
    ended = _ending_with(response, b'event: reauthenticate\ndata: {"reason":"%s"}\n\n' % reason.encode())

    _stream_case(api_url, headers).validate_response(ended, checks=[response_schema_conformance])


def test_a_reauthenticate_event_with_an_undeclared_reason_fails_the_check(
    api_url: str, resumed_stream: tuple[httpx.Response, dict[str, str]]
) -> None:
    response, headers = resumed_stream
    ended = _ending_with(response, b'event: reauthenticate\ndata: {"reason":"bored"}\n\n')

    with pytest.raises(FailureGroup, match="SSE event") as failed:
        _stream_case(api_url, headers).validate_response(ended, checks=[response_schema_conformance])
    assert "bored" in str(failed.value.exceptions[0])
