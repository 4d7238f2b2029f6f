#!/usr/bin/env bash
# Prints the interpreter the workspace venv is built with: Python 3.13 when this machine has it (pyenv ships it
# at a fixed path; uv cannot download interpreters here), else the newest python3.1x >= 3.11 on PATH.
set -euo pipefail
for candidate in "${TODOS_PYTHON:-}" /root/.pyenv/versions/3.13.0/bin/python3.13 \
                 "$(command -v python3.13 || true)" "$(command -v python3.12 || true)" \
                 "$(command -v python3.11 || true)" "$(command -v python3 || true)"; do
  [ -n "$candidate" ] && [ -x "$candidate" ] || continue
  if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "$candidate"
    exit 0
  fi
done
echo "No Python >= 3.11 found: install python3.11 or newer (e.g. 'apt-get install python3')." >&2
exit 1
