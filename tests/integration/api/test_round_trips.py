"""The round-trip budget: one SQL statement per authenticated request, none for a rejected token.

Counted twice: on the client side with asyncpg's query logger on every pooled connection, and, where the
server has pg_stat_statements loaded (the throwaway Debian cluster), on the server side, which also sees
any BEGIN/COMMIT or session-reset statement.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import asyncpg
import httpx
import pytest
from todos_api.db.dburl import parse_database_url
from todos_api.db.pool import Database
from todos_api.feed.feed_cursor import Cursor, CursorCodec

from tests.integration.api.helpers import TODOS, Caller, Users, cursor_codec, make_settings, running_app
from tests.integration.api.test_labels import LABELS
from tests.support.tokens import JwksServer

pytestmark = pytest.mark.pgbouncer  # also through PgBouncer: see conftest.py

# The cursor codec of the apps on this database (their key is in api_secret), set by the autouse fixture.
CODECS: list[CursorCodec] = []


@pytest.fixture(autouse=True)
async def feed_codec(admin: asyncpg.Connection) -> None:
    CODECS[:] = [await cursor_codec(admin)]


def _since(who: Caller, issued: int) -> dict[str, str]:
    return {"since": CODECS[0].seal(Cursor(1, 0, issued), who.user_id)}


Request = Callable[[httpx.AsyncClient, Caller, int], Awaitable[httpx.Response]]
_HEADERS = {"KEY": "Idempotency-Key", "MATCH": "If-Match", "NONE_MATCH": "If-None-Match"}


def _with(who: Caller, **headers: str) -> dict[str, str]:
    return {**who.headers, **{_HEADERS[name]: value for name, value in headers.items()}}


def _any_version(todo_id: int) -> str:
    """An If-Match that holds whatever the earlier requests did to the todo."""
    return ", ".join(f'"{todo_id}-{version}"' for version in range(1, 100))


TASK_FIELDS = {
    "title": "rent",
    "due_string": "every 1st 9am",
    "timezone": "Europe/Berlin",
    "priority": 1,
    "labels": ["bills"],
}
REQUESTS: dict[str, Request] = {
    "list": lambda c, who, _id: c.get(TODOS, params={"q": "x", "completed": "false"}, headers=who.headers),
    "create": lambda c, who, _id: c.post(TODOS, json={"title": "t"}, headers=who.headers),
    "get": lambda c, who, id_: c.get(f"{TODOS}/{id_}", headers=who.headers),
    "update": lambda c, who, id_: c.put(f"{TODOS}/{id_}", json={"title": "u"}, headers=who.headers),
    # The due is read in Python before the statement: the task fields add no statement.
    "create with task fields": lambda c, who, _id: c.post(TODOS, json=TASK_FIELDS, headers=who.headers),
    "update task fields": lambda c, who, id_: c.put(f"{TODOS}/{id_}", json=TASK_FIELDS, headers=who.headers),
    "create with task fields keyed": lambda c, who, _id: c.post(
        TODOS, json=TASK_FIELDS, headers=_with(who, KEY="rt-fields")
    ),
    "toggle": lambda c, who, id_: c.patch(f"{TODOS}/{id_}/complete", headers=who.headers),
    "set": lambda c, who, id_: c.patch(
        f"{TODOS}/{id_}/complete", json={"is_completed": True}, headers=who.headers
    ),
    "missing": lambda c, who, _id: c.get(f"{TODOS}/999999999", headers=who.headers),
    # The conditional and idempotency headers keep it at one statement, on every path they open.
    "create keyed": lambda c, who, _id: c.post(TODOS, json={"title": "k"}, headers=_with(who, KEY="rt")),
    "create replayed": lambda c, who, _id: c.post(TODOS, json={"title": "k"}, headers=_with(who, KEY="rt")),
    "create key reused": lambda c, who, _id: c.post(TODOS, json={"title": "x"}, headers=_with(who, KEY="rt")),
    "toggle keyed": lambda c, who, id_: c.patch(
        f"{TODOS}/{id_}/complete", headers=_with(who, KEY="rt-toggle", MATCH=_any_version(id_))
    ),
    "toggle replayed": lambda c, who, id_: c.patch(
        f"{TODOS}/{id_}/complete", headers=_with(who, KEY="rt-toggle", MATCH=_any_version(id_))
    ),
    "toggle keyed, stale": lambda c, who, id_: c.patch(
        f"{TODOS}/{id_}/complete", headers=_with(who, KEY=f"rt-{id_}", MATCH=f'"{id_}-0"')
    ),
    "get not modified": lambda c, who, id_: c.get(f"{TODOS}/{id_}", headers=_with(who, NONE_MATCH="*")),
    "update if-match": lambda c, who, id_: c.put(
        f"{TODOS}/{id_}", json={"title": "v"}, headers=_with(who, MATCH=_any_version(id_))
    ),
    "update stale": lambda c, who, id_: c.put(
        f"{TODOS}/{id_}", json={"title": "w"}, headers=_with(who, MATCH=f'"{id_}-0"')
    ),
    "delete stale": lambda c, who, id_: c.delete(f"{TODOS}/{id_}", headers=_with(who, MATCH=f'"{id_}-0"')),
    "changes": lambda c, who, _id: c.get(f"{TODOS}/changes", params={"limit": 2}, headers=who.headers),
    "changes since": lambda c, who, _id: c.get(
        f"{TODOS}/changes", params=_since(who, int(time.time())), headers=who.headers
    ),
    "changes expired": lambda c, who, _id: c.get(
        f"{TODOS}/changes", params=_since(who, 1), headers=who.headers
    ),
    # HEAD runs the GET handler: the same one statement.
    "head list": lambda c, who, _id: c.head(TODOS, headers=who.headers),
    "head get": lambda c, who, id_: c.head(f"{TODOS}/{id_}", headers=who.headers),
    "head changes": lambda c, who, _id: c.head(f"{TODOS}/changes", headers=who.headers),
    "labels": lambda c, who, _id: c.get(LABELS, headers=who.headers),
    "head labels": lambda c, who, _id: c.head(LABELS, headers=who.headers),
    "delete": lambda c, who, id_: c.delete(f"{TODOS}/{id_}", headers=_with(who, MATCH=_any_version(id_))),
    "trash": lambda c, who, _id: c.get(TODOS, params={"trashed": "true"}, headers=who.headers),
    "restore": lambda c, who, id_: c.post(
        f"{TODOS}/{id_}/restore", headers=_with(who, MATCH=_any_version(id_))
    ),
    # Every write takes a key: its first run and its replay are one statement each too.
    "update keyed": lambda c, who, id_: c.put(
        f"{TODOS}/{id_}", json={"title": "k"}, headers=_with(who, KEY=f"rt-u{id_}", MATCH=_any_version(id_))
    ),
    "update replayed": lambda c, who, id_: c.put(
        f"{TODOS}/{id_}", json={"title": "k"}, headers=_with(who, KEY=f"rt-u{id_}", MATCH=_any_version(id_))
    ),
    "delete keyed": lambda c, who, id_: c.delete(
        f"{TODOS}/{id_}", headers=_with(who, KEY=f"rt-delete-{id_}", MATCH=_any_version(id_))
    ),
    "delete replayed": lambda c, who, id_: c.delete(
        f"{TODOS}/{id_}", headers=_with(who, KEY=f"rt-delete-{id_}", MATCH=_any_version(id_))
    ),
    "restore keyed": lambda c, who, id_: c.post(
        f"{TODOS}/{id_}/restore", headers=_with(who, KEY=f"rt-restore-{id_}", MATCH=_any_version(id_))
    ),
    "restore replayed": lambda c, who, id_: c.post(
        f"{TODOS}/{id_}/restore", headers=_with(who, KEY=f"rt-restore-{id_}", MATCH=_any_version(id_))
    ),
    "delete permanent stale": lambda c, who, id_: c.delete(
        f"{TODOS}/{id_}", params={"permanent": "true"}, headers=_with(who, MATCH=f'"{id_}-0"')
    ),
    "delete permanent keyed": lambda c, who, id_: c.delete(
        f"{TODOS}/{id_}", params={"permanent": "true"}, headers=_with(who, KEY=f"rt-purge-{id_}")
    ),
    "delete permanent replayed": lambda c, who, id_: c.delete(
        f"{TODOS}/{id_}", params={"permanent": "true"}, headers=_with(who, KEY=f"rt-purge-{id_}")
    ),
}

# What each request must answer in test_each_authenticated_request_is_one_statement (run in this order), so
# that the count is the one of the path named: a replay, a 412, a 304.
EXPECTED_STATUS = {"create keyed": 201, "create replayed": 201, "create key reused": 422, "toggle keyed": 200}
EXPECTED_STATUS |= {"toggle replayed": 200, "toggle keyed, stale": 412, "get not modified": 304}
EXPECTED_STATUS |= {"update if-match": 200, "update stale": 412, "delete stale": 412, "delete": 204}
EXPECTED_STATUS |= {
    "changes": 200,
    "changes since": 200,
    "changes expired": 410,
    "trash": 200,
    "restore": 200,
}
EXPECTED_STATUS |= {"labels": 200, "head labels": 200}
EXPECTED_STATUS |= {"head list": 200, "head get": 200, "head changes": 200, "delete permanent": 204}

_KEYED_200 = ("update keyed", "update replayed", "restore keyed", "restore replayed")
EXPECTED_STATUS |= dict.fromkeys(_KEYED_200, 200)
EXPECTED_STATUS |= {"delete keyed": 204, "delete replayed": 204, "delete permanent stale": 412}
EXPECTED_STATUS |= {"delete permanent keyed": 204, "delete permanent replayed": 204}


class StatementLog:
    def __init__(self) -> None:
        self.queries: list[str] = []

    async def attach(self, connection: asyncpg.Connection) -> None:
        connection.add_query_logger(lambda record: self.queries.append(record.query))


@pytest.fixture
async def counted(
    database_url: str, jwks: JwksServer, db_settings: dict[str, Any]
) -> AsyncIterator[tuple[httpx.AsyncClient, StatementLog]]:
    log = StatementLog()
    settings = make_settings(database_url, jwks.url, **db_settings)
    database = Database(parse_database_url(database_url), settings, on_connect=log.attach)
    async with running_app(settings, database) as app:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as client:
            yield client, log


async def test_each_authenticated_request_is_one_statement(
    counted: tuple[httpx.AsyncClient, StatementLog], users: Users
) -> None:
    client, log = counted
    caller = await users.create()
    todo_id = (await client.post(TODOS, json={"title": "warm"}, headers=caller.headers)).json()["id"]
    for name, send in REQUESTS.items():
        log.queries.clear()
        response = await send(client, caller, todo_id)
        assert response.status_code < 500, (name, response.text)
        assert response.status_code == EXPECTED_STATUS.get(name, response.status_code), name
        replayed = response.headers.get("idempotent-replayed") == "true"
        assert replayed == name.endswith("replayed"), name
        assert len(log.queries) == 1, (name, log.queries)


async def test_feed_key_kept_in_the_database_is_read_at_startup_not_per_request(
    database_url: str, jwks: JwksServer, db_settings: dict[str, Any], users: Users
) -> None:
    log = StatementLog()
    settings = make_settings(database_url, jwks.url, **db_settings)  # no CURSOR_SECRET: the database's
    database = Database(parse_database_url(database_url), settings, on_connect=log.attach)
    caller = await users.create()
    async with running_app(settings, database) as app:
        assert len(log.queries) == 1  # the key, once
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            for _ in range(2):
                log.queries.clear()
                response = await client.get(f"{TODOS}/changes", headers=caller.headers)
                assert response.status_code == 200 and len(log.queries) == 1
                since = {"since": response.json()["next_cursor"]}
                log.queries.clear()
                response = await client.get(f"{TODOS}/changes", params=since, headers=caller.headers)
                assert response.status_code == 200 and len(log.queries) == 1


async def test_rejected_tokens_cost_no_statement(
    counted: tuple[httpx.AsyncClient, StatementLog], users: Users
) -> None:
    client, log = counted
    caller = await users.create()
    expired = users.token_for(caller.user_id, caller.session_id, exp=1)
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": f"Bearer {expired}"}):
        log.queries.clear()
        response = await client.get(TODOS, headers=headers)
        assert response.status_code == 401
        assert log.queries == []


async def test_server_sees_one_statement_per_request(
    client: httpx.AsyncClient, admin: asyncpg.Connection, users: Users
) -> None:
    try:
        await admin.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        await admin.fetchval("SELECT count(*) FROM pg_stat_statements")
    except asyncpg.PostgresError as err:
        pytest.skip(f"pg_stat_statements is not loaded on this server: {err}")
    caller = await users.create()
    todo_id = (await client.post(TODOS, json={"title": "warm"}, headers=caller.headers)).json()["id"]
    for send in REQUESTS.values():  # warm every statement up (prepare happens once per connection)
        await send(client, caller, todo_id)
    todo_id = (await client.post(TODOS, json={"title": "again"}, headers=caller.headers)).json()["id"]

    calls = (
        "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements "
        "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
    )
    before = await admin.fetchval(calls)
    for send in REQUESTS.values():
        await send(client, caller, todo_id)
    after = await admin.fetchval(calls)
    # +1: the first `calls` query itself is counted when it finishes.
    assert after - before == len(REQUESTS) + 1
