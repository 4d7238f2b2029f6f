# Todos — two commands: `make run` (the whole product on this machine) and `make test` (every test).
# Each installs what it needs first; see README.md.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
export PATH := $(HOME)/.local/bin:$(PATH)

PYTHON := $(shell scripts/bootstrap/find-python.sh)
WEB := packages/web
# Stamp files let make skip installs that are already up to date (npm ci wipes node_modules every time).
WEB_STAMP := $(WEB)/node_modules/.todos-installed
PY_STAMP := .venv/.todos-synced
# The product supports Python 3.11+; the main run uses 3.13, a second venv re-runs the Python-only tests on 3.11.
PY311 := $(shell command -v python3.11 2>/dev/null)
PY311_ENV := .venv-3.11
# Python code we hold to ruff + mypy --strict (the generated SDK is excluded in pyproject.toml).
PY_SOURCES := packages/api/src packages/api/migrations packages/sdk/src packages/cli/src tools/devstack/src scripts \
              tests bench

.PHONY: help run test check install install-python install-web install-browser install-pgbouncer install-system \
        install-py311 lint typecheck check-contract check-web check-api-types test-unit test-python test-py311 \
        lane-checks lane-e2e lane-py311 screenshots

help: ## Show the targets
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

run: install ## Run the product: embedded PostgreSQL, both migrations, web :3000 + API :8000
	@.venv/bin/python scripts/run.py  # todos_devstack.run

# `make test` in two phases, each spread over the two cores (docs/decisions.md, "Tests: make test in lanes"):
# 1. the installs at once (network- and disk-bound): uv sync 3.13 then 3.11, npm ci, apt-get;
# 2. three lanes at once (each mostly waits on its servers, so three keep two cores busy): every pytest run is
#    a separate process with its own throwaway PostgreSQL/PgBouncer/servers on free ports, so they cannot see
#    each other. Within a lane the steps stay in order (check-web's `next typegen` writes .next/, where the
#    e2e lane's `next build` writes too). Each lane's lines carry its name; -k reports every failing lane.
LANES := lane-py311 lane-checks lane-e2e
test: ## Run every test (installs included; timings in README)
	@$(MAKE) --no-print-directory -j4 install-python install-web install-system install-py311 && \
	 echo "==> installs done in $$SECONDS s"
	@$(MAKE) --no-print-directory -j3 -k $(LANES)
	@echo "==> All checks passed."

# The inner loop: what a change breaks most often (timings in README). The unit tests, the longest step, go first.
check: install-python install-web ## Fast checks: ruff, mypy, unit tests, OpenAPI/SDK drift, web API types
	@$(MAKE) --no-print-directory -j2 -k --output-sync=target test-unit lint typecheck check-contract check-api-types
	@echo "==> make check passed (make test runs everything)."

# Lane 1: the Python static checks, then unit + integration on the main Python.
lane-checks: install-python install-system
	@{ $(MAKE) --no-print-directory lint typecheck check-contract && \
	   echo "==> pytest (unit + integration)" && \
	   uv run --frozen pytest -q -p no:cacheprovider tests/unit tests/integration && \
	   echo "==> lane done in $$SECONDS s"; } 2>&1 | sed -u 's/^/[checks] /'

# Lane 2: the web's static checks, then the end-to-end tests (next build when stale, real stack, Chromium).
lane-e2e: install-python install-web install-system
	@{ $(MAKE) --no-print-directory check-web && \
	   echo "==> pytest (end-to-end)" && \
	   uv run --frozen pytest -q -p no:cacheprovider tests/e2e && \
	   echo "==> lane done in $$SECONDS s"; } 2>&1 | sed -u 's/^/[e2e] /'

# Lane 3: unit + integration on the oldest Python we support.
lane-py311: install-py311 install-system
	@{ $(MAKE) --no-print-directory test-py311 && echo "==> lane done in $$SECONDS s"; } 2>&1 | sed -u 's/^/[py3.11] /'

install: install-python install-web ## Install Python (uv) and web (npm ci) dependencies

