"""Bearer token verification: Better Auth's JWKS (default) or a shared HS256 secret.

Everything here runs before any SQL, so a rejected token costs no database work. What the token cannot
prove (the user still exists, the session is still live) is checked by the statement that does the work.

The parts, one job each: ``jwks.py`` fetches and caches the public keys, ``claims.py`` decodes a token and
checks what it says, ``token_cache.py`` remembers outcomes; this module picks the key and puts them together.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

import httpx

from todos_api.auth.claims import Identity, NotYetValid, decode_identity, unverified_header
from todos_api.auth.jwks import ASYMMETRIC_ALGORITHMS, JwksCache
from todos_api.auth.token_cache import RejectedTokens, VerifiedTokens
from todos_api.core.config import Settings
from todos_api.core.errors import InvalidToken

__all__ = ["Identity", "JwksVerifier", "SharedSecretVerifier", "TokenVerifier", "build_verifier"]

logger = logging.getLogger(__name__)

SHARED_SECRET_ALGORITHM = "HS256"


class TokenVerifier(Protocol):
    async def verify(self, token: str) -> Identity: ...


class _RememberingVerifier:
    """What both verifiers share: the claims they require, and remembering each token's outcome."""

    def __init__(
        self, *, issuer: str, audience: str, leeway: float, max_lifetime: float | None = None
    ) -> None:
        self._issuer = issuer
        self._audience = audience
        self._leeway = leeway
        self._max_lifetime = max_lifetime
        self._verified = VerifiedTokens()
        self._rejected = RejectedTokens()

    def _decode_and_remember(self, token: str, key: Any, algorithm: str, kid: str | None) -> Identity:
        """``decode_identity``, remembering a success, or a failure unless it can change (``nbf``)."""
        try:
            identity, expires_at = decode_identity(
                token, key, algorithm, self._issuer, self._audience, self._leeway, self._max_lifetime
            )
        except NotYetValid:
            raise
        except InvalidToken as err:
            self._rejected.add(token, err)
            raise
        self._verified.add(token, identity, expires_at, kid)
        return identity


class JwksVerifier(_RememberingVerifier):
    def __init__(
        self,
        cache: JwksCache,
        *,
        issuer: str,
        audience: str,
        leeway: float,
        max_lifetime: float | None = None,
    ) -> None:
        super().__init__(issuer=issuer, audience=audience, leeway=leeway, max_lifetime=max_lifetime)
        self._cache = cache

    async def verify(self, token: str) -> Identity:
        hit = self._verified.get(token, self._leeway)
        if hit is not None:
            identity, kid = hit
            if kid is not None and await self._cache.get_key(kid) is not None:
                return identity
            self._verified.discard(token)  # its key was withdrawn: verify again (and fail)
        self._rejected.check(token)
        header = unverified_header(token)
        algorithm, kid = header.get("alg"), header.get("kid")
        if algorithm not in ASYMMETRIC_ALGORITHMS or not isinstance(kid, str):
            raise InvalidToken()
        key = await self._cache.get_key(kid)
        # The key's own algorithm decides: a token may not pick a different one for the same key.
        if key is None or key.algorithm_name != algorithm:
            raise InvalidToken()
        return self._decode_and_remember(token, key.key, algorithm, kid)


class SharedSecretVerifier(_RememberingVerifier):
    def __init__(
        self, secret: str, *, issuer: str, audience: str, leeway: float, max_lifetime: float | None = None
    ) -> None:
        super().__init__(issuer=issuer, audience=audience, leeway=leeway, max_lifetime=max_lifetime)
        self._secret = secret

    async def verify(self, token: str) -> Identity:
        hit = self._verified.get(token, self._leeway)
        if hit is not None:
            return hit[0]
        self._rejected.check(token)
        if unverified_header(token).get("alg") != SHARED_SECRET_ALGORITHM:
            raise InvalidToken()
        return self._decode_and_remember(token, self._secret, SHARED_SECRET_ALGORITHM, None)


def build_verifier(settings: Settings, client: httpx.AsyncClient) -> TokenVerifier:
    issuer, audience = settings.issuer, settings.audience
    leeway, max_lifetime = settings.auth_leeway_seconds, settings.auth_max_token_lifetime_seconds
    if settings.auth_jwt_secret is not None:
        secret = settings.auth_jwt_secret.get_secret_value()
        if len(secret.encode()) < 32:
            logger.warning("AUTH_JWT_SECRET is shorter than 32 bytes; use a longer random secret")
        return SharedSecretVerifier(
            secret, issuer=issuer, audience=audience, leeway=leeway, max_lifetime=max_lifetime
        )
    cache = JwksCache(
        settings.jwks_url,
        client,
        min_refetch=settings.auth_jwks_min_refetch_seconds,
        ttl=settings.auth_jwks_ttl_seconds,
    )
    return JwksVerifier(cache, issuer=issuer, audience=audience, leeway=leeway, max_lifetime=max_lifetime)
