"""The SQL of every authenticated request: one statement each, so one round trip each.

Every statement opens with the ``auth`` CTE, which yields the caller's user id only while the identity is
still valid: ``"user".id = sub`` and, when the token names a Better Auth session (``sid``), that session
exists, belongs to ``sub`` and has not expired. The work is LEFT JOINed to it, so the single result tells
the three outcomes apart: no row → 401 (user or session gone), a row whose todo columns are NULL → 404,
otherwise the todo. Each statement runs alone in autocommit mode, which makes it atomic without
BEGIN/COMMIT round trips.

Parameters: ``$1`` user id (``sub``), ``$2`` session id (``sid`` or NULL), then per statement.
"""

from __future__ import annotations

from todos_api.model.etag import DUE_COLUMNS
from todos_api.model.models import CURRENT_XID, Todo
from todos_api.model.schemas import TodoSort

TABLE = Todo.__tablename__
# The task's columns as every statement returns them; the answer's shape is model/etag.py's tagged_todo.
FIELDS = (
    "id",
    "title",
    "description",
    "is_completed",
    "user_id",
    "created_at",
    "updated_at",
    "version",
    "deleted_at",
    "priority",
    "labels",
    "completed_at",
    *DUE_COLUMNS,
)
# A trashed task is invisible to every statement but the trash's own (queries_trash.py).
LIVE = "t.deleted_at IS NULL"
# `labels` as json, not text[]: an array column costs asyncpg a type introspection (three statements) on
# every new connection, as an array parameter does (version_matches); json is decoded as text.
_AS_SELECTED = {"labels": "array_to_json({t}.labels) AS labels"}


def columns(alias: str) -> str:
    """FIELDS as a select list of the table as ``alias``."""
    return ", ".join(_AS_SELECTED.get(name, "{t}." + name).format(t=alias) for name in FIELDS)


COLUMNS = columns("t")

# Better Auth's tables use camelCase column names, hence the quotes.
AUTH = """
auth AS (
    SELECT u.id FROM "user" u
    WHERE u.id = $1
      AND ($2::text IS NULL OR EXISTS (
            SELECT 1 FROM "session" s
            WHERE s.id = $2 AND s."userId" = u.id AND s."expiresAt" > now()))
)"""


# Which of the identities of the open event streams (a JSON array of [user id, session id or null]) are still
# live, by the rule of AUTH: one statement per API process per EVENTS_SESSION_CHECK_SECONDS (live.py).
LIVE_IDENTITIES = """
SELECT e->>0 AS user_id, e->>1 AS session_id
FROM json_array_elements($1::json) e
WHERE EXISTS (
    SELECT 1 FROM "user" u
    WHERE u.id = e->>0
      AND (e->>1 IS NULL OR EXISTS (
            SELECT 1 FROM "session" s
            WHERE s.id = e->>1 AND s."userId" = u.id AND s."expiresAt" > now())))
"""


# LISTEN/NOTIFY channel of the live updates (live.py). Every write statement sends `<user id> <xid>` on it
# when it wrote; PostgreSQL delivers a notification at commit, to every API process listening.
CHANNEL = "todo_changes"


def notify(written: str) -> str:
    """A result column that notifies the channel when ``written`` has a row (``void`` as text: '')."""
    return f"""CASE WHEN {written}.id IS NOT NULL
            THEN length(pg_notify('{CHANNEL}', auth.id || ' ' || {CURRENT_XID})::text) END AS notified"""


def version_matches(param: int) -> str:
    """The If-Match condition: ``$param`` lists the versions its entity tags name ("3,4"; "" none), NULL
    for no condition. Text rather than ``bigint[]``: an array parameter costs asyncpg a type introspection
    (three statements) on every new connection.

    In READ COMMITTED, a row that a concurrent statement changed is re-checked against its newest version
    after that statement commits, so of N writers holding the same ETag exactly one wins.
    """
    return f"(${param}::text IS NULL OR t.version = ANY(string_to_array(${param}, ',')::bigint[]))"


