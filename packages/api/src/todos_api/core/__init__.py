"""Process-wide building blocks: settings, database pool, token verification."""
