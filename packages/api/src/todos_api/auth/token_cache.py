"""What this process remembers about tokens it has seen: verified ones until they expire, and ones that
failed for good. A cache like the JWKS: another replica simply verifies again."""

from __future__ import annotations

import time
from collections.abc import Callable

from todos_api.auth.claims import Identity
from todos_api.core.errors import InvalidToken


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
