"""The baseline's token verification (bench/raw_app.py): Better Auth's EdDSA JWTs checked against its JWKS,
with the same caches as the real API — tokens verified before (``exp`` and the key rechecked on every hit)
and tokens refused for good — so that neither side does work the other skips."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import jwt

ASYMMETRIC_ALGORITHMS = frozenset({"EdDSA", "ES256", "ES512", "RS256", "PS256"})
JWKS_MIN_REFETCH_S = 5.0
LEEWAY_S = 10


@dataclass(frozen=True)
class Principal:
    user_id: str
    session_id: str | None


class JwksCache:
    """Public keys by `kid`; an unknown `kid` triggers a refetch, at most once every few seconds."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._keys: dict[str, jwt.PyJWK] = {}
        self._last_fetch = float("-inf")
        self._lock = asyncio.Lock()

    async def get(self, kid: str) -> jwt.PyJWK | None:
        key = self._keys.get(kid)
        if key is not None:
            return key
        async with self._lock:
            if kid not in self._keys and time.monotonic() - self._last_fetch >= JWKS_MIN_REFETCH_S:
                await self._refresh()
        return self._keys.get(kid)

    async def _refresh(self) -> None:
        self._last_fetch = time.monotonic()
        try:
            async with httpx.AsyncClient(timeout=5.0) as client:
                response = await client.get(self._url)
                response.raise_for_status()
            keyset = jwt.PyJWKSet.from_dict(response.json())
        except (httpx.HTTPError, ValueError, jwt.PyJWTError):
            return  # keep the keys we have; the token is refused as unknown
        self._keys = {key.key_id: key for key in keyset.keys if key.key_id}


def bearer_token(headers: Mapping[str, str]) -> str | None:
    scheme, _, token = headers.get("authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


class VerifiedTokens:
    """Tokens whose signature was checked, until they expire (the API does the same, see auth/token_cache.py).

    Keyed by the whole token, signature included; a hit still checks ``exp`` and that the signing key is
    still published. Bounded: the oldest entry goes first.
    """

    def __init__(self, max_entries: int = 10_000) -> None:
        self._entries: dict[str, tuple[Principal, float, str]] = {}
        self._max_entries = max_entries

    async def get(self, token: str, jwks: JwksCache) -> Principal | None:
        entry = self._entries.get(token)
        if entry is None:
            return None
        principal, expires_at, kid = entry
        if time.time() > expires_at + LEEWAY_S or await jwks.get(kid) is None:
            del self._entries[token]
            return None
        return principal

    def add(self, token: str, principal: Principal, expires_at: float, kid: str) -> None:
        if len(self._entries) >= self._max_entries:
            del self._entries[next(iter(self._entries))]
        self._entries[token] = (principal, expires_at, kid)


class RejectedTokens:
    """Tokens refused for good (signature, expiry, issuer, audience), as the API remembers them too."""

    def __init__(self, max_entries: int = 10_000) -> None:
        self._entries: dict[str, None] = {}  # insertion-ordered: the oldest goes first
        self._max_entries = max_entries

    def __contains__(self, token: str) -> bool:
        return token in self._entries

    def add(self, token: str) -> None:
        if len(self._entries) >= self._max_entries:
            del self._entries[next(iter(self._entries))]
        self._entries[token] = None


@dataclass(frozen=True)
class TokenCaches:
    verified: VerifiedTokens
    rejected: RejectedTokens


async def verify(
    token: str, jwks: JwksCache, caches: TokenCaches, *, audience: str, issuer: str
) -> Principal | None:
    """The claims' owner when the token is valid, else None (and no SQL is run for it)."""
    known = await caches.verified.get(token, jwks)
    if known is not None:
        return known
    if token in caches.rejected:
        return None
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        return None
    kid, alg = header.get("kid"), header.get("alg")
    if not isinstance(kid, str) or alg not in ASYMMETRIC_ALGORITHMS:
        return None
    key = await jwks.get(kid)
    if key is None or key.algorithm_name != alg:
        return None  # algorithm confusion: the header may not pick another algorithm than the key's
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key.key,
            algorithms=[alg],
            audience=audience,
            issuer=issuer,
            leeway=LEEWAY_S,
            options={"require": ["exp", "iss", "aud", "sub"]},
        )
    except jwt.ImmatureSignatureError:
        return None  # valid later: not remembered
    except jwt.PyJWTError:
        caches.rejected.add(token)
        return None
    sub, sid = claims.get("sub"), claims.get("sid")
    if not isinstance(sub, str) or not (sid is None or isinstance(sid, str)):
        return None
    principal = Principal(user_id=sub, session_id=sid)
    caches.verified.add(token, principal, float(claims["exp"]), kid)
    return principal
