#!/usr/bin/env bash
# ensure-debian-package.sh PACKAGE BINARY [PATH_VAR]: installs Debian's PACKAGE with apt-get (through sudo
# when not root) unless BINARY is already executable. PATH_VAR names the variable that points at another
# binary, for the message when nothing can be installed. Used by ensure-chromium.sh and ensure-pgbouncer.sh.
set -euo pipefail
PACKAGE="$1" BINARY="$2" PATH_VAR="${3:-}"
if [ -x "$BINARY" ]; then exit 0; fi
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "$PACKAGE is missing: run 'sudo apt-get install $PACKAGE' (as root), then retry." >&2; exit 1
    fi
  fi
  echo "==> Installing $PACKAGE from Debian's packages (apt-get install $PACKAGE)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -qq "$PACKAGE" >/dev/null 2>&1 || {
    $SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq "$PACKAGE" >/dev/null
  }
  [ -x "$BINARY" ] && exit 0
fi
echo "$PACKAGE is missing and no apt-get is available: install $PACKAGE${PATH_VAR:+ and set $PATH_VAR to its binary}." >&2
exit 1
