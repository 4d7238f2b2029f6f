"""Live updates: one LISTEN connection per API process, fanned out to the open event streams.

Every write statement notifies ``queries.CHANNEL`` with ``"<user id> <xid>"`` (delivered at commit, to every
process listening, so replicas see each other's writes). The hub wakes that user's streams; each then reads
the change feed after its own cursor (one statement) and sends what it finds. A notified change may still be
behind the feed's horizon (an older transaction is running, queries_changes.py); the stream then reads again
shortly until its cursor has passed the notified xid.

The LISTEN connection reconnects after a failure (with backoff) and then wakes every stream, since
notifications sent meanwhile are lost. With ``EVENTS_LISTEN=off`` (PgBouncer in transaction mode, where
LISTEN does not work) there is no connection: streams read the feed every ``EVENTS_POLL_SECONDS``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Iterator

import asyncpg

from todos_api.core.config import Settings
from todos_api.core.errors import TooManyStreams
from todos_api.db.pool import Database
from todos_api.db.queries import CHANNEL

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
    """One open stream: woken by its user's notifications; ``pending`` is the newest xid notified."""

    def __init__(self, user_id: str) -> None:
        self.user_id = user_id
        self.wake = asyncio.Event()
        self.pending = 0
        self.closed = False

    def notify(self, xid: int) -> None:
        self.pending = max(self.pending, xid)
        self.wake.set()


class Hub:
    def __init__(self, database: Database, settings: Settings) -> None:
        self._database = database
        self.settings = settings
        self.listening = settings.events_listen
        self._streams: dict[str, set[Subscription]] = defaultdict(set)
        self._task: asyncio.Task[None] | None = None
        self._stopped = asyncio.Event()
        self.connected = asyncio.Event()  # set while the LISTEN connection is up (tests wait on it)

    async def start(self) -> None:
        _HUBS.add(self)
        if self.listening:
            self._task = asyncio.create_task(self._listen_forever(), name="todos-listen")

    async def stop(self) -> None:
        _HUBS.discard(self)
        self.close_streams()
        self._stopped.set()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def close_streams(self) -> None:
        for subscription in self._all():
            subscription.closed = True
            subscription.wake.set()

    def _all(self) -> Iterator[Subscription]:
        for streams in list(self._streams.values()):
            yield from list(streams)

    @contextlib.contextmanager
    def subscribe(self, user_id: str) -> Iterator[Subscription]:
        streams = self._streams[user_id]
        if len(streams) >= self.settings.events_max_streams_per_user:
            raise TooManyStreams()
        subscription = Subscription(user_id)
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
