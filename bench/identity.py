"""The benchmark's users and their tokens, with Better Auth's shape (todos_devstack.identity), so both
implementations do exactly the work they would do behind the real web app."""

from __future__ import annotations

from dataclasses import dataclass, field

from todos_devstack.identity import SigningKey, better_auth_claims, sign

KID = "bench-key-1"
TOKEN_LIFETIME_S = 3600  # longer than Better Auth's 15 minutes only so that a slow run never sees expiry


@dataclass(frozen=True)
class Identity:
    """A user of the benchmark with a live Better Auth session."""

    user_id: str
    session_id: str
    email: str


@dataclass
class TokenMinter:
    """Signs tokens the way Better Auth's jwt() plugin does (plus the `sid` claim our web app adds)."""

    issuer: str
    key: SigningKey = field(default_factory=lambda: SigningKey(kid=KID))

    def mint(self, who: Identity) -> str:
        claims = better_auth_claims(
            who.user_id,
            issuer=self.issuer,
            lifetime=TOKEN_LIFETIME_S,
            sid=who.session_id,
            email=who.email,
            name="Bench User",
            emailVerified=True,
        )
        return sign(claims, self.key)

    def forge(self, who: Identity) -> str:
        """A token with the right `kid` and claims but signed by another key: must be a 401 without SQL."""
        impostor = TokenMinter(issuer=self.issuer, key=SigningKey(kid=self.key.kid))
        return impostor.mint(who)
