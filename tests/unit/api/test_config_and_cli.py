"""Settings from the environment (contract names) and the todos-api command line."""

from __future__ import annotations

import json

import pytest
from todos_api.cli import build_parser, main
from todos_api.core.config import Settings
from todos_api.db import provider
from todos_api.http.protocol import uvicorn_options
from todos_devstack.embedded import default_data_dir


def test_contract_env_names_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    env = {
        "DATABASE_URL": "postgresql://u@h/db",
        "AUTH_URL": "https://todos.example/",
        "AUTH_JWKS_URL": "https://keys.example/jwks",
        "AUTH_ISSUER": "https://issuer.example",
        "AUTH_AUDIENCE": "https://audience.example",
        "AUTH_JWT_SECRET": "s" * 32,
        "CORS_ORIGINS": "https://a.example, https://b.example/",
        "DB_POOL_SIZE": "25",
        "DB_STATEMENT_CACHE_SIZE": "0",
        "BODY_TIMEOUT_SECONDS": "12.5",
        "FORWARDED_ALLOW_IPS": "10.1.2.3",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings = Settings()
    assert settings.database_url == env["DATABASE_URL"]
    assert settings.jwks_url == env["AUTH_JWKS_URL"]
    assert (settings.issuer, settings.audience) == (env["AUTH_ISSUER"], env["AUTH_AUDIENCE"])
    assert settings.auth_jwt_secret is not None and settings.auth_jwt_secret.get_secret_value() == "s" * 32
    assert settings.allowed_origins == ["https://a.example", "https://b.example"]
    assert settings.db_pool_size == 25 and settings.db_statement_cache_size == 0
    assert (settings.body_timeout_seconds, settings.forwarded_allow_ips) == (12.5, "10.1.2.3")


def test_defaults_follow_auth_url(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "AUTH_URL",
        "AUTH_JWKS_URL",
        "AUTH_ISSUER",
        "AUTH_AUDIENCE",
        "CORS_ORIGINS",
        "AUTH_JWT_SECRET",
    ):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert settings.auth_url == "http://localhost:3000"
    assert settings.jwks_url == "http://localhost:3000/api/auth/jwks"
    assert settings.issuer == settings.audience == "http://localhost:3000"
    assert settings.allowed_origins == ["http://localhost:3000", "http://127.0.0.1:3000"]
    assert settings.auth_jwt_secret is None


@pytest.mark.parametrize(
    ("auth_url", "origins"),
    [
        ("http://localhost:3400/", ["http://localhost:3400", "http://127.0.0.1:3400"]),
        ("http://127.0.0.1:3400", ["http://127.0.0.1:3400", "http://localhost:3400"]),
        ("http://localhost", ["http://localhost", "http://127.0.0.1"]),
        ("https://todos.example", ["https://todos.example"]),
        ("http://localhost.example:3400", ["http://localhost.example:3400"]),
    ],
)
def test_default_cors_origins_trust_both_loopback_spellings_of_auth_url(
    auth_url: str, origins: list[str]
) -> None:
    assert Settings(auth_url=auth_url, cors_origins=[]).allowed_origins == origins


def test_cors_origins_when_set_are_the_only_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORS_ORIGINS", "http://localhost:3400")
    assert Settings(auth_url="http://localhost:3400").allowed_origins == ["http://localhost:3400"]


def test_serve_flags() -> None:
    args = build_parser().parse_args(["serve", "--host", "0.0.0.0", "--port", "9000", "--workers", "3"])
    assert (args.host, args.port, args.workers, args.access_log) == ("0.0.0.0", 9000, 3, True)
    defaults = build_parser().parse_args(["serve", "--no-access-log"])
    assert (defaults.host, defaults.port, defaults.workers, defaults.access_log) == (
        "127.0.0.1",
        8000,
        1,
        False,
    )


def test_serve_believes_forwarded_headers_only_from_forwarded_allow_ips(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    assert uvicorn_options()["proxy_headers"] is False  # uvicorn alone would trust 127.0.0.1
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "10.0.0.0/8, 192.0.2.7")
    options = uvicorn_options()
    assert (options["proxy_headers"], options["forwarded_allow_ips"]) == (True, "10.0.0.0/8, 192.0.2.7")


def test_openapi_command_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["openapi"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "/api/v1/todos/{todo_id}/complete" in schema["paths"]


def test_bad_database_url_is_one_line_and_exit_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://u@h/db")
    assert main(["migrate"]) == 1
    assert capsys.readouterr().err.strip().startswith("todos-api: DATABASE_URL must start with postgresql://")


def test_default_data_dir_is_under_the_repository(tmp_path: pytest.TempPathFactory) -> None:
    repo = tmp_path / "repo"  # type: ignore[operator]
    (repo / "packages" / "api").mkdir(parents=True)
    (repo / "uv.lock").write_text("")
    assert default_data_dir(repo / "packages" / "api") == repo / ".data" / "postgres"


def test_migrate_without_database_url_or_embedded_postgres_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    # As in an environment with only the todos-api wheel: no package registers a database.
    monkeypatch.setattr(provider, "registered", list)

    assert main(["migrate"]) == 1

    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert "DATABASE_URL is not set and the embedded PostgreSQL is not installed" in lines[0]
    assert "todos-devstack" in lines[0]
