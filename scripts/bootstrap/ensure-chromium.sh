#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through Playwright (Playwright's own browser download cannot
# work on a machine that reaches only the package registries). Installs it when missing and possible.
# CHROMIUM_PATH points at another binary.
set -euo pipefail
exec "$(dirname "$0")/ensure-debian-package.sh" chromium "${CHROMIUM_PATH:-/usr/bin/chromium}" CHROMIUM_PATH
