"""The trash's statements: move to the trash, restore, delete for good; each one statement like every route.

A trashed task keeps its row (and id) with ``deleted_at`` set; every other statement ignores it
(``queries.LIVE``). A task deleted for good leaves a ``todo_tombstone`` row for the change feed. Trash and
restore add 1 to ``version`` (the ETag moves) and take the writing transaction's id as the task's
``change_xid`` (its commit-order position in the feed, queries_changes.py).

Purge without a cron: every trash or permanent delete also deletes the globally oldest tasks trashed more than
``TRASH_DAYS`` ago (tombstones take their place) and the tombstones past the feed's retention, a few each
(``PURGE_PER_WRITE``, ``FOR UPDATE SKIP LOCKED`` so that concurrent purges never wait on each other) — the
way expired idempotency keys are purged (docs/decisions.md). The trash's list and restore already hide tasks
past ``TRASH_DAYS``, so the purge's pace changes storage only, never an answer.
"""

from __future__ import annotations

from todos_api.db.queries import (
    AUTH,
    COLUMNS,
    DID_WORK,
    LIVE,
    TABLE,
    TRASH_DAYS,
    keyed,
    notify,
    version_matches,
)
from todos_api.model.models import CURRENT_XID, TodoTombstone

TOMBSTONES = TodoTombstone.__tablename__
# The change feed answers 410 to a cursor older than this; tombstones stay one day longer, so a cursor just
# inside the retention never misses one written by a transaction still running when the cursor was issued.
RETENTION_DAYS = 30
PURGE_PER_WRITE = 2
_IN_TRASH = f"t.deleted_at > now() - interval '{TRASH_DAYS} days'"


def _purge(spare: str) -> str:
    """CTEs that purge a few expired trashed tasks and tombstones; ``spare``: a todo id this statement owns
    (a task deleted twice in one statement would give two tombstones of one id)."""
    return f"""
purged AS (
    DELETE FROM {TABLE} p WHERE EXISTS (SELECT FROM auth) AND p.id IN (
        SELECT o.id FROM {TABLE} o
        WHERE o.deleted_at < now() - interval '{TRASH_DAYS} days' AND o.id <> {spare}
        ORDER BY o.deleted_at LIMIT {PURGE_PER_WRITE} FOR UPDATE SKIP LOCKED)
    RETURNING p.id, p.user_id
),
buried AS (INSERT INTO {TOMBSTONES} (id, user_id) SELECT id, user_id FROM purged),
forgotten AS (
    DELETE FROM {TOMBSTONES} b WHERE EXISTS (SELECT FROM auth) AND b.id IN (
        SELECT o.id FROM {TOMBSTONES} o
        WHERE o.deleted_at < now() - interval '{RETENTION_DAYS + 1} days'
        ORDER BY o.deleted_at LIMIT {PURGE_PER_WRITE} FOR UPDATE SKIP LOCKED)
)"""


def _current_version(written: str, where: str, also: str = "") -> str:
    """As ``queries._current_version``, for the rows this statement may touch (``where`` on ``c``)."""
    return f"""CASE WHEN {written}.id IS NULL AND $4::text IS NOT NULL{also} THEN (
           SELECT c.version FROM {TABLE} c WHERE c.id = $3 AND c.user_id = auth.id AND {where} FOR SHARE
       ) END AS current_version"""


# Each write below: $3 todo id, $4 If-Match versions (text) or NULL; its keyed twin (queries.keyed) adds
# $5 the Idempotency-Key and $6 its fingerprint. A delete's stored answer is the deleted row's id (a replay
# answers 204 again).
KEY = 5


def _trash_work(caller: str) -> str:
    return f"""
    UPDATE {TABLE} t SET deleted_at = now(), version = t.version + 1, change_xid = {CURRENT_XID}
    FROM {caller}
    WHERE t.id = $3 AND t.user_id = {caller}.id AND {LIVE} AND {version_matches(4)}
    RETURNING t.id, t.user_id"""


_TRASH_CHECK = "c.deleted_at IS NULL"
TRASH_TODO = f"""
WITH {AUTH},
trashed AS ({_trash_work("auth")}
),{_purge("$3")}
SELECT auth.id AS auth_user_id, trashed.id, {_current_version("trashed", _TRASH_CHECK)},
       {notify("trashed")}
FROM auth LEFT JOIN trashed ON true
"""
TRASH_TODO_KEYED = keyed(
    KEY,
    "trashed",
    _trash_work("go"),
    204,
    f",\n       {_current_version('trashed', _TRASH_CHECK, DID_WORK)}",
    _purge("$3"),
)


# Live or trashed alike.
def _delete_work(caller: str) -> str:
    return f"""
    DELETE FROM {TABLE} t USING {caller}
    WHERE t.id = $3 AND t.user_id = {caller}.id AND {version_matches(4)}
    RETURNING t.id, t.user_id"""


_TOMBSTONE = f"""
tombstone AS (INSERT INTO {TOMBSTONES} (id, user_id) SELECT id, user_id FROM deleted),"""
DELETE_TODO_PERMANENTLY = f"""
WITH {AUTH},
deleted AS ({_delete_work("auth")}
),{_TOMBSTONE}{_purge("$3")}
SELECT auth.id AS auth_user_id, deleted.id, {_current_version("deleted", "true")}, {notify("deleted")}
FROM auth LEFT JOIN deleted ON true
"""
DELETE_TODO_PERMANENTLY_KEYED = keyed(
    KEY,
    "deleted",
    _delete_work("go"),
    204,
    f",\n       {_current_version('deleted', 'true', DID_WORK)}",
    _TOMBSTONE + _purge("$3"),
)

# Restoring a live task changes nothing and answers it, so a retried restore is harmless.
_WAS_TRASHED = "t.deleted_at IS NOT NULL"


def _restore_work(caller: str) -> str:
    return f"""
    UPDATE {TABLE} t SET
        deleted_at = NULL,
        version = t.version + CASE WHEN {_WAS_TRASHED} THEN 1 ELSE 0 END,
        change_xid = CASE WHEN {_WAS_TRASHED} THEN {CURRENT_XID} ELSE t.change_xid END
    FROM {caller}
    WHERE t.id = $3 AND t.user_id = {caller}.id AND ({LIVE} OR {_IN_TRASH}) AND {version_matches(4)}
    RETURNING {COLUMNS}"""


_RESTORE_CHECK = f"({_IN_TRASH.replace('t.', 'c.')} OR c.deleted_at IS NULL)"
RESTORE_TODO = f"""
WITH {AUTH},
restored AS ({_restore_work("auth")}
)
SELECT auth.id AS auth_user_id, restored.*, {notify("restored")},
       {_current_version("restored", _RESTORE_CHECK)}
FROM auth LEFT JOIN restored ON true
"""
RESTORE_TODO_KEYED = keyed(
    KEY,
    "restored",
    _restore_work("go"),
    200,
    f",\n       {_current_version('restored', _RESTORE_CHECK, DID_WORK)}",
)
