"""Fixtures shared by the integration suites that call the API with signed tokens (``api``, ``edge``): the
signing key and the JWKS server publishing it. What touches a database (``admin``, ``users``) stays in each
suite's conftest: a session fixture defined here would be built once, on the first suite's database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.tokens import JwksServer, SigningKey


@pytest.fixture(scope="session")
def signing_key() -> SigningKey:
    return SigningKey()


@pytest.fixture(scope="session")
def jwks(signing_key: SigningKey) -> Iterator[JwksServer]:
    server = JwksServer(signing_key)
    yield server
    server.close()