def _current_version(written: str, param: int, also: str = "") -> str:
    """``current_version``: when an If-Match write did not happen, the newest version (NULL: no todo).

    ``FOR SHARE`` waits for a concurrent writer and then reads the version it committed, so a 412 carries
    the ETag that is current, not the one of this statement's snapshot. Evaluated only on that path.
    """
    return f"""CASE WHEN {written}.id IS NULL AND ${param}::text IS NOT NULL{also} THEN (
           SELECT c.version FROM {TABLE} c
           WHERE c.id = $3 AND c.user_id = auth.id AND c.deleted_at IS NULL FOR SHARE
       ) END AS current_version"""


GET_TODO = f"""
WITH {AUTH}
SELECT auth.id AS auth_user_id, {COLUMNS}
FROM auth LEFT JOIN {TABLE} t ON t.id = $3 AND t.user_id = auth.id AND {LIVE}
"""


# A task's due date arrives as one jsonb parameter (todos/task_fields.py: the Due that todos_api.due read
# from the phrase in Python, before the statement) or NULL (none); labels as a json array of names. Both
# jsonb/json, not arrays or six typed parameters: no type introspection, and the keyed statement's
# parameters stay few.
def _due_values(param: int) -> list[str]:
    """The due columns' values (DUE_COLUMNS order) from the jsonb parameter ``$param`` (NULL: all NULL)."""
    due = f"${param}::jsonb"
    return [
        f"({due}->>'date')::date",
        f"({due}->>'datetime')::timestamptz",
        f"{due}->>'timezone'",
        f"{due}->>'string'",
        f"{due}->>'rrule'",
        f"COALESCE(({due}->>'from_completion')::boolean, false)",
    ]


def _labels(param: int) -> str:
    return f"ARRAY(SELECT json_array_elements_text(${param}::json))"


_DUE_LIST = ", ".join(DUE_COLUMNS)
_DUE_FROM_5 = ", ".join(_due_values(5))


# $3 title, $4 description, $5 due (jsonb) or NULL, $6 priority, $7 labels (json array)
def _create_work(caller: str) -> str:
    return f"""
    INSERT INTO {TABLE} AS t (title, description, user_id, priority, labels, {_DUE_LIST})
    SELECT $3::text, $4::text, {caller}.id, $6::smallint, {_labels(7)}, {_DUE_FROM_5} FROM {caller}
    RETURNING {COLUMNS}"""


CREATE_TODO = f"""
WITH {AUTH},
created AS ({_create_work("auth")}
)
SELECT auth.id AS auth_user_id, created.*, {notify("created")} FROM auth LEFT JOIN created ON true
"""

# $3 todo id, $4 title or NULL (unchanged), $5 description, $6 whether description was given,
# $7 is_completed or NULL (unchanged), $8 the versions If-Match accepts (text) or NULL (no condition),
# $9 whether due_string was given, $10 the new due (jsonb) or NULL (cleared), $11 priority or NULL
# (unchanged), $12 labels (json array) or NULL (unchanged).
# updated_at and version move only when a value really changes, so repeating the same PUT is a no-op.
_NEW_TITLE = "COALESCE($4::text, t.title)"
_NEW_DESCRIPTION = "CASE WHEN $6::boolean THEN $5::text ELSE t.description END"
_NEW_COMPLETED = "COALESCE($7::boolean, t.is_completed)"
_NEW_PRIORITY = "COALESCE($11::smallint, t.priority)"
_NEW_LABELS = f"CASE WHEN $12::json IS NULL THEN t.labels ELSE {_labels(12)} END"
_NEW_DUE = {
    name: f"CASE WHEN $9::boolean THEN {value} ELSE t.{name} END"
    for name, value in zip(DUE_COLUMNS, _due_values(10), strict=True)
}
_SET_DUE = "".join(f"\n        {name} = {value}," for name, value in _NEW_DUE.items())
_PUT_CHANGES = f"""({_NEW_TITLE}, {_NEW_DESCRIPTION}, {_NEW_COMPLETED}, {_NEW_PRIORITY}, {_NEW_LABELS},
                  {", ".join(_NEW_DUE.values())})
                 IS DISTINCT FROM (t.title, t.description, t.is_completed, t.priority, t.labels,
                  {", ".join(f"t.{name}" for name in DUE_COLUMNS)})"""


