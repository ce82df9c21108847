"""How long the static export takes, against a MkDocs build of the same card files.

    python -m bench.export_bench [--cards N] --mkdocs .venv-bench/bin/mkdocs

MkDocs runs from its own virtualenv (``make bench`` creates .venv-bench),
with the Markdown extensions the site renders cards with, on the same
synthetic bank, in the same run. ``export_site`` reads the cards' HTML that
``sync_questions`` stored, so the table also gives sync and export together:
the whole way from Markdown files to a static site, as MkDocs goes.

Prints a table and writes bench/results/export.json.
"""

from __future__ import annotations

import argparse
import subprocess
import time
from pathlib import Path

import yaml
from django.conf import settings

from bench.common import WORKDIR, migrate, save, write_bank
from questions.export import export_site
from questions.rendering import _MARKDOWN_CONFIG
from questions.sync import sync_bank

TARGET_RATIO = 0.5  # the export should take at most half as long as MkDocs


def mkdocs_config(docs: Path, site: Path) -> dict:
    """MkDocs' own defaults (theme, navigation of every page), with the site's Markdown extensions.

    The site's ``toc`` slug function is a Python callable that a YAML file
    cannot name, so MkDocs keeps its own; everything else is the same.
    """
    configs = _MARKDOWN_CONFIG["extension_configs"]
    extensions = [
        {name: configs[name]} if name in configs and name != "toc" else name for name in _MARKDOWN_CONFIG["extensions"]
    ]
    return {
        "site_name": "Question Bank benchmark",
        "docs_dir": str(docs),
        "site_dir": str(site),
        "markdown_extensions": extensions,
    }


def time_mkdocs(mkdocs: str, docs: Path) -> float:
    config = WORKDIR / "mkdocs.yml"
    config.write_text(yaml.safe_dump(mkdocs_config(docs, WORKDIR / "mkdocs-site")), encoding="utf-8")
    started = time.perf_counter()
    subprocess.run([mkdocs, "build", "--quiet", "--clean", "--config-file", str(config)], check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--mkdocs", default=".venv-bench/bin/mkdocs", help="The MkDocs executable to compare with.")
    args = parser.parse_args()
    if not Path(args.mkdocs).exists():
        raise SystemExit(f"{args.mkdocs} not found: `make .venv-bench/.installed` installs MkDocs for the benchmark")

    root = write_bank(WORKDIR / "content", args.cards)
    settings.QUESTIONBANK_CONTENT_DIR = root
    migrate()
    started = time.perf_counter()
    assert sync_bank(root).ok
    sync = time.perf_counter() - started
    started = time.perf_counter()
    result = export_site(WORKDIR / "export")
    export = time.perf_counter() - started
    assert result.card_pages == args.cards, result.card_pages
    mkdocs = time_mkdocs(args.mkdocs, root)
    report(args.cards, len(result.pages), sync, export, mkdocs)


def report(cards: int, pages: int, sync: float, export: float, mkdocs: float) -> None:
    figures = {
        "cards": cards,
        "export_pages": pages,
        "sync_s": sync,
        "export_s": export,
        "sync_and_export_s": sync + export,
        "mkdocs_build_s": mkdocs,
        "ratio_export_to_mkdocs": export / mkdocs,
        "ratio_sync_and_export_to_mkdocs": (sync + export) / mkdocs,
        "target_ratio": TARGET_RATIO,
    }
    verdict = "meets" if export / mkdocs <= TARGET_RATIO else "MISSES"
    print(f"Static export benchmark, {cards} synthetic cards ({pages} pages)")
    print(f"  sync_questions (render and store)   {sync:8.2f} s")
    print(f"  export_site                         {export:8.2f} s  {pages / export:7.0f} pages/s")
    print(f"  sync + export                       {sync + export:8.2f} s")
    print(f"  mkdocs build, same files            {mkdocs:8.2f} s  {cards / mkdocs:7.0f} pages/s")
    print(f"  export / mkdocs                     {export / mkdocs:8.2f}   ({verdict} the target of {TARGET_RATIO})")
    print(f"  (sync + export) / mkdocs            {(sync + export) / mkdocs:8.2f}")
    print(f"  results: {save('export', figures)}")


if __name__ == "__main__":
    main()
