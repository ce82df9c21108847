"""Benchmarks. Importing the package points Django at a throwaway SQLite
database with production-like settings, before any Django import runs."""

import os
import tempfile
from pathlib import Path

# A server a benchmark starts (bench.wsgi imports this package too) inherits
# the benchmark's folder, and with it the database the benchmark filled.
WORKDIR = Path(os.environ.get("QB_BENCH_WORKDIR") or tempfile.mkdtemp(prefix="qb-bench-"))
WORKDIR.mkdir(parents=True, exist_ok=True)
os.environ["QB_BENCH_WORKDIR"] = str(WORKDIR)
os.environ["DJANGO_SETTINGS_MODULE"] = "questionbank.settings"
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
# A throwaway SQLite file, or the throwaway PostgreSQL server that
# scripts/with_postgres.py started; never whatever DATABASE_URL points at.
os.environ["DATABASE_URL"] = os.environ.get("QB_TEST_POSTGRES_URL") or f"sqlite:///{WORKDIR / 'bench.sqlite3'}"
os.environ["QUESTIONBANK_AUTO_SYNC"] = "0"
# Plain HTTP on loopback: no TLS proxy in front of the benchmarks.
os.environ["SECURE_SSL_REDIRECT"] = "0"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "questionbank.settings")

import django  # noqa: E402

django.setup()
