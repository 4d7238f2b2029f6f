#!/usr/bin/env bash
# The Neon-shaped integration tests and the benchmark's PgBouncer row run Debian's PgBouncer in transaction
# mode in front of the throwaway PostgreSQL (tests start it themselves, like PostgreSQL). Installs it when
# missing and possible. PGBOUNCER_PATH points at another binary.
set -euo pipefail
PGBOUNCER="${PGBOUNCER_PATH:-/usr/sbin/pgbouncer}"
if [ -x "$PGBOUNCER" ]; then exit 0; fi
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "PgBouncer is missing: run 'sudo apt-get install pgbouncer' (as root), then retry." >&2; exit 1
    fi
  fi
  echo "==> Installing PgBouncer from Debian's packages (apt-get install pgbouncer)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -qq pgbouncer >/dev/null 2>&1 || {
    $SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq pgbouncer >/dev/null
  }
  [ -x "$PGBOUNCER" ] && exit 0
fi
echo "PgBouncer is missing and no apt-get is available: install PgBouncer and set PGBOUNCER_PATH to its binary." >&2
exit 1
