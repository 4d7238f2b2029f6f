"""What a token must say: its JOSE header, and the claims ``jwt.decode`` checks, turned into an Identity.

Pure functions of the token and a key; which key, and remembering outcomes, is ``security.py``'s job.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

import jwt

from todos_api.errors import InvalidToken, TokenExpired

REQUIRED_CLAIMS = ["exp", "iss", "aud", "sub"]
MAX_TOKEN_LENGTH = 8192


@dataclass(frozen=True, slots=True)
class Identity:
    """Who the token says is calling; ``session_id`` is Better Auth's session (claim ``sid``) when present."""

    user_id: str
    session_id: str | None


class NotYetValid(InvalidToken):
    """``nbf`` in the future: invalid now, valid later, so never remembered as rejected."""


def unverified_header(token: str) -> dict[str, Any]:
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


def decode_identity(
    token: str, key: Any, algorithm: str, issuer: str, audience: str, leeway: float
) -> tuple[Identity, float]:
    """The caller's identity and the token's ``exp``, once signature and claims check out."""
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
        raise NotYetValid() from err
    except jwt.InvalidTokenError as err:
        raise InvalidToken() from err
    subject, session_id = claims.get("sub"), claims.get("sid")
    if not isinstance(subject, str) or not subject:
        raise InvalidToken()
    if session_id is not None and (not isinstance(session_id, str) or not session_id):
        raise InvalidToken()
    return Identity(user_id=subject, session_id=session_id), float(claims["exp"])
