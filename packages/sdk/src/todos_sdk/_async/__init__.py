"""The asyncio SDK, and the one source of both SDKs.

scripts/generate_sync_sdk.py writes `todos_sdk/_sync/` from these modules with unasync (`async def` → `def`,
`await` dropped, `AsyncTodosClient` → `TodosClient`, …; its RENAMES list every pair). Edit here, regenerate,
commit both: `make check-contract` fails when `_sync/` is not what this code generates.

Writing for both: the renames are token by token, so a name that differs between asyncio and blocking code
must be one the generator knows (or a pair in `todos_sdk/_twins.py`), and an `await` must not sit inside an
f-string or parentheses that the blocking version would keep (`(await x).data`: use a variable).
"""
