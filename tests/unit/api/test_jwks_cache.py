"""JwksCache (one shared fetch, rate-limited refetch, stale-while-revalidate) and the verified-token cache."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import jwt
import pytest
from todos_api.auth.jwks import JwksCache, parse_jwks
from todos_api.auth.security import Identity, JwksVerifier
from todos_api.auth.token_cache import VerifiedTokens
from todos_api.core.errors import AuthUnavailable, InvalidToken, TokenExpired

from tests.support.tokens import ISSUER, SigningKey, better_auth_claims, sign

URL = "https://auth.test/api/auth/jwks"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class SlowJwks:
    def __init__(self, *keys: SigningKey) -> None:
        self.keys = list(keys)
        self.fetches = 0
        self.release = asyncio.Event()
        self.release.set()

    async def handler(self, _request: httpx.Request) -> httpx.Response:
        self.fetches += 1
        await self.release.wait()
        return httpx.Response(200, json={"keys": [key.jwk for key in self.keys]})


@pytest.fixture
def key() -> SigningKey:
    return SigningKey()


async def test_concurrent_requests_share_one_fetch(key: SigningKey) -> None:
    jwks = SlowJwks(key)
    jwks.release.clear()
    async with httpx.AsyncClient(transport=httpx.MockTransport(jwks.handler)) as client:
        cache = JwksCache(URL, client)
        waiting = [asyncio.create_task(cache.get_key(key.kid)) for _ in range(20)]
        await asyncio.sleep(0.01)
        jwks.release.set()
        found = await asyncio.gather(*waiting)
    assert jwks.fetches == 1
    assert all(result is not None and result.algorithm_name == "EdDSA" for result in found)


async def test_unknown_kid_refetches_at_most_once_per_interval(key: SigningKey) -> None:
    jwks, clock = SlowJwks(key), Clock()
    async with httpx.AsyncClient(transport=httpx.MockTransport(jwks.handler)) as client:
        cache = JwksCache(URL, client, min_refetch=5.0, clock=clock)
        assert await cache.get_key(key.kid) is not None
        with pytest.raises(AuthUnavailable):  # first fetch was just now: no refetch, retry shortly
            await cache.get_key("forged-1")
        assert jwks.fetches == 1
        clock.now += 5.0
        assert await cache.get_key("forged-2") is None  # refetched: not published, a forged kid (401)
        with pytest.raises(AuthUnavailable):
            await cache.get_key("forged-3")
        assert jwks.fetches == 2


async def test_key_rotated_in_inside_the_interval_is_found_after_it(key: SigningKey) -> None:
    jwks, clock = SlowJwks(key), Clock()
    async with httpx.AsyncClient(transport=httpx.MockTransport(jwks.handler)) as client:
        cache = JwksCache(URL, client, min_refetch=5.0, clock=clock)
        assert await cache.get_key(key.kid) is not None
        rotated = SigningKey()
        jwks.keys = [rotated]
        with pytest.raises(AuthUnavailable):  # 503, not a 401 that would send the client to sign in again
            await cache.get_key(rotated.kid)
        clock.now += 5.0
        assert await cache.get_key(rotated.kid) is not None
        assert jwks.fetches == 2


async def test_stale_keys_are_served_while_refreshing(key: SigningKey) -> None:
    jwks, clock = SlowJwks(key), Clock()
    async with httpx.AsyncClient(transport=httpx.MockTransport(jwks.handler)) as client:
        cache = JwksCache(URL, client, ttl=60.0, min_refetch=1.0, clock=clock)
        assert await cache.get_key(key.kid) is not None
        clock.now += 61.0
        jwks.keys = []  # the key was withdrawn
        jwks.release.clear()
        assert await cache.get_key(key.kid) is not None  # not blocked by the refresh
        jwks.release.set()
        await asyncio.sleep(0.01)
        assert jwks.fetches == 2
        assert await cache.get_key(key.kid) is None  # gone after the refresh (and no refetch storm)


async def test_unreachable_jwks_is_auth_unavailable(key: SigningKey) -> None:
    async def down(_request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    async with httpx.AsyncClient(transport=httpx.MockTransport(down)) as client:
        cache = JwksCache(URL, client, min_refetch=5.0)
        with pytest.raises(AuthUnavailable):
            await cache.get_key(key.kid)
        with pytest.raises(AuthUnavailable):  # still unavailable inside the interval, without refetching
            await cache.get_key(key.kid)


def test_parse_jwks_keeps_only_asymmetric_signing_keys(key: SigningKey) -> None:
    document = {
        "keys": [
            key.jwk,
            {"kty": "oct", "k": "c2VjcmV0", "kid": "hmac", "alg": "HS256"},
            {**SigningKey().jwk, "kid": "enc", "use": "enc"},
            {k: v for k, v in SigningKey().jwk.items() if k != "kid"},
            {"kty": "OKP", "crv": "X448", "x": "AAAA", "kid": "bad-curve"},
            "not a key",
        ]
    }
    assert list(parse_jwks(document)) == [key.kid]


@pytest.mark.parametrize("document", [[], {}, {"keys": "x"}, "text"])
def test_parse_jwks_rejects_non_jwks(document: object) -> None:
    with pytest.raises(ValueError):
        parse_jwks(document)


async def test_verified_token_cache_rechecks_expiry() -> None:
    clock = Clock()
    tokens = VerifiedTokens(clock=clock)
    identity = Identity(user_id="u", session_id=None)
    tokens.add("t", identity, expires_at=clock.now + 60, kid="k")
    assert tokens.get("t", leeway=10) == (identity, "k")
    clock.now += 71
    assert tokens.get("t", leeway=10) is None


async def test_verified_token_cache_is_bounded() -> None:
    tokens = VerifiedTokens(max_entries=2)
    for name in ("a", "b", "c"):
        tokens.add(name, Identity(user_id=name, session_id=None), expires_at=4102444800, kid=None)
    assert tokens.get("a", leeway=0) is None
    assert tokens.get("c", leeway=0) is not None


async def test_withdrawn_key_stops_verifying_cached_tokens(key: SigningKey) -> None:
    jwks = SlowJwks(key)
    async with httpx.AsyncClient(transport=httpx.MockTransport(jwks.handler)) as client:
        cache = JwksCache(URL, client, ttl=0.001, min_refetch=0.0)
        verifier = JwksVerifier(cache, issuer=ISSUER, audience=ISSUER, leeway=10)
        token = sign(better_auth_claims("u"), key)
        assert (await verifier.verify(token)).user_id == "u"
        jwks.keys = []  # withdrawn: the next refresh no longer has it
        await asyncio.sleep(0.01)
        await verifier.verify(token)  # stale-while-revalidate: served while the refresh runs
        await asyncio.sleep(0.01)
        with pytest.raises(InvalidToken):
            await verifier.verify(token)


async def test_definitive_rejections_are_remembered_but_not_yet_valid_is_not(
    key: SigningKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    decodes: list[str] = []
    real_decode = jwt.decode

    def counting_decode(token: str, *args: Any, **kwargs: Any) -> Any:
        decodes.append(token)
        return real_decode(token, *args, **kwargs)

    monkeypatch.setattr(jwt, "decode", counting_decode)
    jwks = SlowJwks(key)
    async with httpx.AsyncClient(transport=httpx.MockTransport(jwks.handler)) as client:
        verifier = JwksVerifier(JwksCache(URL, client), issuer=ISSUER, audience=ISSUER, leeway=10)
        forged = sign(better_auth_claims("u"), SigningKey(kid=key.kid))
        expired = sign(better_auth_claims("u", lifetime=-60), key)
        early = sign(better_auth_claims("u", nbf=4102444800), key)
        for _ in range(3):
            with pytest.raises(InvalidToken):
                await verifier.verify(forged)
            with pytest.raises(TokenExpired):
                await verifier.verify(expired)
            with pytest.raises(InvalidToken):
                await verifier.verify(early)
    assert decodes.count(forged) == 1 and decodes.count(expired) == 1
    assert decodes.count(early) == 3
