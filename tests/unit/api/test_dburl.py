"""DATABASE_URL → asyncpg arguments: libpq parameters translated, TLS verified, nothing unknown passed."""

from __future__ import annotations

import logging
import ssl

import pytest
from todos_api.db.dburl import DatabaseUrlError, parse_database_url


def test_plain_url_parts() -> None:
    params = parse_database_url("postgresql://alice:p%40ss@db.example:6543/todos")
    assert params.asyncpg_kwargs() == {
        "host": "db.example",
        "port": 6543,
        "user": "alice",
        "password": "p@ss",
        "database": "todos",
        "server_settings": {"client_encoding": "UTF8"},
    }


@pytest.mark.parametrize("scheme", ["postgres", "postgresql", "postgresql+asyncpg", "postgresql+psycopg"])
def test_accepted_schemes(scheme: str) -> None:
    assert parse_database_url(f"{scheme}://u@h/d").host == "h"


@pytest.mark.parametrize("url", ["mysql://u@h/d", "h:5432/d", "sqlite:///x.db"])
def test_other_schemes_are_refused(url: str) -> None:
    with pytest.raises(DatabaseUrlError):
        parse_database_url(url)


def test_sslmode_require_means_verified_tls() -> None:
    context = parse_database_url("postgresql://u@ep-x.neon.tech/db?sslmode=require").ssl
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname is True


def test_verify_ca_checks_the_chain_but_not_the_host() -> None:
    context = parse_database_url("postgresql://u@h/db?sslmode=verify-ca").ssl
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname is False


def test_verify_full_with_missing_root_cert_is_a_clear_error() -> None:
    with pytest.raises(DatabaseUrlError, match="TLS files"):
        parse_database_url("postgresql://u@h/db?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem")


@pytest.mark.parametrize(
    ("query", "expected"), [("sslmode=disable", False), ("sslmode=prefer", "prefer"), ("", None)]
)
def test_non_verifying_modes_pass_through(query: str, expected: object) -> None:
    assert parse_database_url(f"postgresql://u@h/db?{query}").ssl == expected


def test_ssl_true_alias_is_verified_tls() -> None:
    assert isinstance(parse_database_url("postgresql://u@h/db?ssl=true").ssl, ssl.SSLContext)


def test_unknown_sslmode_is_refused() -> None:
    with pytest.raises(DatabaseUrlError, match="sslmode"):
        parse_database_url("postgresql://u@h/db?sslmode=sometimes")


def test_other_libpq_parameters_are_translated() -> None:
    params = parse_database_url(
        "postgresql:///todos?host=/run/postgresql&port=5433&user=bob&connect_timeout=4"
        "&application_name=todos-api&target_session_attrs=read-write"
    )
    kwargs = params.asyncpg_kwargs()
    assert kwargs["host"] == "/run/postgresql" and kwargs["port"] == 5433 and kwargs["user"] == "bob"
    assert kwargs["timeout"] == 4.0
    assert kwargs["server_settings"] == {"client_encoding": "UTF8", "application_name": "todos-api"}
    assert kwargs["target_session_attrs"] == "read-write"


def test_unknown_parameters_are_dropped_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        params = parse_database_url("postgresql://u@h/db?sslmode=require&channel_binding=require&foo=1")
    kwargs = params.asyncpg_kwargs()
    assert "channel_binding" not in kwargs and "foo" not in kwargs
    assert "channel_binding" in caplog.text and "foo" in caplog.text


def test_sqlalchemy_forms_for_alembic() -> None:
    params = parse_database_url("postgresql://u:pw@h:5/db?sslmode=disable&connect_timeout=3")
    assert params.sqlalchemy_url() == "postgresql+asyncpg://u:pw@h:5/db"
    assert params.sqlalchemy_connect_args() == {
        "ssl": False,
        "timeout": 3.0,
        "server_settings": {"client_encoding": "UTF8"},
    }


def test_password_is_not_in_repr() -> None:
    assert "secret" not in repr(parse_database_url("postgresql://u:secret@h/db"))
