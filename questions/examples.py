"""Running a bank's runnable examples and checking the output they state.

A card may claim what a program prints (```python runnable followed by
```text output). Interview questions of the "what does this print?" kind are
only worth having if the claim is true, so every example runs in a fresh,
isolated interpreter and its stdout is compared with the claim.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from .cards import Example, Problem

RUN_TIMEOUT = 30  # seconds; generous for a loaded CI machine, examples take well under two
MAX_DIFF_LINES = 12


@dataclass(frozen=True)
class Run:
    """What one example did: its exit status, stdout and stderr, or that it timed out."""

    returncode: int
    stdout: str
    stderr: str
    timed_out: bool = False


def run_code(code: str, timeout: float = RUN_TIMEOUT) -> Run:
    """Run ``code`` in ``python -I``: no user site, no PYTHON* variables, no current folder on the path."""
    environment = {"PATH": os.environ.get("PATH", ""), "PYTHONIOENCODING": "utf-8", "LC_ALL": "C.UTF-8"}
    try:
        result = subprocess.run(
            [sys.executable, "-I", "-c", code],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
            env=environment,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return Run(returncode=-1, stdout="", stderr="", timed_out=True)
    return Run(result.returncode, result.stdout, result.stderr)


def _normalised(text: str) -> list[str]:
    """Lines with trailing white space dropped, and no trailing blank lines."""
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def output_mismatch(expected: str, actual: str) -> str | None:
    """A short diff when ``actual`` is not what the card says it prints, else None."""
    want, got = _normalised(expected), _normalised(actual)
    if want == got:
        return None
    diff = list(difflib.unified_diff(want, got, "stated output", "actual output", lineterm="", n=1))[2:]
    shown = diff[:MAX_DIFF_LINES]
    if len(diff) > MAX_DIFF_LINES:
        shown.append(f"... ({len(diff) - MAX_DIFF_LINES} more diff lines)")
    return "printed output differs from the output block:\n" + "\n".join(shown)


def judge(example: Example, run: Run, path: str, timeout: float = RUN_TIMEOUT) -> Problem | None:
    """The problem with one example's run, reported at the line of its code block."""
    line = example.code.line
    if run.timed_out:
        return Problem(path, line, f"runnable block did not finish in {timeout:g} s")
    if run.returncode != 0:
        last = run.stderr.strip().splitlines()[-1:] or [f"exit status {run.returncode}"]
        return Problem(path, line, f"runnable block failed: {last[0]}\n{run.stderr.strip()[-1500:]}")
    if example.expected is not None:
        mismatch = output_mismatch(example.expected.code, run.stdout)
        if mismatch:
            return Problem(path, line, mismatch)
    return None


def check_examples(
    examples: Iterable[tuple[str, Example]], timeout: float = RUN_TIMEOUT, workers: int | None = None
) -> Iterator[tuple[str, Example, Problem | None]]:
    """Run every (path, example) pair, a few at a time, yielding each result in the given order."""
    pairs = list(examples)
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 2) as pool:
        runs = pool.map(lambda pair: run_code(pair[1].code.code, timeout), pairs)
        for (path, example), run in zip(pairs, runs, strict=True):
            yield path, example, judge(example, run, path, timeout)