def completed_at(new_state: str) -> str:
    """``completed_at`` for the completion state ``new_state``: now when it becomes completed, NULL when
    it is open, unchanged when it stays completed."""
    return f"""CASE WHEN NOT {new_state} THEN NULL
                        WHEN t.is_completed THEN t.completed_at ELSE now() END"""


def _update_work(caller: str) -> str:
    """The PUT's UPDATE, for the caller's row of ``caller`` (``auth``, or ``go`` in the keyed statement)."""
    return f"""
    UPDATE {TABLE} t SET
        title = {_NEW_TITLE},
        description = {_NEW_DESCRIPTION},
        is_completed = {_NEW_COMPLETED},
        completed_at = {completed_at(_NEW_COMPLETED)},
        priority = {_NEW_PRIORITY},
        labels = {_NEW_LABELS},{_SET_DUE}
        updated_at = CASE WHEN {_PUT_CHANGES} THEN now() ELSE t.updated_at END,
        version = t.version + CASE WHEN {_PUT_CHANGES} THEN 1 ELSE 0 END,
        change_xid = CASE WHEN {_PUT_CHANGES} THEN {CURRENT_XID} ELSE t.change_xid END
    FROM {caller}
    WHERE t.id = $3 AND t.user_id = {caller}.id AND {LIVE} AND {version_matches(8)}
    RETURNING {COLUMNS}"""


UPDATE_TODO = f"""
WITH {AUTH},
updated AS ({_update_work("auth")}
)
SELECT auth.id AS auth_user_id, updated.*, {_current_version("updated", 8)}, {notify("updated")}
FROM auth LEFT JOIN updated ON true
"""

# $3 todo id, $4 the state to set, or NULL to toggle, $5 If-Match versions (text) or NULL.
# `NOT t.is_completed` reads the row under its lock, so concurrent toggles serialize (no lost update).
_NEW_STATE = "COALESCE($4::boolean, NOT t.is_completed)"
_COMPLETE_SET = f"""
        is_completed = {_NEW_STATE},
        completed_at = {completed_at(_NEW_STATE)},
        updated_at = CASE WHEN {_NEW_STATE} IS DISTINCT FROM t.is_completed
                          THEN now() ELSE t.updated_at END,
        version = t.version + CASE WHEN {_NEW_STATE} IS DISTINCT FROM t.is_completed THEN 1 ELSE 0 END,
        change_xid = CASE WHEN {_NEW_STATE} IS DISTINCT FROM t.is_completed
                          THEN {CURRENT_XID} ELSE t.change_xid END"""


def _complete_work(caller: str) -> str:
    return f"""
    UPDATE {TABLE} t SET {_COMPLETE_SET}
    FROM {caller}
    WHERE t.id = $3 AND t.user_id = {caller}.id AND {LIVE} AND {version_matches(5)}
    RETURNING {COLUMNS}"""


COMPLETE_TODO = f"""
WITH {AUTH},
updated AS ({_complete_work("auth")}
)
SELECT auth.id AS auth_user_id, updated.*, {_current_version("updated", 5)}, {notify("updated")}
FROM auth LEFT JOIN updated ON true
"""

# Each sort is (key column, direction), ties broken by id in the same direction, so that one composite index
# per key serves it both ways (migration 0003) and a cursor is a row comparison on that index.
SORTS = {
    TodoSort.CREATED_AT_DESC: ("created_at", "DESC"),
    TodoSort.CREATED_AT_ASC: ("created_at", "ASC"),
    TodoSort.UPDATED_AT_DESC: ("updated_at", "DESC"),
    TodoSort.UPDATED_AT_ASC: ("updated_at", "ASC"),
    TodoSort.TITLE_ASC: ("title", "ASC"),
    TodoSort.TITLE_DESC: ("title", "DESC"),
}
_KEY_TYPES = {"created_at": "timestamptz", "updated_at": "timestamptz", "title": "text"}

