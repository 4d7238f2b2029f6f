"""Who is calling: Better Auth's JWTs, verified against its JWKS (or a shared secret), as an ``Identity``.

Imports ``core`` only.
"""
