"""How long a sync takes, against the bare cost of rendering the same files.

    python -m bench.sync_bench [--cards N]

Prints a table and writes bench/results/sync.json.
"""

from __future__ import annotations

import argparse
import resource
import time

import markdown
import yaml

from bench.common import WORKDIR, migrate, save, write_bank
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=10_000)
    args = parser.parse_args()

    root = write_bank(WORKDIR / "content", args.cards)
    migrate()
    raw = raw_render(root)

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    result = sync_bank(root)
    full = time.perf_counter() - started
    assert result.ok and len(result.created) == args.cards, result.problems[:5]
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    started = time.perf_counter()
    again = sync_bank(root)
    noop = time.perf_counter() - started
    assert len(again.unchanged) == args.cards

    figures = {
        "cards": args.cards,
        "raw_render_s": raw,
        "raw_render_cards_per_s": args.cards / raw,
        "full_sync_s": full,
        "full_sync_cards_per_s": args.cards / full,
        "ratio_sync_to_raw_render": full / raw,
        "noop_resync_s": noop,
        "noop_share_of_full_sync": noop / full,
        "peak_rss_mb": rss_after / 1024,
        "rss_growth_during_sync_mb": (rss_after - rss_before) / 1024,
    }
    print(f"Sync benchmark, {args.cards} synthetic cards")
    print(f"  raw render (YAML + Markdown + Pygments)  {raw:7.2f} s  {args.cards / raw:7.0f} cards/s")
    print(
        f"  full sync (validate, render, sanitise, DB) {full:7.2f} s  {args.cards / full:7.0f} cards/s  x{full / raw:.2f} raw"
    )
    print(f"  no-op re-sync                             {noop:7.2f} s  {100 * noop / full:6.1f}% of full sync")
    print(f"  peak RSS                                  {rss_after / 1024:7.0f} MB")
    print(f"  results: {save('sync', figures)}")


if __name__ == "__main__":
    main()
