"""Settings read from the environment (names are a contract: see DESIGN.md and docs/api.md)."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore", frozen=True)

    # Unset means "start the embedded PostgreSQL" (only the CLI does that; the app itself needs a URL).
    database_url: str | None = None

    # A deployable of its own, so it does not import the SDK for this: todos_sdk/_settings.py holds the shared
    # local defaults, and tests/unit/sdk/test_settings.py fails when this one differs.
    auth_url: str = "http://localhost:3000"
    auth_jwks_url: str | None = None
    auth_issuer: str | None = None
    auth_audience: str | None = None
    auth_jwt_secret: SecretStr | None = None
    # Clock skew tolerated on exp/iat/nbf, in seconds.
    auth_leeway_seconds: float = Field(default=10.0, ge=0, le=300)
    # An unknown kid triggers a JWKS refetch at most this often; keys are also refreshed after the TTL.
    auth_jwks_min_refetch_seconds: float = Field(default=5.0, ge=0)
    auth_jwks_ttl_seconds: float = Field(default=600.0, gt=0)
    # Tokens whose exp - iat (exp - now without iat) is longer are refused; Better Auth issues 15-minute ones.
    auth_max_token_lifetime_seconds: float = Field(default=86_400.0, gt=0)

    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)

    db_pool_size: int = Field(default=10, ge=1)
    # 0 turns asyncpg's named prepared statements off (PgBouncer in transaction mode).
    db_statement_cache_size: int = Field(default=100, ge=0)
    db_command_timeout_seconds: float = Field(default=15.0, gt=0)
    db_connect_timeout_seconds: float = Field(default=10.0, gt=0)
    # Idle pooled connections are closed after this long, so a server-side idle timeout rarely hits us.
    db_max_idle_seconds: float = Field(default=300.0, ge=0)

    max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    # The request line and headers together; larger blocks get 431 (todos-api serve's HTTP protocol).
    max_header_bytes: int = Field(default=32 * 1024, ge=1024)
    # A request whose headers have not all arrived this long after its first byte gets 408 and is closed;
    # a connection that sends nothing at all is closed after the same time.
    header_timeout_seconds: float = Field(default=10.0, gt=0)
    # A request whose body has not all arrived this long after its headers gets 408 and is closed.
    body_timeout_seconds: float = Field(default=30.0, gt=0)
    # Reverse proxies whose X-Forwarded-For/-Proto are believed (uvicorn's FORWARDED_ALLOW_IPS: addresses or
    # networks, comma-separated; "*" any). Empty: none, the headers are ignored (uvicorn trusts 127.0.0.1).
    forwarded_allow_ips: str = ""
    # On SIGTERM: stop accepting, let running requests finish this long, then answer them 503 and close.
    shutdown_grace_seconds: int = Field(default=20, ge=0)
    # Live updates (GET /api/v1/todos/events, live.py). Off: no LISTEN (PgBouncer in transaction mode), the
    # streams read the change feed every EVENTS_POLL_SECONDS instead.
    events_listen: bool = True
    events_poll_seconds: float = Field(default=2.0, gt=0)
    events_heartbeat_seconds: float = Field(default=15.0, gt=0)
    events_max_streams_per_user: int = Field(default=5, ge=1)
    # How often each process checks, in one statement for all its open streams, that their sessions still
    # exist: a signed-out (or revoked API key's) stream ends within about this long.
    events_session_check_seconds: float = Field(default=5.0, gt=0)
    # Seals the change feed's cursors (cursor_key.py); unset: a random secret kept in PostgreSQL.
    cursor_secret: SecretStr | None = None
    # Unset: a stream lasts until the client leaves. Set: each stream ends (cleanly) after this long and the
    # client resumes with Last-Event-ID; bounds a connection's life behind proxies, and gives a fuzzer's
    # read of the stream an end (tests/integration/served/test_schemathesis.py).
    events_max_stream_seconds: float | None = Field(default=None, gt=0)
    # FastAPI's native OpenTelemetry (traces, metrics, logs to the global providers); off by default.
    otel_enabled: bool = False

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip().rstrip("/") for origin in value.split(",") if origin.strip()]
        return value

    @model_validator(mode="after")
    def _check_urls(self) -> Settings:
        if not self.auth_url.startswith(("http://", "https://")):
            raise ValueError("AUTH_URL must be an http(s) URL")
        return self

    @property
    def auth_base_url(self) -> str:
        return self.auth_url.rstrip("/")

    @property
    def jwks_url(self) -> str:
        return self.auth_jwks_url or f"{self.auth_base_url}/api/auth/jwks"

    @property
    def issuer(self) -> str:
        return self.auth_issuer or self.auth_base_url

    @property
    def audience(self) -> str:
        return self.auth_audience or self.auth_base_url

    @property
    def allowed_origins(self) -> list[str]:
        return self.cors_origins or [self.auth_base_url, *_loopback_twins(self.auth_base_url)]


# Two names of this machine that a browser treats as different origins: `next start` prints
# http://127.0.0.1:3000 while `make run` says http://localhost:3000, and either must work. The web's Better
# Auth trusts the same pair (packages/web/lib/config.ts).
_LOOPBACK_HOSTS = ("localhost", "127.0.0.1")


def _loopback_twins(url: str) -> list[str]:
    """A loopback URL's origin in its other spellings, same scheme and port; none for any other URL."""
    parts = urlsplit(url)
    if parts.hostname not in _LOOPBACK_HOSTS:
        return []
    port = f":{parts.port}" if parts.port else ""
    return [f"{parts.scheme}://{host}{port}" for host in _LOOPBACK_HOSTS if host != parts.hostname]


@lru_cache
def get_settings() -> Settings:
    return Settings()
