#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through Playwright (Playwright's own browser download cannot
# work on a machine that reaches only the package registries). Installs it when missing and possible.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then exit 0; fi
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "Chromium is missing: run 'sudo apt-get install chromium' (as root), then retry." >&2; exit 1
    fi
  fi
  echo "==> Installing Chromium from Debian's packages (apt-get install chromium)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -qq chromium >/dev/null 2>&1 || {
    $SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq chromium >/dev/null
  }
  [ -x "$CHROMIUM" ] && exit 0
fi
echo "Chromium is missing and no apt-get is available: install Chromium and set CHROMIUM_PATH to its binary." >&2
exit 1
