#!/usr/bin/env bash
# Makes `uv` available: it is the only tool the Python side needs up front. Installed with pip (user site)
# when missing, because PyPI is the one installer source every machine we run on can reach.
set -euo pipefail
if command -v uv >/dev/null 2>&1; then exit 0; fi
echo "==> Installing uv (pip install --user uv)…" >&2
python3 -m pip install --quiet --user uv 2>/dev/null || python3 -m pip install --quiet uv || {
  echo "Could not install uv: run 'python3 -m pip install uv' and retry." >&2
  exit 1
}
command -v uv >/dev/null 2>&1 || [ -x "$HOME/.local/bin/uv" ] || {
  echo "uv was installed but is not on PATH: add \$HOME/.local/bin to PATH and retry." >&2
  exit 1
}
