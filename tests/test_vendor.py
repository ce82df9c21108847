"""The vendored Pyodide is the pinned npm release, unchanged, and runs the CPython the examples are checked with."""

import hashlib
import json
import re
import sys

from .conftest import REPO_ROOT

HASHES = REPO_ROOT / "scripts" / "pyodide.sha256"
WORKER = REPO_ROOT / "static" / "js" / "run-worker.js"
PYODIDE_VERSION = re.search(r"^PYODIDE_VERSION \?= (\S+)$", (REPO_ROOT / "Makefile").read_text(), re.M).group(1)


def recorded() -> dict[str, str]:
    pairs = (line.split() for line in HASHES.read_text().splitlines() if line.strip())
    return {path: digest for digest, path in pairs}


def test_every_vendored_file_matches_its_recorded_hash():
    hashes = recorded()
    assert {path.rsplit("/", 1)[1] for path in hashes} >= {"pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm"}
    for path, digest in hashes.items():
        assert hashlib.sha256((REPO_ROOT / path).read_bytes()).hexdigest() == digest, path
    vendored = {p.relative_to(REPO_ROOT).as_posix() for p in (REPO_ROOT / "static/vendor/pyodide").rglob("*")}
    assert vendored - set(hashes) == {f"static/vendor/pyodide/{PYODIDE_VERSION}"}  # nothing unrecorded


def test_the_makefile_worker_and_files_name_one_version():
    assert all(path.startswith(f"static/vendor/pyodide/{PYODIDE_VERSION}/") for path in recorded())
    assert f'"../vendor/pyodide/{PYODIDE_VERSION}/"' in WORKER.read_text()


def test_pyodide_runs_the_same_python_as_check_examples():
    lock = json.loads((REPO_ROOT / f"static/vendor/pyodide/{PYODIDE_VERSION}/pyodide-lock.json").read_text())
    assert lock["info"]["python"].split(".")[:2] == [str(part) for part in sys.version_info[:2]]
