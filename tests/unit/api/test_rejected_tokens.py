"""The cache of refused tokens keeps what to answer, never the request that was refused."""

from __future__ import annotations

import gc
import weakref

import httpx
import jwt
import pytest
from todos_api.auth.jwks import JwksCache
from todos_api.auth.security import JwksVerifier
from todos_api.auth.token_cache import RejectedTokens
from todos_api.core.errors import InvalidToken, TokenExpired

from tests.support.tokens import ISSUER, SigningKey, better_auth_claims

URL = "https://auth.test/api/auth/jwks"


class RequestFrameMarker:
    """Stands for what a failed request's frames hold (Request, headers, locals)."""


def _raise_from_a_request_frame(error: InvalidToken) -> InvalidToken:
    marker = RequestFrameMarker()  # a local of the frame the traceback points into
    try:
        raise error
    except InvalidToken as raised:
        assert raised.__traceback__ is not None and marker is not None
        return raised


def test_rejected_token_cache_keeps_no_exception_or_traceback() -> None:
    rejected = RejectedTokens()
    error = _raise_from_a_request_frame(TokenExpired())
    error_ref = weakref.ref(error)
    frame_locals = error.__traceback__.tb_frame.f_locals if error.__traceback__ else {}
    marker_ref = weakref.ref(frame_locals["marker"])
    del frame_locals
    rejected.add("token", error)
    del error
    gc.collect()
    assert error_ref() is None  # the cache did not keep the exception...
    assert marker_ref() is None  # ...nor, through its traceback, the request frame's locals
    with pytest.raises(TokenExpired) as again:
        rejected.check("token")
    assert type(again.value) is TokenExpired  # the same answer, from a fresh instance


def test_rejected_token_cache_raises_a_fresh_instance_each_time() -> None:
    rejected = RejectedTokens()
    rejected.add("token", InvalidToken())
    raised = []
    for _ in range(2):
        with pytest.raises(InvalidToken) as caught:
            rejected.check("token")
        raised.append(caught.value)
    assert raised[0] is not raised[1]


def test_rejected_token_cache_is_bounded_oldest_first() -> None:
    rejected = RejectedTokens(max_entries=2)
    for token in ("a", "b", "c"):
        rejected.add(token, InvalidToken())
    rejected.check("a")  # evicted: no error
    for token in ("b", "c"):
        with pytest.raises(InvalidToken):
            rejected.check(token)


async def _refusal(verifier: JwksVerifier, token: str) -> weakref.ref[InvalidToken]:
    try:
        await verifier.verify(token)
    except InvalidToken as error:
        return weakref.ref(error)
    raise AssertionError("the token was accepted")


async def test_verifier_keeps_no_exception_of_a_refused_token() -> None:
    key, other = SigningKey(), SigningKey()
    jwks = httpx.MockTransport(lambda _request: httpx.Response(200, json={"keys": [key.jwk]}))
    # Our kid, another key's signature: refused for good, so remembered.
    token = jwt.encode(
        better_auth_claims("user-1"), other.private, algorithm="EdDSA", headers={"kid": key.kid}
    )
    async with httpx.AsyncClient(transport=jwks) as client:
        verifier = JwksVerifier(JwksCache(URL, client), issuer=ISSUER, audience=ISSUER, leeway=0)
        first = await _refusal(verifier, token)
        gc.collect()
        assert first() is None
        second = await _refusal(verifier, token)  # answered from the cache: still refused
        gc.collect()
        assert second() is None
