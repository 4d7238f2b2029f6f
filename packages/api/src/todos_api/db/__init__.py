"""The database: its URL, the connection pool, every SQL statement (one per request), the migrations.

Imports ``model`` and ``core`` only.
"""
