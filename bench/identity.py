"""Better Auth's side of identity, as far as the API can see it: a JWKS endpoint and EdDSA tokens.

The keys and claims have Better Auth's shape (``alg: EdDSA`` + ``kid`` in the header; ``sub``, ``iss``,
``aud``, ``iat``, ``exp``, ``sid`` and the user object in the payload), so both implementations do exactly
the work they would do behind the real web app.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from todos_devstack.paths import free_port

KID = "bench-key-1"
TOKEN_LIFETIME_S = 3600  # longer than Better Auth's 15 minutes only so that a slow run never sees expiry


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def public_jwk(key: Ed25519PrivateKey, kid: str) -> dict[str, str]:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"alg": "EdDSA", "crv": "Ed25519", "x": _b64url(raw), "kty": "OKP", "kid": kid}


class JwksServer:
    """Serves ``{"keys": [...]}`` at /api/auth/jwks like Better Auth, and counts fetches."""

    def __init__(self, keys: list[dict[str, str]]) -> None:
        self.keys = keys
        self.hits = 0
        self.port = free_port()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.hits += 1
                body = json.dumps({"keys": outer.keys}).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: ARG002
                return  # keep the benchmark's output readable

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def jwks_url(self) -> str:
        return f"{self.base_url}/api/auth/jwks"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


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
    key: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)
    kid: str = KID

    def jwk(self) -> dict[str, str]:
        return public_jwk(self.key, self.kid)

    def mint(self, who: Identity) -> str:
        now = int(time.time())
        claims = {
            "sub": who.user_id,
            "sid": who.session_id,
            "iss": self.issuer,
            "aud": self.issuer,
            "iat": now,
            "exp": now + TOKEN_LIFETIME_S,
            "id": who.user_id,
            "email": who.email,
            "name": "Bench User",
            "emailVerified": True,
            "image": None,
        }
        return jwt.encode(claims, self.key, algorithm="EdDSA", headers={"kid": self.kid})

    def forge(self, who: Identity) -> str:
        """A token with the right `kid` and claims but signed by another key: must be a 401 without SQL."""
        impostor = TokenMinter(issuer=self.issuer, kid=self.kid)
        return impostor.mint(who)
