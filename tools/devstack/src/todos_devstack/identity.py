"""Better Auth-shaped JWTs and a JWKS endpoint serving their keys, for API tests and benchmarks that run no
Node: the API then does exactly the work it does behind the real web app.

Better Auth's jwt() plugin (1.7): header ``{"alg": "EdDSA", "kid": ...}``; claims ``sub``, ``iss``,
``aud``, ``iat``, ``exp`` plus the user object (``id``, ``email``, ``name``, ``emailVerified``, ``image``...);
our web app adds the session id as ``sid``. The JWKS document is ``{"keys": [{"alg": "EdDSA", "crv":
"Ed25519", "x": ..., "kty": "OKP", "kid": ...}]}``, served at ``/api/auth/jwks``.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass
class SigningKey:
    kid: str = field(default_factory=lambda: secrets.token_urlsafe(8))
    private: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)

    @property
    def jwk(self) -> dict[str, str]:
        raw = self.private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return {"alg": "EdDSA", "crv": "Ed25519", "x": b64url(raw), "kty": "OKP", "kid": self.kid}

    @property
    def public_pem(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )


def better_auth_claims(user_id: str, *, issuer: str, lifetime: int = 900, **extra: Any) -> dict[str, Any]:
    """The claims Better Auth signs for ``user_id``; ``extra`` adds or overrides (``...`` drops a claim)."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "id": user_id,
        "name": "Test User",
        "email": f"{user_id}@example.test",
        "emailVerified": False,
        "image": None,
        "createdAt": "2025-01-01T00:00:00.000Z",
        "updatedAt": "2025-01-01T00:00:00.000Z",
        "iat": now,
        "iss": issuer,
        "aud": issuer,
        "exp": now + lifetime,
        "sub": user_id,
    }
    claims.update(extra)
    return {key: value for key, value in claims.items() if value is not ...}


def sign(claims: dict[str, Any], key: SigningKey) -> str:
    return jwt.encode(claims, key.private, algorithm="EdDSA", headers={"kid": key.kid})


class JwksServer:
    """Serves ``{"keys": [...]}`` over real HTTP on a free port and counts fetches; keys can change while it
    runs. ``base_url`` is what Better Auth would be (its ``iss`` and ``aud``)."""

    def __init__(self, *keys: SigningKey) -> None:
        self.keys: list[SigningKey] = list(keys)
        self.hits = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.hits += 1
                body = json.dumps({"keys": [key.jwk for key in outer.keys]}).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                del format, args  # keep test and benchmark output readable

        self._handler = Handler
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port: int = self._server.server_address[1]
        # Fixed for the server's life: come_back() listens on the same port.
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.url = f"{self.base_url}/api/auth/jwks"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def go_down(self) -> None:
        """Stop listening (connections are refused), as a crashed auth server would; see come_back()."""
        self.close()

    def come_back(self) -> None:
        """Listen again on the same port, with whatever ``keys`` hold now."""
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
