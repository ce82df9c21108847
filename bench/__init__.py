"""Benchmarks. Importing the package points Django at a throwaway SQLite
database with production-like settings, before any Django import runs."""

import os
import tempfile
from pathlib import Path

WORKDIR = Path(tempfile.mkdtemp(prefix="qb-bench-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "questionbank.settings"
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR / 'bench.sqlite3'}"
os.environ["QUESTIONBANK_AUTO_SYNC"] = "0"
