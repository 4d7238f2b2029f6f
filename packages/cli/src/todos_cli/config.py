"""What `todo` remembers between runs: the profile (URLs, email) and the Better Auth session token.

The token is the only credential stored (never a password). It goes to the OS keyring when one is usable,
else to a file readable by the user only (0600) in the config dir. The profile records which of the two holds
it, so that reading it back never has to probe for a keyring: on a headless Linux box (no D-Bus session, so no
Secret Service) `keyring` is not even imported, which keeps `todo` quick to start.

Config dir: TODO_CONFIG_DIR, else the platform's user config dir (`~/.config/todos` on Linux).
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

KEYRING_SERVICE = "todos"
KEYRING_USERNAME = "session-token"
PROFILE_FILE = "profile.json"
TOKEN_FILE = "session-token"

CredentialStore = Literal["file", "keyring"]


def config_dir() -> Path:
    if explicit := os.environ.get("TODO_CONFIG_DIR"):
        return Path(explicit)
    from platformdirs import user_config_path

    return user_config_path("todos", appauthor=False)


@dataclass(frozen=True)
class Profile:
    """The non-secret settings saved at login; URLs given on the command line or environment win."""

    api_url: str | None = None
    auth_url: str | None = None
    email: str | None = None
    credential_store: CredentialStore = "file"


def load_profile(directory: Path | None = None) -> Profile:
    path = (directory or config_dir()) / PROFILE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Profile()
    known = {key: value for key, value in data.items() if key in Profile.__dataclass_fields__}
    return Profile(**known)


def save_profile(profile: Profile, directory: Path | None = None) -> None:
    directory = directory or config_dir()
    _ensure_private_dir(directory)
    text = json.dumps(asdict(profile), indent=2, sort_keys=True) + "\n"
    _write_private(directory / PROFILE_FILE, text)


def keyring_usable() -> bool:
    """Whether an OS keyring can hold the token; decided without importing keyring when it cannot."""
    if os.environ.get("PYTHON_KEYRING_BACKEND"):  # keyring's own setting: the user chose a backend
        return _keyring_has_backend()
    unix_desktop = sys.platform.startswith(("linux", "freebsd", "openbsd"))
    if unix_desktop and not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        # Secret Service and KWallet are reached over the D-Bus session bus; without one there is no keyring.
        return False
    return _keyring_has_backend()


def _keyring_has_backend() -> bool:
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return False
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken backend configuration: fall back to the file
        return False
    return not isinstance(backend, fail.Keyring) and backend.priority > 0


def load_token(profile: Profile, directory: Path | None = None) -> str | None:
    """The stored session token, from wherever the profile says it was stored."""
    if profile.credential_store == "keyring":
        try:
            import keyring

            return keyring.get_password(KEYRING_SERVICE, KEYRING_USERNAME)
        except Exception:  # keyring gone or locked since login: same as not signed in
            return None
    try:
        return (directory or config_dir()).joinpath(TOKEN_FILE).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def save_token(token: str, directory: Path | None = None) -> CredentialStore:
    """Store the session token (keyring if usable, else a 0600 file); returns where it went."""
    directory = directory or config_dir()
    if keyring_usable():
        try:
            import keyring

            keyring.set_password(KEYRING_SERVICE, KEYRING_USERNAME, token)
        except Exception:  # e.g. a locked keyring that refuses writes: the file still works
            pass
        else:
            (directory / TOKEN_FILE).unlink(missing_ok=True)
            return "keyring"
    _ensure_private_dir(directory)
    _write_private(directory / TOKEN_FILE, token + "\n")
    return "file"


def delete_token(profile: Profile, directory: Path | None = None) -> None:
    """Forget the stored session token, wherever it is."""
    (directory or config_dir()).joinpath(TOKEN_FILE).unlink(missing_ok=True)
    if profile.credential_store == "keyring":
        try:
            import keyring

            keyring.delete_password(KEYRING_SERVICE, KEYRING_USERNAME)
        except Exception:  # already gone, or no keyring any more: nothing left to forget
            pass


def token_location(store: CredentialStore, directory: Path | None = None) -> str:
    return "the system keyring" if store == "keyring" else str((directory or config_dir()) / TOKEN_FILE)


def _ensure_private_dir(directory: Path) -> None:
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)


def _write_private(path: Path, text: str) -> None:
    """Write a file that only the user can read, created with that mode (no window where it is 0644)."""
    temporary = path.with_name(f".{path.name}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(temporary, 0o600)  # O_CREAT's mode does not apply to a leftover temporary file
    os.replace(temporary, path)
