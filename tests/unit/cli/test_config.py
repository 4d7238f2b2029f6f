"""The token store: keyring when usable, else a 0600 file; on headless Linux, decided without keyring."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from todos_cli.config import (
    KEYRING_SERVICE,
    KEYRING_USERNAME,
    Profile,
    delete_token,
    keyring_usable,
    load_profile,
    load_token,
    save_token,
)

from tests.support.memory_keyring import MemoryKeyring


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.support.memory_keyring.MemoryKeyring")
    yield backend
    keyring.set_keyring(previous)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the D-Bus shortcut is for Linux")
def test_headless_linux_decides_for_the_file_without_importing_keyring(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DBUS_SESSION_BUS_ADDRESS", "PYTHON_KEYRING_BACKEND")
    }
    env["TODO_CONFIG_DIR"] = str(tmp_path)
    script = (
        "import sys; from todos_cli.config import keyring_usable, save_token, load_token, Profile;"
        "usable = keyring_usable(); store = save_token('t0k3n');"
        "print(usable, store, load_token(Profile(credential_store=store)), 'keyring' in sys.modules)"
    )

    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )

    assert result.stdout.split() == (
        ["False", "file", "t0k3n", "False"] if sys.platform == "linux" else result.stdout.split()
    )


def test_token_goes_to_the_keyring_when_one_is_usable(memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    assert keyring_usable()

    store = save_token("t0k3n", tmp_path)

    assert store == "keyring"
    assert memory_keyring.passwords == {(KEYRING_SERVICE, KEYRING_USERNAME): "t0k3n"}
    assert not (tmp_path / "session-token").exists()
    assert load_token(Profile(credential_store="keyring"), tmp_path) == "t0k3n"
    delete_token(Profile(credential_store="keyring"), tmp_path)
    assert memory_keyring.passwords == {}


def test_a_keyring_that_refuses_writes_falls_back_to_the_file(
    memory_keyring: MemoryKeyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_credentials: str) -> None:
        raise keyring.errors.KeyringLocked("locked")

    monkeypatch.setattr(memory_keyring, "set_password", refuse)

    assert save_token("t0k3n", tmp_path) == "file"
    assert load_token(Profile(credential_store="file"), tmp_path) == "t0k3n"


def test_file_token_is_private_even_when_overwriting(tmp_path: Path) -> None:
    (tmp_path / "session-token").write_text("old")
    (tmp_path / "session-token").chmod(0o644)

    save_token("new", tmp_path)

    assert (tmp_path / "session-token").stat().st_mode & 0o777 == 0o600
    assert load_token(Profile(), tmp_path) == "new"


def test_unreadable_profile_reads_as_defaults(tmp_path: Path) -> None:
    (tmp_path / "profile.json").write_text("{not json")

    assert load_profile(tmp_path) == Profile()


def test_profile_ignores_unknown_keys(tmp_path: Path) -> None:
    (tmp_path / "profile.json").write_text(json.dumps({"api_url": "http://x", "future_key": 1}))

    assert load_profile(tmp_path) == Profile(api_url="http://x")
