"""Better Auth's public keys: fetched with httpx, cached by ``kid``, refetched on rotation.

Only fetching and caching live here; what a key is used for is ``security.py``'s business.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping

import httpx
import jwt

from todos_api.core.errors import AuthUnavailable

logger = logging.getLogger(__name__)

# Better Auth's jwt() plugin signs with one of these; symmetric and "none" are never accepted from a JWKS.
ASYMMETRIC_ALGORITHMS = frozenset(
    {"EdDSA", "ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512"}
)


class JwksCache:
    """Public keys by ``kid``, fetched with httpx and shared by all requests of this process.

    An unknown ``kid`` triggers a refetch (key rotation), but never more than once per ``min_refetch``
    seconds, so random kids cannot turn us into a load generator against the auth server. Concurrent
    requests wait on the same fetch. A ``kid`` never published before that arrives inside that interval may
    be a key rotated in since our last fetch as well as a forged one: it is answered 503 (retry shortly, see
    ``AuthUnavailable``), not 401, which would send a real client to sign in again after every rotation. A
    ``kid`` we saw published and that is gone since is withdrawn: None (401). After ``ttl`` seconds known
    keys are still used while a refetch runs in the background, so that removed keys eventually stop
    verifying.
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
        self._seen: set[str] = set()  # every kid ever published (bounded by what the auth server serves)
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
            if self._last_failed or kid not in self._seen:
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
            self._seen.update(self._keys)
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
