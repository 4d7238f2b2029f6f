"""What a token must say: its JOSE header, and the claims ``jwt.decode`` checks, turned into an Identity.

Pure functions of the token and a key; which key, and remembering outcomes, is ``security.py``'s job.
"""

from __future__ import annotations

import base64
import json
import math
import time
from dataclasses import dataclass, field
from typing import Any, TypeGuard

import jwt

from todos_api.core.errors import InvalidToken, TokenExpired

REQUIRED_CLAIMS = ["exp", "iss", "aud", "sub"]
MAX_TOKEN_LENGTH = 8192
# Better Auth's ids are 32 characters; anything near this bound is not an id but an attack on what reads it.
MAX_ID_LENGTH = 255


@dataclass(frozen=True, slots=True)
class Identity:
    """Who the token says is calling; ``session_id`` is Better Auth's session (claim ``sid``) when present,
    ``expires_at`` the token's ``exp`` (an open event stream ends there, api/routes/events.py)."""

    user_id: str
    session_id: str | None
    expires_at: float | None = field(default=None, compare=False)


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
    token: str,
    key: Any,
    algorithm: str,
    issuer: str,
    audience: str,
    leeway: float,
    max_lifetime: float | None = None,
) -> tuple[Identity, float]:
    """The caller's identity and the token's ``exp``, once signature and claims check out.

    ``max_lifetime`` bounds ``exp - iat`` (``exp - now`` without ``iat``): a leaked token must not stay good
    for years, whoever signed it. PyJWT already refuses an ``iat`` in the future, so the bound holds.
    """
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
    expires_at = _numeric_date(claims["exp"])
    if max_lifetime is not None:
        issued_at = _numeric_date(claims["iat"]) if "iat" in claims else time.time()
        if expires_at - issued_at > max_lifetime:
            raise InvalidToken()
    subject, session_id = claims.get("sub"), claims.get("sid")
    if not _is_id(subject):
        raise InvalidToken()
    if session_id is not None and not _is_id(session_id):
        raise InvalidToken()
    return Identity(user_id=subject, session_id=session_id, expires_at=expires_at), expires_at


def _numeric_date(value: object) -> float:
    """A JSON number that fits a float (RFC 7519's NumericDate); PyJWT also takes ``"123"`` or ``true``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidToken()
    try:
        number = float(value)  # an integer of 400 digits does not fit
    except OverflowError as err:
        raise InvalidToken() from err
    if not math.isfinite(number):
        raise InvalidToken()
    return number


def _is_id(value: object) -> TypeGuard[str]:
    """Whether a claim can be sent to PostgreSQL as a Better Auth id: text holds no NUL and only valid
    UTF-8 (a lone surrogate from a ``\\ud800`` escape would fail in the driver), and ids are short."""
    if not isinstance(value, str) or not 0 < len(value) <= MAX_ID_LENGTH or "\x00" in value:
        return False
    try:
        value.encode()
    except UnicodeEncodeError:
        return False
    return True
