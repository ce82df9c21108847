#!/usr/bin/env python3
"""Run test phases at the same time, each one's output shown whole when it ends.

    python scripts/phases.py "NAME" "COMMAND" ["NAME" "COMMAND" ...]

Each COMMAND runs in bash with its output kept in a file, so concurrent
phases never interleave their lines: when one ends its output is printed
under its name, with whether it passed and how long it took. The exit status
is 1 when any phase failed. A summary repeats each phase's last line (a
pytest run's counts) and names the phases that failed.
"""

from __future__ import annotations

import queue
import subprocess
import sys
import tempfile
import threading
import time


def main(argv: list[str]) -> int:
    if not argv or len(argv) % 2:
        sys.exit('usage: phases.py "NAME" "COMMAND" ["NAME" "COMMAND" ...]')
    started = time.monotonic()
    finished: queue.Queue[tuple[str, int, bytes]] = queue.Queue()
    phases = list(zip(argv[::2], argv[1::2], strict=True))
    for name, command in phases:
        print(f"== {name}: started ==", flush=True)
        threading.Thread(target=_run, args=(name, command, finished), daemon=True).start()
    failed, closing = [], []
    for _ in phases:
        name, status, output = finished.get()
        print(f"\n== {name} ==", flush=True)
        sys.stdout.buffer.write(output)
        verdict = "passed" if status == 0 else f"FAILED (exit status {status})"
        print(f"== {name}: {verdict} after {time.monotonic() - started:.0f} s ==", flush=True)
        if status:
            failed.append(name)
        closing.append((name, (output.decode(errors="replace").strip().splitlines() or ["(no output)"])[-1]))
    print("\n== Summary ==", flush=True)
    for name, line in closing:
        print(f"{name}:\n{line}", flush=True)
    for name in failed:
        print(f"FAILED: {name}", flush=True)
    return 1 if failed else 0


def _run(name: str, command: str, finished: queue.Queue) -> None:
    with tempfile.TemporaryFile() as log:
        status = subprocess.call(
            ["bash", "-c", command], stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        log.seek(0)
        finished.put((name, status, log.read()))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
