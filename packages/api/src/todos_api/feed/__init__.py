"""The change feed: one page in commit order, and the LISTEN hub that wakes the open event streams.

Imports ``db``, ``auth`` and ``core``.
"""
