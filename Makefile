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

.PHONY: help run test install install-python install-web install-browser install-pgbouncer lint typecheck check-contract \
        check-web test-python test-py311 screenshots

help: ## Show the targets
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

run: install ## Run the product: embedded PostgreSQL, both migrations, web :3000 + API :8000
	@.venv/bin/python scripts/run.py  # todos_devstack.run

test: install install-browser install-pgbouncer lint typecheck check-contract check-web test-python test-py311 ## Run every test
	@echo "==> All checks passed."

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

test-python: install-python install-web install-browser install-pgbouncer ## pytest: unit, integration, end-to-end (real stack + Chromium)
	@echo "==> pytest"
	@uv run --frozen pytest

test-py311: install-python install-pgbouncer ## Unit + integration tests again on Python 3.11 (the oldest we support)
ifeq ($(PY311),)
	@echo "==> Python 3.11 is not on PATH: the 3.11 re-run is NOT done (install python3.11 to run it)."
else
	@echo "==> pytest on Python 3.11 (unit + integration)"
	@UV_PROJECT_ENVIRONMENT=$(PY311_ENV) uv sync --all-packages --frozen --python $(PY311) --quiet
	@$(PY311_ENV)/bin/python -m pytest -q tests/unit tests/integration
endif

screenshots: install install-browser ## Refresh the README's screenshots in docs/screenshots
	@UPDATE_SCREENSHOTS=1 uv run --frozen pytest -q tests/e2e/test_browser_sign_up.py tests/e2e/test_browser_tasks.py \
		tests/e2e/test_browser_conflicts.py \
		tests/e2e/test_device_login.py tests/e2e/test_api_keys.py
