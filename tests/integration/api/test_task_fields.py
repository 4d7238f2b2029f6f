"""The task fields of issue 17 on real PostgreSQL, through the app: due (read from words in a time zone),
priority, labels and completed_at, on every answer that carries a task (single, list, feed, replay)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import httpx
from todos_api.due import parse_due

from tests.integration.api.helpers import TODOS, Caller

CHANGES = f"{TODOS}/changes"


def _expected_due(phrase: str, timezone: str) -> dict[str, Any]:
    """What the API should answer for ``phrase`` read now (the phrases below name fixed dates and times, so
    "now" only picks the year, and a test run straddling that instant is not a concern)."""
    return parse_due(phrase, now=datetime.now(UTC), timezone=timezone).as_json()


async def _create(client: httpx.AsyncClient, who: Caller, **body: Any) -> dict[str, Any]:
    response = await client.post(TODOS, json={"title": "task", **body}, headers=who.headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def test_new_task_has_no_due_priority_4_no_labels_and_is_open(
    client: httpx.AsyncClient, alice: Caller
) -> None:
    todo = await _create(client, alice)
    assert (todo["due"], todo["priority"], todo["labels"], todo["completed_at"]) == (None, 4, [], None)


async def test_due_string_is_read_in_new_york_with_its_offset(
    client: httpx.AsyncClient, alice: Caller, admin: asyncpg.Connection
) -> None:
    todo = await _create(client, alice, due_string="dec 24 5pm", timezone="America/New_York")
    expected = _expected_due("dec 24 5pm", "America/New_York")
    assert todo["due"] == expected
    assert todo["due"]["datetime"].endswith("T17:00:00-05:00")
    assert todo["due"]["is_recurring"] is False
    # Stored as the instant: 17:00 in New York in December is 22:00 UTC.
    stored = await admin.fetchval("SELECT due_datetime FROM todo WHERE id = $1", todo["id"])
    assert stored.astimezone(UTC).hour == 22
    fetched = await client.get(f"{TODOS}/{todo['id']}", headers=alice.headers)
    assert fetched.json()["due"] == expected


async def test_recurring_due_string_in_berlin_carries_its_rrule(
    client: httpx.AsyncClient, alice: Caller
) -> None:
    todo = await _create(client, alice, due_string="every monday 9am", timezone="Europe/Berlin")
    due = todo["due"]
    assert due == _expected_due("every monday 9am", "Europe/Berlin")
    assert due["is_recurring"] is True
    assert "BYDAY=MO" in due["rrule"] and "BYHOUR=9" in due["rrule"]
    assert due["datetime"].endswith("T09:00:00+01:00")
    assert datetime.fromisoformat(due["date"]).weekday() == 0
    assert due["from_completion"] is False
    every_bang = await _create(client, alice, due_string="every! 3 days")
    assert every_bang["due"]["from_completion"] is True
    assert every_bang["due"]["timezone"] == "UTC"  # the default zone
    assert every_bang["due"]["datetime"] is None  # a date without a time of day


async def test_update_sets_keeps_and_clears_the_due(client: httpx.AsyncClient, alice: Caller) -> None:
    todo = await _create(client, alice)
    url = f"{TODOS}/{todo['id']}"
    body = {"due_string": "dec 24", "timezone": "Europe/Berlin"}
    dated = (await client.put(url, json=body, headers=alice.headers)).json()
    assert dated["due"] == _expected_due("dec 24", "Europe/Berlin")
    assert dated["version"] == todo["version"] + 1
    again = (await client.put(url, json=body, headers=alice.headers)).json()
    assert again["version"] == dated["version"]  # the same due again changes nothing
    renamed = (await client.put(url, json={"title": "renamed"}, headers=alice.headers)).json()
    assert renamed["due"] == dated["due"]  # a PUT without due_string keeps it
    cleared = (await client.put(url, json={"due_string": None}, headers=alice.headers)).json()
    assert cleared["due"] is None
    assert cleared["version"] == renamed["version"] + 1


async def test_unreadable_due_string_is_422_invalid_due_naming_the_phrase(
    client: httpx.AsyncClient, alice: Caller
) -> None:
    response = await client.post(
        TODOS, json={"title": "t", "due_string": "every blursday"}, headers=alice.headers
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_due"
    assert "every blursday" in body["detail"]
    assert body["errors"][0]["loc"] == ["body", "due_string"]

    todo = await _create(client, alice, due_string="dec 24")
    url = f"{TODOS}/{todo['id']}"
    refused = await client.put(url, json={"due_string": "someday maybe"}, headers=alice.headers)
    assert refused.status_code == 422 and refused.json()["code"] == "invalid_due"
    unchanged = (await client.get(url, headers=alice.headers)).json()
    assert (unchanged["due"], unchanged["version"]) == (todo["due"], todo["version"])


async def test_unknown_time_zone_is_422_invalid_due_on_timezone(
    client: httpx.AsyncClient, alice: Caller
) -> None:
    for body in (
        {"title": "t", "due_string": "tomorrow", "timezone": "Mars/Olympus_Mons"},
        {"title": "t", "timezone": "../etc/passwd"},
    ):
        response = await client.post(TODOS, json=body, headers=alice.headers)
        assert response.status_code == 422, body
        assert response.json()["code"] == "invalid_due"
        assert response.json()["errors"][0]["loc"] == ["body", "timezone"]


async def test_priority_and_labels_are_validated_and_labels_deduplicated(
    client: httpx.AsyncClient, alice: Caller
) -> None:
    todo = await _create(client, alice, priority=1, labels=["Home", "bills", "home", "BILLS"])
    assert (todo["priority"], todo["labels"]) == (1, ["Home", "bills"])
    assert (await _create(client, alice, priority=2.0))["priority"] == 2  # an integer, as JSON has it
    twenty = [f"l{n}" for n in range(20)]
    assert (await _create(client, alice, labels=[*twenty, "L0"]))["labels"] == twenty
    for bad in (
        {"priority": 0},
        {"priority": 5},
        {"priority": "1"},
        {"priority": 1.5},
        {"priority": True},
        {"priority": None},
        {"labels": [""]},
        {"labels": ["x" * 51]},
        {"labels": ["a\x00b"]},
        {"labels": [*twenty, "twenty-first"]},
        {"labels": "home"},
    ):
        response = await client.post(TODOS, json={"title": "t", **bad}, headers=alice.headers)
        assert response.status_code == 422, bad
        assert response.json()["code"] == "validation_error", bad


async def test_update_changes_priority_and_replaces_labels(client: httpx.AsyncClient, alice: Caller) -> None:
    todo = await _create(client, alice, labels=["a", "b"])
    url = f"{TODOS}/{todo['id']}"
    changed = (
        await client.put(url, json={"priority": 2, "labels": ["c", "C"]}, headers=alice.headers)
    ).json()
    assert (changed["priority"], changed["labels"]) == (2, ["c"])
    assert changed["version"] == todo["version"] + 1
    emptied = (await client.put(url, json={"labels": []}, headers=alice.headers)).json()
    assert (emptied["priority"], emptied["labels"]) == (2, [])
    for bad in ({"priority": None}, {"labels": None}, {"timezone": None}):
        assert (await client.put(url, json=bad, headers=alice.headers)).status_code == 422, bad


async def test_completing_sets_completed_at_and_reopening_clears_it(
    client: httpx.AsyncClient, alice: Caller
) -> None:
    todo = await _create(client, alice)
    url = f"{TODOS}/{todo['id']}"
    before = datetime.now(UTC) - timedelta(seconds=5)
    done = (await client.patch(f"{url}/complete", json={"is_completed": True}, headers=alice.headers)).json()
    completed_at = datetime.fromisoformat(done["completed_at"])
    assert before < completed_at <= datetime.now(UTC) + timedelta(seconds=5)
    again = (await client.patch(f"{url}/complete", json={"is_completed": True}, headers=alice.headers)).json()
    assert again["completed_at"] == done["completed_at"]  # still the first completion
    reopened = (await client.patch(f"{url}/complete", headers=alice.headers)).json()  # toggle
    assert (reopened["is_completed"], reopened["completed_at"]) == (False, None)
    via_put = (await client.put(url, json={"is_completed": True}, headers=alice.headers)).json()
    assert via_put["completed_at"] is not None
    via_put_open = (await client.put(url, json={"is_completed": False}, headers=alice.headers)).json()
    assert via_put_open["completed_at"] is None


async def test_replay_of_a_keyed_create_carries_the_task_fields(
    client: httpx.AsyncClient, alice: Caller
) -> None:
    headers = {**alice.headers, "Idempotency-Key": "task-fields-1"}
    body = {
        "title": "rent",
        "due_string": "every 1st 9am",
        "timezone": "America/New_York",
        "priority": 1,
        "labels": ["bills"],
    }
    first = await client.post(TODOS, json=body, headers=headers)
    assert first.status_code == 201
    await client.put(first.headers["location"], json={"labels": ["changed"]}, headers=alice.headers)
    replay = await client.post(TODOS, json=body, headers=headers)
    assert replay.headers["idempotent-replayed"] == "true"
    assert replay.content == first.content  # byte for byte, the due's offset included
    assert replay.json()["due"]["rrule"] is not None and replay.json()["labels"] == ["bills"]

    done_headers = {**alice.headers, "Idempotency-Key": "task-fields-2"}
    complete = f"{first.headers['location']}/complete"
    done = await client.patch(complete, json={"is_completed": True}, headers=done_headers)
    replayed = await client.patch(complete, json={"is_completed": True}, headers=done_headers)
    assert replayed.content == done.content and replayed.json()["completed_at"] is not None


async def test_list_and_change_feed_carry_the_task_fields(client: httpx.AsyncClient, alice: Caller) -> None:
    todo = await _create(
        client, alice, due_string="dec 24 5pm", timezone="Europe/Berlin", labels=["x"], priority=3
    )
    listed = (await client.get(TODOS, headers=alice.headers)).json()["items"]
    assert [item for item in listed if item["id"] == todo["id"]] == [todo]
    feed = (await client.get(CHANGES, headers=alice.headers)).json()["items"]
    changed = [item["todo"] for item in feed if item["id"] == todo["id"]]
    assert changed == [todo]
    await client.delete(f"{TODOS}/{todo['id']}?permanent=true", headers=alice.headers)
    feed = (await client.get(CHANGES, headers=alice.headers)).json()["items"]
    assert [item["todo"] for item in feed if item["id"] == todo["id"]] == [None]  # a tombstone still reads


async def test_another_users_task_fields_stay_out_of_reach(
    client: httpx.AsyncClient, alice: Caller, bob: Caller
) -> None:
    todo = await _create(client, alice, labels=["private"], due_string="dec 24")
    url = f"{TODOS}/{todo['id']}"
    attempt = await client.put(url, json={"labels": ["bob's"], "due_string": None}, headers=bob.headers)
    assert attempt.status_code == 404
    assert (await client.get(url, headers=alice.headers)).json() == todo
