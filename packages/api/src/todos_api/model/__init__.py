"""The shapes of a task: the table and its request/response models (SQLModel), the other API shapes, the
text rules. Imports nothing of the service (like ``core``, it is the ground floor).
"""
