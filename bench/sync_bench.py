"""How long a sync takes, against the bare cost of rendering the same files.

    python -m bench.sync_bench [--cards N]

Prints a table and writes bench/results/sync.json.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import markdown
import yaml

from bench.common import REPO, WORKDIR, migrate, save, write_bank
from questions.sync import sync_bank


def raw_render(root) -> float:
    """Baseline: read, YAML, Markdown + Pygments and nothing else."""
    md = markdown.Markdown(
        extensions=["pymdownx.superfences", "pymdownx.highlight", "tables"],
        extension_configs={"pymdownx.highlight": {"use_pygments": True}},
    )
    started = time.perf_counter()
    for path in sorted(root.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        yaml.safe_load(front)
        md.convert(body)
        md.reset()
    return time.perf_counter() - started


def _tree(pid: int) -> list[int]:
    """A process and all its descendants (the forkserver and the sync's workers), from /proc."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue  # the process ended while being read
    return found


def _pss_mb(pid: int) -> float:
    """Proportional set size: pages shared with the forkserver count once across the processes sharing them."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0.0
    return sum(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")) / 1024


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime, stime


@contextmanager
def process_tree_usage(every: float = 0.05, root: int | None = None):
    """Peak summed PSS, and CPU seconds, of this process (or ``root``) and its descendants while the block runs.

    ``RUSAGE_CHILDREN`` cannot say either: it reports the largest child alone,
    and only children already waited for, while the pool's workers are
    children of the forkserver, which outlives the sync.
    """
    root = root or os.getpid()
    usage = {"peak_mb": 0.0, "ticks": {}}
    start = {pid: _cpu_ticks(pid) for pid in _tree(root)}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            pids = _tree(root)
            usage["peak_mb"] = max(usage["peak_mb"], sum(_pss_mb(pid) for pid in pids))
            for pid in pids:
                usage["ticks"][pid] = max(usage["ticks"].get(pid, 0), _cpu_ticks(pid))
            done.wait(every)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield usage
    finally:
        done.set()
        thread.join()
        usage["ticks"][root] = max(usage["ticks"].get(root, 0), _cpu_ticks(root))
        ticks = sum(value - start.get(pid, 0) for pid, value in usage["ticks"].items())
        usage["cpu_s"] = ticks / os.sysconf("SC_CLK_TCK")


def command_sync(content: Path) -> tuple[float, float]:
    """The sync as a deployment runs it, ``manage.py sync_questions`` in a process of its own, into a
    new database: its seconds, and the peak summed PSS of it and its workers.

    In this process the workers also import the benchmark, and with it the
    whole site; under ``manage.py`` they import little beyond the renderer.
    """
    database = WORKDIR / "command.sqlite3"
    database.unlink(missing_ok=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "QUESTIONBANK_CONTENT_DIR": str(content)}
    manage = [sys.executable, str(REPO / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, timeout=600)
    started = time.perf_counter()
    process = subprocess.Popen([*manage, "sync_questions"], env=env, stdout=subprocess.DEVNULL)
    with process_tree_usage(root=process.pid) as usage:
        if process.wait(timeout=1800):
            raise SystemExit("manage.py sync_questions failed")
    return time.perf_counter() - started, usage["peak_mb"]


def report(f: dict) -> None:
    cards, raw, full, raw_cpu, full_cpu = (
        f["cards"],
        f["raw_render_s"],
        f["full_sync_s"],
        f["raw_render_cpu_s"],
        f["full_sync_cpu_s"],
    )
    noop, command_s = f["noop_resync_s"], f["command_sync_s"]
    print(f"Sync benchmark, {cards} synthetic cards")
    print(f"  raw render (YAML + Markdown + Pygments)  {raw:7.2f} s  {cards / raw:7.0f} cards/s  {raw_cpu:7.2f} s CPU")
    print(
        f"  full sync (validate, render, sanitise, DB) {full:7.2f} s  {cards / full:7.0f} cards/s  x{full / raw:.2f} raw"
    )
    print(
        f"  full sync CPU, parent + workers           {full_cpu:7.2f} s  x{full_cpu / raw_cpu:.2f} raw CPU"
        f"  (on {os.cpu_count()} cores the wall-clock floor is x{full_cpu / raw_cpu / (os.cpu_count() or 1):.2f})"
    )
    print(f"  no-op re-sync                             {noop:7.2f} s  {100 * noop / full:6.1f}% of full sync")
    print(f"  peak RSS, this process alone              {f['peak_rss_mb']:7.0f} MB")
    print(f"  peak PSS, this process + workers (summed) {f['peak_pss_with_workers_mb']:7.0f} MB  (sampled every 50 ms)")
    print(f"  manage.py sync_questions, new database    {command_s:7.2f} s  x{command_s / raw:.2f} raw")
    print(f"  peak PSS, manage.py + workers (summed)    {f['command_peak_pss_with_workers_mb']:7.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=10_000)
    args = parser.parse_args()

    root = write_bank(WORKDIR / "content", args.cards)
    migrate()
    cpu = time.process_time()
    raw = raw_render(root)
    raw_cpu = time.process_time() - cpu

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with process_tree_usage() as usage:
        result = sync_bank(root)
    full = time.perf_counter() - started
    full_cpu, peak = usage["cpu_s"], usage["peak_mb"]
    assert result.ok and len(result.created) == args.cards, result.problems[:5]
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    started = time.perf_counter()
    again = sync_bank(root)
    noop = time.perf_counter() - started
    assert len(again.unchanged) == args.cards
    command_s, command_peak = command_sync(root)

    figures = {
        "cards": args.cards,
        "raw_render_s": raw,
        "raw_render_cards_per_s": args.cards / raw,
        "full_sync_s": full,
        "full_sync_cards_per_s": args.cards / full,
        "ratio_sync_to_raw_render": full / raw,
        "noop_resync_s": noop,
        "noop_share_of_full_sync": noop / full,
        "raw_render_cpu_s": raw_cpu,
        "full_sync_cpu_s": full_cpu,
        "ratio_sync_cpu_to_raw_cpu": full_cpu / raw_cpu,
        "peak_rss_mb": rss_after / 1024,
        "peak_pss_with_workers_mb": peak,
        "rss_growth_during_sync_mb": (rss_after - rss_before) / 1024,
        "command_sync_s": command_s,
        "command_peak_pss_with_workers_mb": command_peak,
    }
    report(figures)
    print(f"  results: {save('sync', figures)}")


if __name__ == "__main__":
    main()
