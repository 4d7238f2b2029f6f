"""Live updates: one LISTEN connection per API process, fanned out to the open event streams.

Every write statement notifies ``queries.CHANNEL`` with ``"<user id> <xid>"`` (delivered at commit, to every
process listening, so replicas see each other's writes). The hub wakes that user's streams; each then reads
the change feed after its own cursor (one statement) and sends what it finds. A notified change may still be
behind the feed's horizon (an older transaction is running, queries_changes.py); the stream then reads again
shortly until its cursor has passed the notified xid.

The LISTEN connection reconnects after a failure (with backoff) and then wakes every stream, since
notifications sent meanwhile are lost. With ``EVENTS_LISTEN=off`` (PgBouncer in transaction mode, where
LISTEN does not work) there is no connection: streams read the feed every ``EVENTS_POLL_SECONDS``.

Every ``EVENTS_SESSION_CHECK_SECONDS`` the hub asks, in one statement for all its open streams, which of their
identities are still live (``queries.LIVE_IDENTITIES``: the user exists and the token's session, when it
names one, is neither deleted nor expired); the streams of the others end with a ``reauthenticate`` event.
So a sign-out or a revoked API key (its session row is deleted) ends a stream within seconds, at one
statement per process per interval however many streams are open.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import defaultdict
from collections.abc import Iterator

import asyncpg

from todos_api.auth.claims import Identity
from todos_api.core.config import Settings
from todos_api.core.errors import ApiError, TooManyStreams
from todos_api.db.pool import Database
from todos_api.db.queries import CHANNEL, LIVE_IDENTITIES

log = logging.getLogger(__name__)
RECONNECT_SECONDS = (0.5, 1.0, 2.0, 5.0)
# Re-read delay while a notified change is still behind the feed's horizon.
HORIZON_RETRY_SECONDS = 0.05

# The hubs of this process, so that the HTTP protocol's shutdown can end their streams (http/protocol.py).
_HUBS: set[Hub] = set()


def shut_down_streams() -> None:
    for hub in list(_HUBS):
        hub.close_streams()


class Subscription:
    """One open stream: woken by its user's notifications; ``pending`` is the newest xid notified;
    ``ended`` why its credentials no longer hold (then it ends with a ``reauthenticate`` event)."""

    def __init__(self, identity: Identity) -> None:
        self.identity = identity
        self.wake = asyncio.Event()
        self.pending = 0
        self.closed = False
        self.ended: str | None = None

    def notify(self, xid: int) -> None:
        self.pending = max(self.pending, xid)
        self.wake.set()

    def end(self, reason: str) -> None:
        self.ended = reason
        self.wake.set()


class Hub:
    def __init__(self, database: Database, settings: Settings) -> None:
        self._database = database
        self.settings = settings
        self.listening = settings.events_listen
        self._streams: dict[str, set[Subscription]] = defaultdict(set)
        self._task: asyncio.Task[None] | None = None
        self._checker: asyncio.Task[None] | None = None
        self._stopped = asyncio.Event()
        self.connected = asyncio.Event()  # set while the LISTEN connection is up (tests wait on it)

    async def start(self) -> None:
        _HUBS.add(self)
        if self.listening:
            self._task = asyncio.create_task(self._listen_forever(), name="todos-listen")
        self._checker = asyncio.create_task(self._check_sessions_forever(), name="todos-session-check")

    async def stop(self) -> None:
        _HUBS.discard(self)
        self.close_streams()
        self._stopped.set()
        for task in (self._task, self._checker):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    def close_streams(self) -> None:
        for subscription in self._all():
            subscription.closed = True
            subscription.wake.set()

    def _all(self) -> Iterator[Subscription]:
        for streams in list(self._streams.values()):
            yield from list(streams)

    @contextlib.contextmanager
    def subscribe(self, identity: Identity) -> Iterator[Subscription]:
        user_id = identity.user_id
        streams = self._streams[user_id]
        if len(streams) >= self.settings.events_max_streams_per_user:
            raise TooManyStreams()
        subscription = Subscription(identity)
        streams.add(subscription)
        try:
            yield subscription
        finally:
            streams.discard(subscription)
            if not streams:
                self._streams.pop(user_id, None)

    def open_streams(self) -> int:
        return sum(len(streams) for streams in self._streams.values())

    def _on_notification(
        self,
        _connection: asyncpg.Connection | asyncpg.pool.PoolConnectionProxy,
        _pid: int,
        _channel: str,
        payload: object,
    ) -> None:
        user_id, _, xid = str(payload).rpartition(" ")
        for subscription in list(self._streams.get(user_id, ())):
            subscription.notify(int(xid) if xid.isdigit() else 0)

    async def _listen_forever(self) -> None:
        failures = 0
        while not self._stopped.is_set():
            lost = asyncio.Event()
            connection: asyncpg.Connection | None = None
            try:
                connection = await self._database.connect()
                connection.add_termination_listener(lambda _connection, lost=lost: lost.set())
                await connection.add_listener(CHANNEL, self._on_notification)
                self.connected.set()
                failures = 0
                # Notifications sent while we were not listening are lost: every stream reads once now.
                for subscription in self._all():
                    subscription.wake.set()
                await lost.wait()
                log.warning("the LISTEN connection was lost; reconnecting")
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError) as err:
                log.warning("LISTEN connection failed: %s", err)
            finally:
                self.connected.clear()
                if connection is not None and not connection.is_closed():
                    connection.terminate()
            delay = RECONNECT_SECONDS[min(failures, len(RECONNECT_SECONDS) - 1)]
            failures += 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopped.wait(), delay)

    async def check_sessions(self) -> None:
        """End the streams whose user or session is gone: one statement for every open stream's identity."""
        streams = list(self._all())
        identities = {(s.identity.user_id, s.identity.session_id) for s in streams if s.ended is None}
        if not identities:
            return
        try:
            rows = await self._database.fetch(
                LIVE_IDENTITIES, json.dumps(sorted(identities, key=str)), idempotent=True
            )
        except (ApiError, OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as err:
            # Unknown is not gone: a database outage must not end every stream (their reads fail anyway).
            log.warning("could not check the sessions of the open streams: %s", err)
            return
        live = {(row["user_id"], row["session_id"]) for row in rows}
        for subscription in streams:
            if (subscription.identity.user_id, subscription.identity.session_id) not in live:
                subscription.end("session_ended")

    async def _check_sessions_forever(self) -> None:
        interval = self.settings.events_session_check_seconds
        while not self._stopped.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopped.wait(), interval)
            if not self._stopped.is_set():
                await self.check_sessions()
