"""ETags and conditional requests (If-Match, If-None-Match) on real PostgreSQL, through the app."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import httpx
import pytest
from todos_api.main import app
from todos_api.todos.conditional import IF_MATCH_PATTERN

from tests.integration.api.helpers import TODOS, Caller


async def _create(client: httpx.AsyncClient, who: Caller, title: str = "task") -> httpx.Response:
    response = await client.post(TODOS, json={"title": title}, headers=who.headers)
    assert response.status_code == 201, response.text
    return response


def _with(who: Caller, **headers: str) -> dict[str, str]:
    return {**who.headers, **{name.replace("_", "-"): value for name, value in headers.items()}}


def _etag(todo: dict[str, Any]) -> str:
    return f'"{todo["id"]}-{todo["version"]}"'


async def test_every_task_in_every_answer_has_an_etag_field_equal_to_its_etag_header(
    client: httpx.AsyncClient, alice: Caller
) -> None:
    created = await _create(client, alice)
    todo = created.json()
    url = f"{TODOS}/{todo['id']}"
    assert todo["etag"] == created.headers["etag"] == _etag(todo)
    got = await client.get(url, headers=alice.headers)
    assert got.json()["etag"] == got.headers["etag"]
    put = await client.put(url, json={"title": "renamed"}, headers=alice.headers)
    assert put.json()["etag"] == put.headers["etag"] == f'"{todo["id"]}-2"'
    keyed = {**alice.headers, "Idempotency-Key": f"etag-{todo['id']}"}
    toggled = await client.patch(f"{url}/complete", headers=keyed)
    replayed = await client.patch(f"{url}/complete", headers=keyed)
    assert replayed.headers["idempotent-replayed"] == "true"
    assert replayed.json()["etag"] == replayed.headers["etag"] == toggled.headers["etag"]
    assert toggled.json()["etag"] == f'"{todo["id"]}-3"'
    listed = (await client.get(TODOS, headers=alice.headers)).json()["items"]
    assert [item["etag"] for item in listed if item["id"] == todo["id"]] == [f'"{todo["id"]}-3"']
    feed = (await client.get(f"{TODOS}/changes", headers=alice.headers)).json()["items"]
    assert [c["todo"]["etag"] for c in feed if c["id"] == todo["id"]] == [f'"{todo["id"]}-3"']
    deleted = await client.delete(url, headers=alice.headers)
    restored = await client.post(f"{url}/restore", headers=alice.headers)
    assert deleted.status_code == 204
    assert restored.json()["etag"] == restored.headers["etag"]


@pytest.mark.parametrize("if_match", ["", " ", "3-1", "garbage", '"3-1" junk', '"3-1",', "**"])
async def test_malformed_if_match_is_refused_by_its_declared_rule_not_answered_412(
    client: httpx.AsyncClient, alice: Caller, if_match: str
) -> None:
    todo = (await _create(client, alice)).json()
    url = f"{TODOS}/{todo['id']}"
    answers = [
        await client.put(url, json={"title": "x"}, headers=_with(alice, If_Match=if_match)),
        await client.patch(f"{url}/complete", headers=_with(alice, If_Match=if_match)),
        await client.post(f"{url}/restore", headers=_with(alice, If_Match=if_match)),
        await client.delete(url, headers=_with(alice, If_Match=if_match)),
    ]

    for answer in answers:
        assert answer.status_code == 422, answer.text
        body = answer.json()
        assert body["code"] == "validation_error"
        assert [error["loc"] for error in body["errors"]] == [["header", "If-Match"]]
    unchanged = await client.get(url, headers=alice.headers)
    assert unchanged.json()["version"] == 1  # nothing was written


def test_the_if_match_rule_is_the_declared_pattern() -> None:
    operation = app.openapi()["paths"]["/api/v1/todos/{todo_id}"]["put"]
    declared = next(p for p in operation["parameters"] if p["name"] == "If-Match")["schema"]

    assert declared["pattern"] == IF_MATCH_PATTERN
    assert not re.search(declared["pattern"], "")  # JSON Schema's reading: an empty value breaks it


async def test_every_task_answer_carries_its_etag(client: httpx.AsyncClient, alice: Caller) -> None:
    created = await _create(client, alice)
    todo = created.json()
    assert todo["version"] == 1
    assert created.headers["etag"] == _etag(todo)
    url = f"{TODOS}/{todo['id']}"
    assert (await client.get(url, headers=alice.headers)).headers["etag"] == _etag(todo)
    put = await client.put(url, json={"title": "renamed"}, headers=alice.headers)
    assert put.headers["etag"] == _etag(put.json()) == f'"{todo["id"]}-2"'
    toggled = await client.patch(f"{url}/complete", headers=alice.headers)
    assert toggled.headers["etag"] == f'"{todo["id"]}-3"'
    listed = (await client.get(TODOS, headers=alice.headers)).json()["items"]
    assert [item["version"] for item in listed if item["id"] == todo["id"]] == [3]


async def test_etag_stays_when_a_write_changes_nothing(client: httpx.AsyncClient, alice: Caller) -> None:
    todo = (await _create(client, alice, "same")).json()
    url = f"{TODOS}/{todo['id']}"
    same = await client.put(url, json={"title": "same", "description": None}, headers=alice.headers)
    assert same.headers["etag"] == _etag(todo)
    assert same.json()["updated_at"] == todo["updated_at"]
    unchanged = await client.patch(f"{url}/complete", json={"is_completed": False}, headers=alice.headers)
    assert unchanged.headers["etag"] == _etag(todo)


async def test_put_with_a_stale_if_match_is_412_with_the_current_etag(
    client: httpx.AsyncClient, alice: Caller
) -> None:
    todo = (await _create(client, alice)).json()
    url = f"{TODOS}/{todo['id']}"
    first = await client.put(url, json={"title": "one"}, headers=_with(alice, If_Match=_etag(todo)))
    assert first.status_code == 200
    stale = await client.put(url, json={"title": "two"}, headers=_with(alice, If_Match=_etag(todo)))
    assert stale.status_code == 412
    assert stale.json()["code"] == "precondition_failed"
    assert set(stale.json()) == {"status_code", "code", "detail"}
    assert stale.headers["etag"] == first.headers["etag"]
    assert (await client.get(url, headers=alice.headers)).json()["title"] == "one"


async def test_if_match_lists_star_and_weak_tags_follow_rfc_9110(
    client: httpx.AsyncClient, alice: Caller
) -> None:
    todo = (await _create(client, alice)).json()
    other = (await _create(client, alice)).json()
    url = f"{TODOS}/{todo['id']}"
    current = _etag(todo)

    async def put(if_match: str) -> int:
        return (await client.put(url, json={}, headers=_with(alice, If_Match=if_match))).status_code

    assert await put("*") == 200
    assert await put(f'"{todo["id"]}-99", {current}') == 200
    assert await put(f"W/{current}") == 412  # If-Match compares strongly
    assert await put(_etag(other)) == 412  # another todo's tag never matches
    assert await put("garbage") == 422  # not an entity-tag list: refused by the declared pattern (below)
    missing = await client.put(f"{TODOS}/999999999", json={}, headers=_with(alice, If_Match="*"))
    assert missing.status_code == 404


async def test_if_match_on_someone_elses_todo_is_404_not_412(
    client: httpx.AsyncClient, alice: Caller, bob: Caller
) -> None:
    todo = (await _create(client, alice)).json()
    url = f"{TODOS}/{todo['id']}"
    for send in (
        client.put(url, json={"title": "x"}, headers=_with(bob, If_Match='"0-0"')),
        client.patch(f"{url}/complete", headers=_with(bob, If_Match='"0-0"')),
        client.delete(url, headers=_with(bob, If_Match='"0-0"')),
    ):
        response = await send
        assert response.status_code == 404
        assert "etag" not in response.headers


async def test_delete_and_complete_honour_if_match(client: httpx.AsyncClient, alice: Caller) -> None:
    todo = (await _create(client, alice)).json()
    url = f"{TODOS}/{todo['id']}"
    toggled = await client.patch(f"{url}/complete", headers=_with(alice, If_Match=_etag(todo)))
    assert toggled.status_code == 200
    stale_toggle = await client.patch(f"{url}/complete", headers=_with(alice, If_Match=_etag(todo)))
    assert stale_toggle.status_code == 412
    assert stale_toggle.headers["etag"] == toggled.headers["etag"]
    stale_delete = await client.delete(url, headers=_with(alice, If_Match=_etag(todo)))
    assert stale_delete.status_code == 412
    deleted = await client.delete(url, headers=_with(alice, If_Match=toggled.headers["etag"]))
    assert deleted.status_code == 204


async def test_get_with_if_none_match_is_304_while_unchanged(
    client: httpx.AsyncClient, alice: Caller
) -> None:
    todo = (await _create(client, alice)).json()
    url = f"{TODOS}/{todo['id']}"
    for value in (_etag(todo), f"W/{_etag(todo)}", '"x", ' + _etag(todo), "*"):
        cached = await client.get(url, headers=_with(alice, If_None_Match=value))
        assert cached.status_code == 304, value
        assert cached.content == b""
        assert cached.headers["etag"] == _etag(todo)
    await client.put(url, json={"title": "changed"}, headers=alice.headers)
    fresh = await client.get(url, headers=_with(alice, If_None_Match=_etag(todo)))
    assert fresh.status_code == 200
    assert fresh.json()["title"] == "changed"


async def test_if_none_match_on_a_trashed_missing_or_foreign_task_is_404_never_304(
    client: httpx.AsyncClient, alice: Caller, bob: Caller
) -> None:
    trashed = (await _create(client, alice)).json()
    assert (await client.delete(f"{TODOS}/{trashed['id']}", headers=alice.headers)).status_code == 204
    foreign = (await _create(client, bob)).json()
    trashed_tags = (_etag(trashed), f'"{trashed["id"]}-{trashed["version"] + 1}"')
    cases = {
        "trashed": (trashed["id"], trashed_tags),
        "missing": (999_999_999, ('"999999999-1"',)),
        "foreign": (foreign["id"], (_etag(foreign),)),
    }
    for case, (todo_id, tags) in cases.items():
        for value in (*tags, f"W/{tags[0]}", "*"):
            response = await client.get(f"{TODOS}/{todo_id}", headers=_with(alice, If_None_Match=value))
            assert response.status_code == 404, (case, value)
            assert response.json()["code"] == "todo_not_found", (case, value)
            assert "etag" not in response.headers, (case, value)


async def test_fifty_concurrent_puts_with_one_if_match_let_exactly_one_win(
    client: httpx.AsyncClient, alice: Caller
) -> None:
    todo = (await _create(client, alice)).json()
    url = f"{TODOS}/{todo['id']}"
    headers = _with(alice, If_Match=_etag(todo))
    responses = await asyncio.gather(
        *(client.put(url, json={"title": f"writer {n}"}, headers=headers) for n in range(50))
    )
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] + [412] * 49
    (winner,) = (response for response in responses if response.status_code == 200)
    # Every loser is told the version the winner wrote, not the one its own snapshot saw.
    assert {response.headers["etag"] for response in responses} == {winner.headers["etag"]}
    final = (await client.get(url, headers=alice.headers)).json()
    assert final["title"] == winner.json()["title"]
    assert final["version"] == 2
