"""A static export of the public site: HTML files that open from disk or any static host.

It reads the configured database, so run ``migrate`` and ``sync_questions``
first (CI does both against a throwaway SQLite file): the cards' HTML is what
the sync rendered and stored, and the pages are the site's own templates, so
the export shows exactly what the live site shows, less what needs a person
or a server.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.test.utils import override_settings

from ..changes import CardChange, changed_cards, text_at
from ..models import DIFFICULTY_CHOICES
from .assets import copy_static, static_files
from .pages import Page, resolver, rewrite_links, site_pages
from .render import BankRows, page_context, render_cards, render_home, render_listing, render_search
from .selection import CardFacts, facts_at_ref, pages_for_changes

MARKER = ".questionbank-export"
Progress = Callable[[int, int], None]

# Rendering for an export must neither read nor fill the live site's page
# cache (its fragments hold the rating panel), and ``{% static %}`` must give
# plain names, which the export maps to hashed copies of its own: the
# manifest storage of production would want a ``collectstatic`` run first.
EXPORT_SETTINGS = {
    "CACHES": {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "export"},
        "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    },
    "STORAGES": {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
}


class ExportError(Exception):
    """The export cannot be made as asked; nothing useful was written."""


@dataclass
class ExportResult:
    outdir: Path
    pages: list[str] = field(default_factory=list)
    changes: list[CardChange] = field(default_factory=list)

    @property
    def card_pages(self) -> int:
        return sum(1 for path in self.pages if path.startswith("questions/") and path != "questions/index.html")


def export_site(
    outdir: Path, *, changed_since: str | None = None, live_site_url: str = "", progress: Progress | None = None
) -> ExportResult:
    """Write the public site, or with ``changed_since`` the cards changed since that git ref and their listings."""
    outdir = Path(outdir)
    with override_settings(**EXPORT_SETTINGS):
        rows = BankRows.load()
        if not rows.cards:
            raise ExportError("the database has no cards: run `migrate` and `sync_questions` first")
        everything = _all_pages(rows)
        result = ExportResult(outdir)
        wanted = everything
        if changed_since is not None:
            result.changes = changed_cards(settings.QUESTIONBANK_CONTENT_DIR, changed_since)
            wanted = pages_for_changes(_facts(rows, result.changes, changed_since), set(everything))
        _clear(outdir)
        assets = copy_static(static_files(settings.STATICFILES_DIRS), outdir, settings.STATIC_URL)
        resolve = resolver({page.path for page in wanted}, assets)
        extra = page_context(live_site_url)
        for page, page_html in _rendered(wanted, rows, extra):
            _write(outdir / page.path, rewrite_links(page_html, page.path, resolve, live_site_url))
            result.pages.append(page.path)
            if progress:
                progress(len(result.pages), len(wanted))
    return result


def _all_pages(rows: BankRows) -> list[Page]:
    return site_pages(
        (card.slug for card in rows.cards),
        rows.by_topic.keys(),
        rows.by_tag.keys(),
        (value for value, _ in DIFFICULTY_CHOICES),
    )


def _rendered(pages: list[Page], rows: BankRows, extra: dict) -> Iterator[tuple[Page, str]]:
    """Each page with its HTML: the listings from the rows read once, the cards a batch at a time."""
    for page in pages:
        if page.kind == "home":
            yield page, render_home(extra)
        elif page.kind == "search":
            yield page, render_search(rows, extra)
        elif page.kind != "card":
            yield page, render_listing(page, rows, extra)
    yield from render_cards([page.key for page in pages if page.kind == "card"], rows, extra)


def _facts(rows: BankRows, changes: list[CardChange], ref: str) -> list[CardFacts]:
    """Where each changed card is listed now (from the database) and was listed at ``ref`` (from git)."""
    by_path = {card.source_path: card for card in rows.cards}
    facts: list[CardFacts] = []
    for change in changes:
        if change.status != "removed":
            card = by_path.get(change.path)
            if card is None:
                raise ExportError(f"{change.path} is not in the database: run `sync_questions` first")
            facts.append(CardFacts(card.slug, card.topic_id, tuple(t.slug for t in card.tags.all()), card.difficulty))
        if change.before:
            text = text_at(settings.QUESTIONBANK_CONTENT_DIR, ref, change.before)
            facts.extend(facts_at_ref(text, change.before))
    return facts


def _clear(outdir: Path) -> None:
    """Start from an empty folder, emptying it only if an earlier export made it: never someone's files."""
    if outdir.exists() and any(outdir.iterdir()):
        if not (outdir / MARKER).exists():
            raise ExportError(f"{outdir} is not empty and holds no earlier export; give a new or empty folder")
        shutil.rmtree(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / MARKER).write_text("Written by `python manage.py export_site`; emptied by the next export.\n")
    (outdir / ".nojekyll").write_text("")  # GitHub Pages: serve the files as they are


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
