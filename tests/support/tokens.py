"""Tokens for API tests: todos_devstack.identity's Better Auth-shaped JWTs and JWKS server, with the issuer
the unit tests' settings expect."""

from __future__ import annotations

from typing import Any

from todos_devstack import identity
from todos_devstack.identity import JwksServer, SigningKey, b64url, sign

ISSUER = "http://127.0.0.1:3999"


def better_auth_claims(
    user_id: str, *, issuer: str = ISSUER, lifetime: int = 900, **extra: Any
) -> dict[str, Any]:
    return identity.better_auth_claims(user_id, issuer=issuer, lifetime=lifetime, **extra)


__all__ = ["ISSUER", "JwksServer", "SigningKey", "b64url", "better_auth_claims", "sign"]
