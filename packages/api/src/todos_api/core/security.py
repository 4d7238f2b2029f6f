"""Bearer token verification: Better Auth's JWKS (default) or a shared HS256 secret.

Everything here runs before any SQL, so a rejected token costs no database work. What the token cannot
prove (the user still exists, the session is still live) is checked by the statement that does the work.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import httpx
import jwt

from todos_api.core.config import Settings
from todos_api.errors import AuthUnavailable, InvalidToken, TokenExpired

logger = logging.getLogger(__name__)

# Better Auth's jwt() plugin signs with one of these; symmetric and "none" are never accepted from a JWKS.
ASYMMETRIC_ALGORITHMS = frozenset(
    {"EdDSA", "ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512"}
)
SHARED_SECRET_ALGORITHM = "HS256"
REQUIRED_CLAIMS = ["exp", "iss", "aud", "sub"]
MAX_TOKEN_LENGTH = 8192


@dataclass(frozen=True, slots=True)
class Identity:
    """Who the token says is calling; ``session_id`` is Better Auth's session (claim ``sid``) when present."""

    user_id: str
    session_id: str | None


class TokenVerifier(Protocol):
    async def verify(self, token: str) -> Identity: ...


class VerifiedTokens:
    """Tokens already verified, until they expire: a client reuses its JWT for every request until it
    refreshes it, so the signature check (the costliest step) runs once per token instead of per request.

    Keyed by the whole token, signature included, so a token altered in any way misses. A hit still checks
    ``exp`` and, for JWKS tokens, that the signing key is still published. Bounded; oldest entries go first.
    """

    def __init__(self, max_entries: int = 10_000, clock: Callable[[], float] = time.time) -> None:
        self._entries: dict[str, tuple[Identity, float, str | None]] = {}
        self._max_entries = max_entries
        self._clock = clock

    def get(self, token: str, leeway: float) -> tuple[Identity, str | None] | None:
        entry = self._entries.get(token)
        if entry is None:
            return None
        identity, expires_at, kid = entry
        if self._clock() > expires_at + leeway:
            del self._entries[token]
            return None
        return identity, kid

    def add(self, token: str, identity: Identity, expires_at: float, kid: str | None) -> None:
        if len(self._entries) >= self._max_entries:
            del self._entries[next(iter(self._entries))]
        self._entries[token] = (identity, expires_at, kid)

    def discard(self, token: str) -> None:
        self._entries.pop(token, None)


class RejectedTokens:
    """Tokens that failed for good (bad signature under a published key, expired, wrong issuer or audience):
    a client retrying one gets the same 401 without another signature check. Not remembered: failures that
    can change (unknown ``kid`` before a rotation is fetched, ``nbf`` in the future, JWKS unreachable)."""

    def __init__(self, max_entries: int = 10_000) -> None:
        # The error's class, never the raised instance: an instance holds its traceback, and through it the
        # frames (request, headers, locals) of the request that failed; 10k forged tokens held ~270 MiB.
        self._entries: dict[str, type[InvalidToken]] = {}
        self._max_entries = max_entries

    def check(self, token: str) -> None:
        error = self._entries.get(token)
        if error is not None:
            raise error()

    def add(self, token: str, error: InvalidToken) -> None:
        if len(self._entries) >= self._max_entries:
            del self._entries[next(iter(self._entries))]
        self._entries[token] = type(error)


class _NotYetValid(InvalidToken):
    """``nbf`` in the future: invalid now, valid later, so never remembered as rejected."""


