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

from todos_api.models import Todo
from todos_api.schemas import TodoSort

TABLE = Todo.__tablename__
FIELDS = ("id", "title", "description", "is_completed", "user_id", "created_at", "updated_at")
_COLUMNS = ", ".join(f"t.{name}" for name in FIELDS)

# Better Auth's tables use camelCase column names, hence the quotes.
_AUTH = """
auth AS (
    SELECT u.id FROM "user" u
    WHERE u.id = $1
      AND ($2::text IS NULL OR EXISTS (
            SELECT 1 FROM "session" s
            WHERE s.id = $2 AND s."userId" = u.id AND s."expiresAt" > now()))
)"""

GET_TODO = f"""
WITH {_AUTH}
SELECT auth.id AS auth_user_id, {_COLUMNS}
FROM auth LEFT JOIN {TABLE} t ON t.id = $3 AND t.user_id = auth.id
"""

# $3 title, $4 description
CREATE_TODO = f"""
WITH {_AUTH},
created AS (
    INSERT INTO {TABLE} AS t (title, description, user_id)
    SELECT $3::text, $4::text, auth.id FROM auth
    RETURNING {_COLUMNS}
)
SELECT auth.id AS auth_user_id, created.* FROM auth LEFT JOIN created ON true
"""

# $3 todo id, $4 title or NULL (unchanged), $5 description, $6 whether description was given,
# $7 is_completed or NULL (unchanged). updated_at moves only when a value really changes, so repeating
# the same PUT is a no-op.
_NEW_TITLE = "COALESCE($4::text, t.title)"
_NEW_DESCRIPTION = "CASE WHEN $6::boolean THEN $5::text ELSE t.description END"
_NEW_COMPLETED = "COALESCE($7::boolean, t.is_completed)"
UPDATE_TODO = f"""
WITH {_AUTH},
updated AS (
    UPDATE {TABLE} t SET
        title = {_NEW_TITLE},
        description = {_NEW_DESCRIPTION},
        is_completed = {_NEW_COMPLETED},
        updated_at = CASE
            WHEN ({_NEW_TITLE}, {_NEW_DESCRIPTION}, {_NEW_COMPLETED})
                 IS DISTINCT FROM (t.title, t.description, t.is_completed)
            THEN now() ELSE t.updated_at END
    FROM auth
    WHERE t.id = $3 AND t.user_id = auth.id
    RETURNING {_COLUMNS}
)
SELECT auth.id AS auth_user_id, updated.* FROM auth LEFT JOIN updated ON true
"""

# $3 todo id, $4 the state to set, or NULL to toggle. `NOT t.is_completed` reads the row under its lock,
# so concurrent toggles serialize instead of losing updates.
_NEW_STATE = "COALESCE($4::boolean, NOT t.is_completed)"
COMPLETE_TODO = f"""
WITH {_AUTH},
updated AS (
    UPDATE {TABLE} t SET
        is_completed = {_NEW_STATE},
        updated_at = CASE WHEN {_NEW_STATE} IS DISTINCT FROM t.is_completed
                          THEN now() ELSE t.updated_at END
    FROM auth
    WHERE t.id = $3 AND t.user_id = auth.id
    RETURNING {_COLUMNS}
)
SELECT auth.id AS auth_user_id, updated.* FROM auth LEFT JOIN updated ON true
"""

# $3 todo id
DELETE_TODO = f"""
WITH {_AUTH},
deleted AS (
    DELETE FROM {TABLE} t USING auth
    WHERE t.id = $3 AND t.user_id = auth.id
    RETURNING t.id
)
SELECT auth.id AS auth_user_id, deleted.id FROM auth LEFT JOIN deleted ON true
"""

_ORDER = {
    TodoSort.CREATED_AT_DESC: "{t}.created_at DESC, {t}.id DESC",
    TodoSort.CREATED_AT_ASC: "{t}.created_at ASC, {t}.id ASC",
    TodoSort.UPDATED_AT_DESC: "{t}.updated_at DESC, {t}.id DESC",
    TodoSort.UPDATED_AT_ASC: "{t}.updated_at ASC, {t}.id ASC",
    TodoSort.TITLE_ASC: "{t}.title ASC, {t}.id ASC",
    TodoSort.TITLE_DESC: "{t}.title DESC, {t}.id DESC",
}

# $3 completed filter or NULL, $4 ILIKE pattern or NULL
_FILTER = """t.user_id = auth.id
      AND ($3::boolean IS NULL OR t.is_completed = $3)
      AND ($4::text IS NULL OR t.title ILIKE $4 OR t.description ILIKE $4)"""


def _list_todos(sort: TodoSort) -> str:
    # $5 limit, $6 skip. The page and the total are two index scans of the same user's rows; the LATERAL
    # page stops after limit + skip rows when the sort matches the (user_id, created_at, id) index.
    order = _ORDER[sort]
    return f"""
WITH {_AUTH}
SELECT auth.id AS auth_user_id,
       (SELECT count(*) FROM {TABLE} t WHERE {_FILTER}) AS total,
       page.*
FROM auth
LEFT JOIN LATERAL (
    SELECT {_COLUMNS} FROM {TABLE} t
    WHERE {_FILTER}
    ORDER BY {order.format(t="t")}
    LIMIT $5 OFFSET $6
) page ON true
ORDER BY {order.format(t="page")}
"""


LIST_TODOS = {sort: _list_todos(sort) for sort in TodoSort}
