"""``todos-api``: ``migrate``, ``serve``, ``openapi``.

argparse rather than Typer: three commands, and a console script that starts fast. Heavy imports
(FastAPI, Alembic, uvicorn) happen inside the command that needs them.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from todos_api.db.provider import NoDatabase, database_url


def _say(message: str) -> None:
    print(f"todos-api: {message}", file=sys.stderr, flush=True)


def migrate(_args: argparse.Namespace) -> int:
    from todos_api.db.migrate import upgrade

    with database_url(_say) as url:
        upgrade(url)
    _say("database schema is up to date")
    return 0


def _exit_on_sigterm(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from todos_api.http.protocol import uvicorn_options

    # uvicorn re-raises SIGTERM after its graceful shutdown; with Python's default handler that would end the
    # process before a provided database (db/provider.py: the workspace's embedded PostgreSQL) is stopped.
    # Exit through Python instead.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    with database_url(_say) as url:
        # Workers are separate processes: they read the URL from the environment.
        os.environ["DATABASE_URL"] = url
        uvicorn.run(
            "todos_api.main:app",
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level=args.log_level,
            access_log=args.access_log,
            **uvicorn_options(),  # header and body limits, trusted proxies, shutdown grace (docs/api.md)
        )
    return 0


def openapi(args: argparse.Namespace) -> int:
    from todos_api.main import create_app

    document = json.dumps(create_app().openapi(), indent=2, ensure_ascii=False) + "\n"
    if args.output:
        Path(args.output).write_text(document, encoding="utf-8")
    else:
        sys.stdout.write(document)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="todos-api", description="The Todos API service.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser("migrate", help="apply the database migrations (idempotent)").set_defaults(
        run=migrate
    )

    serve_parser = commands.add_parser("serve", help="run the HTTP API (uvicorn)")
    serve_parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default: 127.0.0.1)")
    serve_parser.add_argument("--port", type=int, default=8000, help="port to bind (default: 8000)")
    serve_parser.add_argument("--workers", type=int, default=1, help="worker processes (default: 1)")
    serve_parser.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )
    serve_parser.add_argument(
        "--access-log", action=argparse.BooleanOptionalAction, default=True, help="log every request"
    )
    serve_parser.set_defaults(run=serve)

    openapi_parser = commands.add_parser("openapi", help="print the OpenAPI document")
    openapi_parser.add_argument("-o", "--output", help="write to this file instead of stdout")
    openapi_parser.set_defaults(run=openapi)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from todos_api.db.dburl import DatabaseUrlError

    try:
        code: int = args.run(args)
    except (DatabaseUrlError, NoDatabase) as err:
        _say(str(err))
        return 1
    except KeyboardInterrupt:
        return 130
    except (OSError, RuntimeError) as err:
        # Unreachable database, missing Better Auth tables...: one line, not a traceback.
        _say(f"{type(err).__name__}: {err}")
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