# `total` counts at most this many rows and says when it stopped (`total_is_exact`): an exact count of a
# 200k-task list reads all of its index entries on every page (docs/decisions.md, "exact up to a bound").
TOTAL_BOUND = 10_000

# $3 completed filter or NULL, $4 ILIKE pattern or NULL, $7 the trash (true) or the live tasks (false).
# `t.user_id = $1` rather than `= auth.id` (equal whenever auth yields a row): the planner then knows whose
# rows it reads, and plans a 200k-task user's list differently from a 20-task one's. The trash lists what it
# still holds: tasks trashed within TRASH_DAYS (older ones await their purge).
TRASH_DAYS = 30
_FILTER = f"""t.user_id = $1
      AND CASE WHEN $7::boolean THEN t.deleted_at > now() - interval '{TRASH_DAYS} days' ELSE {LIVE} END
      AND ($3::boolean IS NULL OR t.is_completed = $3)
      AND ($4::text IS NULL OR t.title ILIKE $4 OR t.description ILIKE $4)"""


def _list_todos(sort: TodoSort, *, after_cursor: bool) -> str:
    # $5 limit (the page size + 1: the extra row says whether there is a next page), $6 skip, $7 trashed (in
    # _FILTER), and with a cursor $8 the last key and $9 the last id. The page is a LATERAL index scan of the
    # caller's rows that starts at the cursor and stops after skip + limit rows; the total, a second scan that
    # stops after TOTAL_BOUND + 1, in FROM (LATERAL, once), not in the select list, where it would run once
    # per item. The cursor is a separate statement text rather than `$9 IS NULL OR …`, which a generic plan
    # could not turn into an index condition.
    key, direction = SORTS[sort]
    order = f"{{t}}.{key} {direction}, {{t}}.id {direction}"
    after = ""
    if after_cursor:
        comparison = "<" if direction == "DESC" else ">"
        after = f"\n      AND (t.{key}, t.id) {comparison} ($8::{_KEY_TYPES[key]}, $9::bigint)"
    return f"""
WITH {AUTH}
SELECT auth.id AS auth_user_id, counted.total, page.*
FROM auth
CROSS JOIN LATERAL (
    SELECT count(*) AS total FROM (SELECT FROM {TABLE} t WHERE {_FILTER} LIMIT {TOTAL_BOUND + 1}) bounded
) counted
LEFT JOIN LATERAL (
    SELECT {COLUMNS} FROM {TABLE} t
    WHERE {_FILTER}{after}
    ORDER BY {order.format(t="t")}
    LIMIT $5 OFFSET $6
) page ON true
ORDER BY {order.format(t="page")}
"""


LIST_TODOS = {sort: _list_todos(sort, after_cursor=False) for sort in TodoSort}
LIST_TODOS_AFTER = {sort: _list_todos(sort, after_cursor=True) for sort in TodoSort}


# Requests with an Idempotency-Key (docs/decisions.md, "Idempotency-Key in the statement that does the
# work"). The key's row is written by the same statement as the work, holding the answer, so the two commit
# together: no row ever says "in progress". A duplicate in flight is seen through a transaction-level
# advisory lock on (user, key) instead, which the first statement holds until it commits. Extra parameters:
# $K the key, $F the request's fingerprint. Result columns besides the work's: `lock_free` (false: the same
# key is in flight → 409), `prior_*` (a stored answer: replay, or 422 when the fingerprint differs; a stale
# one is deleted and the caller runs the statement again).
#
# Every write has a keyed twin, made by `keyed()` from the same work text with `go` as its caller (`go`
# yields the user only when the key is free and new, so a replay or a 409 writes nothing). A new write:
# write its work as a function of the caller, build the plain statement with "auth" and the keyed one with
# keyed(); the route takes KeyedConditionsDep and is declared with write_headers.write_operation().
KEY_TTL = "interval '24 hours'"
PURGE_PER_WRITE = (
    2  # expired keys deleted by each request that stores one: more than it adds, so it catches up
)
# In the keyed statements, the work's extra result columns are evaluated only when this statement did the
# work's check: a replay or a 409 never waits on the row's lock.
DID_WORK = " AND EXISTS (SELECT FROM go)"