class JwksCache:
    """Public keys by ``kid``, fetched with httpx and shared by all requests of this process.

    An unknown ``kid`` triggers a refetch (key rotation), but never more than once per ``min_refetch``
    seconds, so random kids cannot turn us into a load generator against the auth server. Concurrent
    requests wait on the same fetch. After ``ttl`` seconds known keys are still used while a refetch runs
    in the background, so that removed keys eventually stop verifying.
    """

    def __init__(
        self,
        url: str,
        client: httpx.AsyncClient,
        *,
        min_refetch: float = 5.0,
        ttl: float = 600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._url = url
        self._client = client
        self._min_refetch = min_refetch
        self._ttl = ttl
        self._clock = clock
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at: float | None = None
        self._attempted_at: float | None = None
        self._last_failed = False
        self._inflight: asyncio.Task[None] | None = None
        self.fetch_count = 0

    async def get_key(self, kid: str) -> jwt.PyJWK | None:
        now = self._clock()
        key = self._keys.get(kid)
        if key is not None:
            if self._fetched_at is not None and now - self._fetched_at > self._ttl and self._may_fetch(now):
                self._start_fetch()  # stale-while-revalidate: this request does not wait
            return key
        if self._inflight is None and not self._may_fetch(now):
            if self._last_failed:
                raise AuthUnavailable()
            return None
        await asyncio.shield(self._start_fetch())
        if self._last_failed:
            # We cannot tell a rotated key from a forged kid while the auth server is down: say so (503)
            # rather than send the client into a refresh-and-401 loop.
            raise AuthUnavailable()
        return self._keys.get(kid)

    def _may_fetch(self, now: float) -> bool:
        return self._attempted_at is None or now - self._attempted_at >= self._min_refetch

    def _start_fetch(self) -> asyncio.Task[None]:
        if self._inflight is None:
            self._attempted_at = self._clock()
            self._inflight = asyncio.get_running_loop().create_task(self._fetch())
        return self._inflight

    async def _fetch(self) -> None:
        try:
            self.fetch_count += 1
            response = await self._client.get(self._url, headers={"Accept": "application/json"})
            response.raise_for_status()
            self._keys = parse_jwks(response.json())
            self._fetched_at = self._clock()
            self._last_failed = False
        except (httpx.HTTPError, ValueError) as err:
            self._last_failed = True
            logger.warning("could not fetch JWKS from %s: %s", self._url, err)
        finally:
            self._inflight = None


def parse_jwks(document: object) -> dict[str, jwt.PyJWK]:
    """Usable asymmetric keys of a JWKS document, by ``kid``; anything else is skipped."""
    if not isinstance(document, Mapping) or not isinstance(document.get("keys"), list):
        raise ValueError("not a JWKS document")
    keys: dict[str, jwt.PyJWK] = {}
    for entry in document["keys"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("kid"), str) or entry.get("kty") == "oct":
            continue
        if entry.get("use", "sig") != "sig":
            continue
        try:
            key = jwt.PyJWK(entry)
        except (jwt.PyJWTError, ValueError, TypeError) as err:
            logger.warning("skipping JWKS key %s: %s", entry.get("kid"), err)
            continue
        if key.algorithm_name in ASYMMETRIC_ALGORITHMS:
            keys[entry["kid"]] = key
    return keys


class _RememberingVerifier:
    """What both verifiers share: the claims they require, and remembering each token's outcome."""

    def __init__(self, *, issuer: str, audience: str, leeway: float) -> None:
        self._issuer = issuer
        self._audience = audience
        self._leeway = leeway
        self._verified = VerifiedTokens()
        self._rejected = RejectedTokens()

    def _decode_and_remember(self, token: str, key: Any, algorithm: str, kid: str | None) -> Identity:
        """``_decode``, remembering a success, or a failure unless it can change (``nbf``)."""
        try:
            identity, expires_at = _decode(token, key, algorithm, self._issuer, self._audience, self._leeway)
        except _NotYetValid:
            raise
        except InvalidToken as err:
            self._rejected.add(token, err)
            raise
        self._verified.add(token, identity, expires_at, kid)
        return identity


class JwksVerifier(_RememberingVerifier):
    def __init__(self, cache: JwksCache, *, issuer: str, audience: str, leeway: float) -> None:
        super().__init__(issuer=issuer, audience=audience, leeway=leeway)
        self._cache = cache

    async def verify(self, token: str) -> Identity:
        hit = self._verified.get(token, self._leeway)
        if hit is not None:
            identity, kid = hit
            if kid is not None and await self._cache.get_key(kid) is not None:
                return identity
            self._verified.discard(token)  # its key was withdrawn: verify again (and fail)
        self._rejected.check(token)
        header = _unverified_header(token)
        algorithm, kid = header.get("alg"), header.get("kid")
        if algorithm not in ASYMMETRIC_ALGORITHMS or not isinstance(kid, str):
            raise InvalidToken()
        key = await self._cache.get_key(kid)
        # The key's own algorithm decides: a token may not pick a different one for the same key.
        if key is None or key.algorithm_name != algorithm:
            raise InvalidToken()
        return self._decode_and_remember(token, key.key, algorithm, kid)


class SharedSecretVerifier(_RememberingVerifier):
    def __init__(self, secret: str, *, issuer: str, audience: str, leeway: float) -> None:
        super().__init__(issuer=issuer, audience=audience, leeway=leeway)
        self._secret = secret

    async def verify(self, token: str) -> Identity:
        hit = self._verified.get(token, self._leeway)
        if hit is not None:
            return hit[0]
        self._rejected.check(token)
        if _unverified_header(token).get("alg") != SHARED_SECRET_ALGORITHM:
            raise InvalidToken()
        return self._decode_and_remember(token, self._secret, SHARED_SECRET_ALGORITHM, None)


def _unverified_header(token: str) -> dict[str, Any]:
    """The JOSE header, only to pick the key and algorithm; ``jwt.decode`` checks everything afterwards.

    Read by hand: PyJWT's ``get_unverified_header`` also decodes and splits the payload and signature,
    which a token refused on its header (or verified next, by ``jwt.decode``, anyway) does not need.
    """
    if len(token) > MAX_TOKEN_LENGTH or token.count(".") != 2:
        raise InvalidToken()
    segment = token[: token.index(".")]
    try:
        header = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except (ValueError, TypeError) as err:  # binascii.Error and JSONDecodeError are ValueErrors
        raise InvalidToken() from err
    if not isinstance(header, dict):
        raise InvalidToken()
    return header


def _decode(
    token: str, key: Any, algorithm: str, issuer: str, audience: str, leeway: float
) -> tuple[Identity, float]:
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[algorithm],
            audience=audience,
            issuer=issuer,
            leeway=leeway,
            options={"require": REQUIRED_CLAIMS},
        )
    except jwt.ExpiredSignatureError as err:
        raise TokenExpired() from err
    except jwt.ImmatureSignatureError as err:
        raise _NotYetValid() from err
    except jwt.InvalidTokenError as err:
        raise InvalidToken() from err
    subject, session_id = claims.get("sub"), claims.get("sid")
    if not isinstance(subject, str) or not subject:
        raise InvalidToken()
    if session_id is not None and (not isinstance(session_id, str) or not session_id):
        raise InvalidToken()
    return Identity(user_id=subject, session_id=session_id), float(claims["exp"])


def build_verifier(settings: Settings, client: httpx.AsyncClient) -> TokenVerifier:
    if settings.auth_jwt_secret is not None:
        secret = settings.auth_jwt_secret.get_secret_value()
        if len(secret.encode()) < 32:
            logger.warning("AUTH_JWT_SECRET is shorter than 32 bytes; use a longer random secret")
        return SharedSecretVerifier(
            secret, issuer=settings.issuer, audience=settings.audience, leeway=settings.auth_leeway_seconds
        )
    cache = JwksCache(
        settings.jwks_url,
        client,
        min_refetch=settings.auth_jwks_min_refetch_seconds,
        ttl=settings.auth_jwks_ttl_seconds,
    )
    return JwksVerifier(
        cache, issuer=settings.issuer, audience=settings.audience, leeway=settings.auth_leeway_seconds
    )
