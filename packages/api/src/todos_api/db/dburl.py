"""Turn a libpq-style ``DATABASE_URL`` into asyncpg connection arguments.

asyncpg refuses keyword arguments it does not know, and SQLAlchemy's asyncpg dialect passes URL query
parameters straight through, so every query parameter is translated here or dropped with a warning.
``sslmode=require`` means *verified* TLS (certificate chain and host name), stricter than libpq, because the
production database (Neon) is reached over the internet.
"""

from __future__ import annotations

import logging
import ssl
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

logger = logging.getLogger(__name__)

_SCHEMES = {"postgres", "postgresql"}
_VERIFYING_MODES = {"require", "verify-ca", "verify-full"}
_PASSTHROUGH_MODES = {"disable", "allow", "prefer"}


class DatabaseUrlError(ValueError):
    """DATABASE_URL cannot be used (bad scheme, bad sslmode, unreadable certificate...)."""


@dataclass(frozen=True)
class ConnectParams:
    """Everything asyncpg.connect needs, minus pool and cache settings."""

    host: str | None
    port: int | None
    user: str | None
    password: str | None = field(repr=False)
    database: str | None
    ssl: ssl.SSLContext | str | bool | None
    timeout: float | None = None
    server_settings: dict[str, str] = field(default_factory=dict)
    target_session_attrs: str | None = None

    def asyncpg_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "host": self.host,
            "port": self.port,
            "user": self.user,
            "password": self.password,
            "database": self.database,
        }
        if self.ssl is not None:
            kwargs["ssl"] = self.ssl
        if self.timeout is not None:
            kwargs["timeout"] = self.timeout
        if self.server_settings:
            kwargs["server_settings"] = dict(self.server_settings)
        if self.target_session_attrs is not None:
            kwargs["target_session_attrs"] = self.target_session_attrs
        return {key: value for key, value in kwargs.items() if value is not None}

    def sqlalchemy_url(self) -> str:
        """A ``postgresql+asyncpg://`` URL without query (pass ``connect_args`` for the rest)."""
        from sqlalchemy.engine import URL

        return URL.create(
            "postgresql+asyncpg",
            username=self.user,
            password=self.password,
            host=self.host,
            port=self.port,
            database=self.database,
        ).render_as_string(hide_password=False)

    def sqlalchemy_connect_args(self) -> dict[str, Any]:
        kwargs = self.asyncpg_kwargs()
        for key in ("host", "port", "user", "password", "database"):
            kwargs.pop(key, None)
        return kwargs


def parse_database_url(url: str) -> ConnectParams:
    parts = urlsplit(url)
    scheme = parts.scheme.split("+", 1)[0]
    if scheme not in _SCHEMES:
        raise DatabaseUrlError(
            f"DATABASE_URL must start with postgresql:// (got {parts.scheme or 'nothing'}://)"
        )
    query = dict(parse_qsl(parts.query, keep_blank_values=True))

    # libpq also accepts these as query parameters (?host=/run/postgresql for a unix socket directory).
    host = _take(query, "host") or (unquote(parts.hostname) if parts.hostname else None)
    try:
        port = parts.port
    except ValueError as err:
        raise DatabaseUrlError("DATABASE_URL has an invalid port") from err
    port_param = _take(query, "port")
    if port_param is not None:
        port = _int_param("port", port_param)
    user = _take(query, "user") or (unquote(parts.username) if parts.username else None)
    password = _take(query, "password") or (unquote(parts.password) if parts.password else None)
    database = _take(query, "dbname") or unquote(parts.path.lstrip("/")) or None

    ssl_value = _ssl_from_query(query)

    timeout_param = _take(query, "connect_timeout")
    timeout = float(_int_param("connect_timeout", timeout_param)) or None if timeout_param else None
    application_name = _take(query, "application_name")
    # asyncpg announces client_encoding "utf-8"; the server reports "UTF8". PgBouncer (Neon's pooled
    # endpoint) compares those strings and sends `SET client_encoding` on every transaction it hands over
    # when they differ (measured: tests/integration/api/test_round_trips.py, pgbouncer run). Same encoding.
    server_settings = {"client_encoding": "UTF8"}
    if application_name:
        server_settings["application_name"] = application_name
    target_session_attrs = _take(query, "target_session_attrs")

    for name in sorted(query):
        # e.g. Neon's channel_binding=require: asyncpg has no equivalent; verified TLS already
        # rules out a man in the middle.
        logger.warning("DATABASE_URL parameter %r is not supported by asyncpg and is ignored", name)

    return ConnectParams(
        host=host,
        port=port,
        user=user,
        password=password,
        database=database,
        ssl=ssl_value,
        timeout=timeout,
        server_settings=server_settings,
        target_session_attrs=target_session_attrs,
    )


def _take(query: dict[str, str], name: str) -> str | None:
    return query.pop(name) if name in query else None


def _int_param(name: str, value: str) -> int:
    try:
        return int(value)
    except ValueError as err:
        raise DatabaseUrlError(f"DATABASE_URL parameter {name}={value!r} is not an integer") from err


def _ssl_from_query(query: dict[str, str]) -> ssl.SSLContext | str | bool | None:
    mode = _take(query, "sslmode")
    legacy = _take(query, "ssl")  # SQLAlchemy/asyncpg spelling: ?ssl=true / ?ssl=require
    if mode is None and legacy is not None:
        mode = "require" if legacy.lower() in {"true", "1", "require"} else legacy.lower()
    rootcert = _take(query, "sslrootcert")
    certfile = _take(query, "sslcert")
    keyfile = _take(query, "sslkey")
    if mode is None:
        return None  # asyncpg's default (PGSSLMODE or "prefer")
    if mode in {"false", "0"}:
        mode = "disable"
    if mode in _PASSTHROUGH_MODES:
        return mode if mode != "disable" else False
    if mode not in _VERIFYING_MODES:
        raise DatabaseUrlError(f"DATABASE_URL has an unknown sslmode={mode!r}")

    cafile = None if rootcert in (None, "system") else rootcert
    try:
        context = ssl.create_default_context(cafile=cafile)
        if certfile:
            context.load_cert_chain(certfile, keyfile)
    except (OSError, ssl.SSLError) as err:
        raise DatabaseUrlError(f"cannot load the TLS files named in DATABASE_URL: {err}") from err
    # verify-ca checks the chain only, as libpq does; require and verify-full also check the host name.
    context.check_hostname = mode != "verify-ca"
    return context