def keyed(key: int, work: str, work_sql: str, status_code: int, tail: str = "", also: str = "") -> str:
    """The keyed statement of a write: ``work_sql`` (caller ``go``, returning ``user_id``) as CTE ``work``,
    its answer stored with status ``status_code``; ``also``: more CTEs after the work (comma-separated),
    ``tail``: more result columns (led by a comma)."""
    fingerprint = key + 1
    return f"""
WITH {AUTH},
gate AS (
    SELECT pg_try_advisory_xact_lock(hashtextextended(auth.id || ' ' || ${key}, 0)) AS lock_free FROM auth
),
prior AS (
    SELECT k.fingerprint, k.status_code, k.body, k.created_at > now() - {KEY_TTL} AS fresh
    FROM idempotency_key k JOIN auth ON k.user_id = auth.id
    WHERE k.key = ${key}
),
stale AS (
    DELETE FROM idempotency_key k USING auth, prior
    WHERE k.user_id = auth.id AND k.key = ${key} AND NOT prior.fresh
),
go AS (SELECT auth.id FROM auth, gate WHERE gate.lock_free AND NOT EXISTS (SELECT FROM prior)),
{work} AS ({work_sql}),{also + "," if also else ""}
stored AS (
    INSERT INTO idempotency_key (user_id, key, fingerprint, status_code, body)
    SELECT w.user_id, ${key}, ${fingerprint}::bytea, {status_code}, to_jsonb(w) FROM {work} w
),
purge AS (
    DELETE FROM idempotency_key k
    WHERE EXISTS (SELECT FROM go) AND (k.user_id, k.key) IN (
        SELECT o.user_id, o.key FROM idempotency_key o
        WHERE o.created_at < now() - {KEY_TTL}
        ORDER BY o.created_at LIMIT {PURGE_PER_WRITE}
        FOR UPDATE SKIP LOCKED)
)
SELECT auth.id AS auth_user_id, gate.lock_free, prior.fingerprint AS prior_fingerprint,
       prior.status_code AS prior_status_code, prior.body AS prior_body, prior.fresh AS prior_fresh,
       {work}.*{tail}, {notify(work)}
FROM auth CROSS JOIN gate LEFT JOIN prior ON true LEFT JOIN {work} ON true
"""


# As CREATE_TODO, then $8 key, $9 fingerprint
CREATE_TODO_KEYED = keyed(8, "created", _create_work("go"), 201)

# As UPDATE_TODO, then $13 key, $14 fingerprint
UPDATE_TODO_KEYED = keyed(
    13, "updated", _update_work("go"), 200, f",\n       {_current_version('updated', 8, DID_WORK)}"
)

# $3 todo id, $4 state or NULL (toggle), $5 If-Match versions (text) or NULL, $6 key, $7 fingerprint
COMPLETE_TODO_KEYED = keyed(
    6, "updated", _complete_work("go"), 200, f",\n       {_current_version('updated', 5, DID_WORK)}"
)


# The caller's labels with their counts over the live tasks. Spellings that differ only in case are one label
# (lower(), as the task's own rule compares them), named by its most used spelling, ties by the smallest in
# code-point order ("C"), so the answer does not depend on the database's collation. `t.user_id = $1` as in
# _FILTER; no row at all → 401, one row with NULL name → no labels.
LIST_LABELS = f"""
WITH {AUTH},
spelled AS (
    SELECT l.name, count(*) AS uses
    FROM {TABLE} t CROSS JOIN LATERAL unnest(t.labels) AS l(name)
    WHERE t.user_id = $1 AND {LIVE}
    GROUP BY l.name
)
SELECT auth.id AS auth_user_id, folded.name, folded.count
FROM auth
LEFT JOIN LATERAL (
    SELECT (array_agg(s.name ORDER BY s.uses DESC, s.name COLLATE "C"))[1] AS name,
           sum(s.uses)::bigint AS count
    FROM spelled s GROUP BY lower(s.name)
) folded ON true
ORDER BY lower(folded.name), folded.name COLLATE "C"
"""
