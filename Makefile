# Question Bank: `make run` serves the site, `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# The first interpreter on PATH that is Python 3.12 or newer (Django 6 needs it).
PYTHON ?= $(shell for p in python3.13 python3.12 python3.14 python3 python; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; \
	then command -v $$p; break; fi; done)

.PHONY: help run serve test test-sqlite test-postgres lint check-content browser postgres css vendor bench load clean

help:
	@echo "make run    set up .venv, migrate, sync content, serve on http://$(HOST):$(PORT)"
	@echo "make test   install test tools and a browser if missing, then lint, validate and run all tests"
	@echo "make bench  sync and page benchmarks (BENCH_CARDS=$(BENCH_CARDS))"
	@echo "make load   load and database-outage run against gunicorn on PostgreSQL"
	@echo "make serve  production mode with gunicorn (needs SECRET_KEY)"

$(VENV)/.python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "error: Python 3.12 or newer is required but none was found on PATH." >&2; \
		echo "       Install one (e.g. 'pyenv install 3.13', or your OS package python3.13) and retry." >&2; \
		exit 1; fi
	@echo "Creating $(VENV) with $(PYTHON)"
	"$(PYTHON)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@touch $@

$(VENV)/.installed: requirements.txt $(VENV)/.python
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt $(VENV)/.python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

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

# Debian's Chromium when we can install it (Playwright's own download is the fallback).
browser: $(VENV)/.installed-dev
	@if [ -x /usr/bin/chromium ]; then exit 0; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		$(PY) -m playwright install chromium; \
	fi

# PostgreSQL server binaries for the second test run (the tests start their own server).
postgres:
	@if command -v pg_ctl >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then exit 0; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's postgresql for the PostgreSQL test run"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	else \
		echo "error: the PostgreSQL test run needs PostgreSQL's server binaries (initdb, pg_ctl)." >&2; \
		echo "       Install them (Debian/Ubuntu: apt-get install postgresql) and retry." >&2; exit 1; \
	fi

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

check-content: export DEBUG ?= 1
check-content: $(VENV)/.installed
	$(PY) manage.py validate_questions
	$(PY) manage.py check_examples

test: export DEBUG = 0
test: export SECRET_KEY ?= test-only-secret-key
test: $(VENV)/.installed-dev browser postgres lint check-content
	@echo "== Test suite on SQLite =="
	$(PY) -m pytest
	@echo "== Test suite on PostgreSQL =="
	$(PY) scripts/with_postgres.py -- $(PY) -m pytest

# One database at a time, for a quicker loop while working.
test-sqlite: export DEBUG = 0
test-sqlite: export SECRET_KEY ?= test-only-secret-key
test-sqlite: $(VENV)/.installed-dev browser
	$(PY) -m pytest $(ARGS)

test-postgres: export DEBUG = 0
test-postgres: export SECRET_KEY ?= test-only-secret-key
test-postgres: $(VENV)/.installed-dev browser postgres
	$(PY) scripts/with_postgres.py -- $(PY) -m pytest $(ARGS)

css: export DEBUG ?= 1
css: $(VENV)/.installed
	$(PY) manage.py pygments_css

# Pyodide runs the runnable examples in the browser; its CPython must match the one
# check_examples uses (0.29.x is CPython 3.13; the 314.x releases are 3.14).
PYODIDE_VERSION ?= 0.29.5
vendor:
	scripts/vendor_pyodide.sh $(PYODIDE_VERSION)

BENCH_CARDS ?= 10000
bench: $(VENV)/.installed-dev browser
	$(PY) -m bench.sync_bench --cards $(BENCH_CARDS)
	$(PY) -m bench.pages_bench --cards $(BENCH_CARDS)
	$(PY) -m bench.lcp
	$(PY) -m bench.import_bench
	$(PY) -m bench.runner_bench

# 50 simulated people for 60 s against gunicorn on a throwaway PostgreSQL, with a database outage.
load: $(VENV)/.installed postgres
	$(PY) scripts/with_postgres.py --durable -- $(PY) -m bench.load

clean:
	rm -rf $(VENV) staticfiles artifacts
