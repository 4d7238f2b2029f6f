"""The task operations: each runs one statement of ``db`` and maps its outcome; list cursors, ETags, keys.

Imports ``db``, ``auth``, ``model`` and ``core``.
"""
