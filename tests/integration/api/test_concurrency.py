"""Concurrent writes stay consistent: no lost updates (SC-008)."""

from __future__ import annotations

import asyncio

import httpx

from tests.integration.api.helpers import TODOS, Caller


async def test_fifty_concurrent_toggles_end_consistent(client: httpx.AsyncClient, alice: Caller) -> None:
    todo = (await client.post(TODOS, json={"title": "flip me"}, headers=alice.headers)).json()
    url = f"{TODOS}/{todo['id']}/complete"
    responses = await asyncio.gather(*(client.patch(url, headers=alice.headers) for _ in range(50)))
    assert all(response.status_code == 200 for response in responses)
    states = [response.json()["is_completed"] for response in responses]
    # Each toggle saw the previous one's result: exactly half ended true, half false, and the final
    # state is the starting one (an even number of toggles).
    assert states.count(True) == 25 and states.count(False) == 25
    final = await client.get(f"{TODOS}/{todo['id']}", headers=alice.headers)
    assert final.json()["is_completed"] is False


async def test_concurrent_creates_all_land(client: httpx.AsyncClient, alice: Caller) -> None:
    responses = await asyncio.gather(
        *(client.post(TODOS, json={"title": f"t{n}"}, headers=alice.headers) for n in range(30))
    )
    assert all(response.status_code == 201 for response in responses)
    assert len({response.json()["id"] for response in responses}) == 30
    page = (await client.get(TODOS, headers=alice.headers)).json()
    assert page["total"] == 30
