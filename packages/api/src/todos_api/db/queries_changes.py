"""The change feed's statement: one user's changes after a cursor, in commit order (docs/decisions.md).

Every write stores its transaction's id (``pg_current_xact_id()``, xid8 as bigint) in the task's
``change_xid`` (tombstones likewise). Transaction ids are handed out when a transaction first writes, not
when it commits, so a slow transaction can commit a *smaller* id after a larger one was already read. The
feed therefore only returns rows whose ``change_xid`` is below the ``xmin`` of its own snapshot
(``pg_snapshot_xmin(pg_current_snapshot())``): every transaction below ``xmin`` has ended, so those rows are
final and visible, and every transaction that writes later gets an id of at least that ``xmin``. Rows come in
``(change_xid, id)`` order and the cursor is that pair: nothing below it can appear afterwards, so a poller
misses nothing and sees nothing twice. A task changed again moves to its new position (the feed gives each
task's newest state once, like Todoist's sync).

Parameters: ``$3``/``$4`` the cursor's (xid, id), ``$5`` rows to read (limit + 1: one more tells whether
there are more), ``$6`` the cursor's time (NULL without a cursor) — older than the retention → ``expired``.
"""

from __future__ import annotations

from todos_api.db.queries import AUTH, FIELDS, TABLE, columns
from todos_api.db.queries_trash import RETENTION_DAYS, TOMBSTONES

_AFTER = "(r.change_xid, r.id) > ($3::bigint, $4::bigint) AND r.change_xid < horizon.xmin"
_TASK_COLUMNS = columns("r")
# A tombstone has no task: typed NULLs, so that the UNION with the tasks' columns resolves.
_NULL_TYPES = {"title": "text", "description": "text", "is_completed": "boolean", "user_id": "text"}
_NULL_TYPES |= {"created_at": "timestamptz", "updated_at": "timestamptz", "version": "bigint"}
_NULL_TYPES |= {"priority": "smallint", "labels": "json", "completed_at": "timestamptz", "due_date": "date"}
_NULL_TYPES |= {"due_datetime": "timestamptz", "due_timezone": "text", "due_string": "text"}
_NULL_TYPES |= {"due_rrule": "text", "due_from_completion": "boolean"}
_NO_TASK = ", ".join(
    "r.deleted_at" if name == "deleted_at" else f"NULL::{_NULL_TYPES[name]} AS {name}" for name in FIELDS[1:]
)

CHANGES = f"""
WITH {AUTH},
horizon AS (
    SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin, now() AS read_at,
           COALESCE($6::timestamptz < now() - interval '{RETENTION_DAYS} days', false) AS expired
),
tasks AS (
    SELECT r.change_xid, false AS permanent, {_TASK_COLUMNS}
    FROM {TABLE} r, auth, horizon
    WHERE r.user_id = auth.id AND NOT horizon.expired AND {_AFTER}
    ORDER BY r.change_xid, r.id LIMIT $5
),
tombstones AS (
    SELECT r.change_xid, true AS permanent, r.id, {_NO_TASK}
    FROM {TOMBSTONES} r, auth, horizon
    WHERE r.user_id = auth.id AND NOT horizon.expired AND {_AFTER}
    ORDER BY r.change_xid, r.id LIMIT $5
)
SELECT auth.id AS auth_user_id, horizon.xmin, horizon.read_at, horizon.expired, page.*
FROM auth CROSS JOIN horizon
LEFT JOIN LATERAL (
    SELECT * FROM (SELECT * FROM tasks UNION ALL SELECT * FROM tombstones) u
    ORDER BY u.change_xid, u.id LIMIT $5
) page ON true
ORDER BY page.change_xid, page.id
"""