install-python: $(PY_STAMP)
$(PY_STAMP): uv.lock pyproject.toml packages/api/pyproject.toml packages/sdk/pyproject.toml packages/cli/pyproject.toml \
             tools/devstack/pyproject.toml
	@scripts/bootstrap/ensure-uv.sh
	@echo "==> Installing Python dependencies (uv sync, Python: $(PYTHON))…"
	@uv sync --all-packages --frozen --compile-bytecode --python $(PYTHON) --quiet
	@touch $@

install-web: $(WEB_STAMP)
$(WEB_STAMP): $(WEB)/package-lock.json
	@command -v npm >/dev/null || { echo "Node.js 20+ with npm is required: install it (e.g. apt-get install nodejs npm)."; exit 1; }
	@echo "==> Installing web dependencies (npm ci)…"
	@cd $(WEB) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# apt-get takes a lock: the two system packages install one after the other.
install-system:
	@scripts/bootstrap/ensure-chromium.sh
	@scripts/bootstrap/ensure-pgbouncer.sh

install-browser: ## Install Debian's Chromium for the browser tests when missing
	@scripts/bootstrap/ensure-chromium.sh

install-pgbouncer: ## Install Debian's PgBouncer for the Neon-shaped tests when missing
	@scripts/bootstrap/ensure-pgbouncer.sh

lint: install-python ## ruff lint + format check
	@echo "==> ruff"
	@uv run --frozen ruff check .
	@uv run --frozen ruff format --check .

typecheck: install-python ## mypy --strict on our Python code
	@echo "==> mypy --strict"
	@uv run --frozen mypy $(wildcard $(PY_SOURCES))

check-contract: install-python ## openapi.json matches the app; _generated matches openapi.json; _sync matches _async
	@echo "==> OpenAPI schema and generated SDK (_generated, _sync) are up to date"
	@uv run --frozen python scripts/check_sdk.py

check-web: install-web ## Web lint, import loops, type check, unit tests (node --test), API types up to date
	@echo "==> web: eslint, import cycles, tsc, unit tests, API types"
	@cd $(WEB) && npm run --silent lint && npm run --silent check:import-cycles && npm run --silent typecheck \
		&& npm run --silent test && npm run --silent check:api-types

check-api-types: install-web ## Web: lib/api/schema.d.ts matches openapi.json
	@cd $(WEB) && npm run --silent check:api-types

test-unit: install-python ## pytest: the unit tests only (no database, no servers)
	@echo "==> pytest (unit)"
	@uv run --frozen pytest -q -p no:cacheprovider tests/unit

test-python: install-python install-web install-browser install-pgbouncer ## pytest: unit, integration, end-to-end (real stack + Chromium)
	@echo "==> pytest"
	@uv run --frozen pytest

PY311_STAMP := $(PY311_ENV)/.todos-synced
install-py311: $(if $(PY311),$(PY311_STAMP))
# After the main sync: it ensures uv, and two syncs at once would only queue on uv's cache lock.
$(PY311_STAMP): $(PY_STAMP)
	@echo "==> Installing Python dependencies for the 3.11 re-run (uv sync into $(PY311_ENV))…"
	@UV_PROJECT_ENVIRONMENT=$(PY311_ENV) uv sync --all-packages --frozen --python $(PY311) --quiet
	@touch $@

test-py311: install-py311 install-pgbouncer ## Unit + integration again on Python 3.11 (oldest supported), API tests w/o the server kind
ifeq ($(PY311),)
	@echo "==> Python 3.11 is not on PATH: the 3.11 re-run is NOT done (install python3.11 to run it)."
else
	@echo "==> pytest on Python 3.11 (unit + integration; the API tests on embedded PostgreSQL and PgBouncer)"
	@TEST_PG_KINDS=embedded,pgbouncer $(PY311_ENV)/bin/python -m pytest -q -p no:cacheprovider --durations=10 \
		tests/unit tests/integration
endif

screenshots: install install-browser ## Refresh the README's screenshots in docs/screenshots
	@UPDATE_SCREENSHOTS=1 uv run --frozen pytest -q tests/e2e/test_browser_sign_up.py tests/e2e/test_browser_tasks.py \
		tests/e2e/test_browser_conflicts.py \
		tests/e2e/test_device_login.py tests/e2e/test_api_keys.py
