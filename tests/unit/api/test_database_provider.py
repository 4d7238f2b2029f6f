"""``todos-api migrate|serve`` without DATABASE_URL: a database that an installed package registers."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from importlib.metadata import EntryPoint

import pytest
from todos_api.cli import main
from todos_api.db import provider
from todos_devstack import embedded

URL = "postgresql://postgres@127.0.0.1:1/postgres"
FAILED = "the embedded PostgreSQL could not start: see .data/postgres/log"


class Registered:
    """An entry point whose target is given, not imported (what ``EntryPoint.load`` returns)."""

    def __init__(self, name: str, target: Callable[..., object]) -> None:
        self.name, self.value, self._target = name, f"tests:{name}", target

    def load(self) -> Callable[..., object]:
        return self._target


@pytest.fixture(autouse=True)
def _no_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)


def test_the_workspace_registers_devstacks_embedded_postgres() -> None:
    (entry,) = provider.registered()

    assert entry.value == "todos_devstack.embedded:provide_database"
    assert entry.load() is embedded.provide_database


def test_database_url_wins_over_a_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", URL)
    monkeypatch.setattr(provider, "registered", lambda: pytest.fail("provider asked"))

    with provider.database_url(print) as url:
        assert url == URL


def test_the_provided_database_runs_for_the_body_then_stops(monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[str] = []

    @contextlib.contextmanager
    def provide(say: provider.Say) -> Iterator[str]:
        say("starting")
        yield URL
        events.append("stopped")

    monkeypatch.setattr(provider, "registered", lambda: [Registered("fake", provide)])

    with provider.database_url(events.append) as url:
        events.append(f"using {url}")

    assert events == ["starting", f"using {URL}", "stopped"]


def test_a_provider_that_cannot_start_is_one_line_and_exit_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    @contextlib.contextmanager
    def provide(_say: provider.Say) -> Iterator[str]:
        raise RuntimeError(FAILED)
        yield URL  # pragma: no cover - makes this a generator

    monkeypatch.setattr(provider, "registered", lambda: [Registered("broken", provide)])

    assert main(["migrate"]) == 1

    assert capsys.readouterr().err == f"todos-api: {FAILED}\n"


def test_two_providers_are_refused_rather_than_picked(monkeypatch: pytest.MonkeyPatch) -> None:
    entries = [Registered(name, embedded.provide_database) for name in ("one", "two")]
    monkeypatch.setattr(provider, "registered", lambda: entries)

    with pytest.raises(provider.NoDatabase, match="several packages provide a database"):
        with provider.database_url(print):
            pass


def test_a_registered_provider_that_cannot_be_imported_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    entry = EntryPoint("gone", "todos_no_such_package.embedded:provide", provider.ENTRY_POINT_GROUP)
    monkeypatch.setattr(provider, "registered", lambda: [entry])

    with pytest.raises(provider.NoDatabase, match="todos_no_such_package"):
        with provider.database_url(print):
            pass
