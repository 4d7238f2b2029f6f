#!/usr/bin/env bash
# The Neon-shaped integration tests and the benchmark's PgBouncer row run Debian's PgBouncer in transaction
# mode in front of the throwaway PostgreSQL (tests start it themselves, like PostgreSQL). Installs it when
# missing and possible. PGBOUNCER_PATH points at another binary.
set -euo pipefail
exec "$(dirname "$0")/ensure-debian-package.sh" pgbouncer "${PGBOUNCER_PATH:-/usr/sbin/pgbouncer}" PGBOUNCER_PATH
