"""`todo`: the Todos command line, built on todos_sdk. Entry point: todos_cli.main:app."""

import sys

# httpx imports its own command line (click, rich.progress, pygments: ~100 ms) whenever click is installed,
# and `todo` never uses it; a None entry makes that optional import fail at once, which httpx handles.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]  # None is how sys.modules blocks an import
