"""Bringing the database in step with the content folder.

All or nothing: the whole bank is validated first, and the changes are made in
one transaction, so a broken card never leaves the site half-updated.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from .cards import ParsedCard, Problem
from .models import DIFFICULTY_RANK, Card, CardAlias, Plan, PlanEntry, Tag, Topic
from .pagecache import bank_changed
from .rendering import RenderedCard, render_card
from .search import index_cards
from .validation import CardFile, PlanFile, load_bank, read_card
from .versions import keep_answers

# Rendering is most of a sync's cost; past this many cards it is worth starting
# worker processes to use every core.
PARALLEL_FROM = 200

Progress = Callable[[int, int], None]


@dataclass
class SyncResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)
    plans_changed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.archived)} archived"
            + (f"; plans changed: {', '.join(self.plans_changed)}" if self.plans_changed else "")
        )


def sync_bank(content_dir: Path, progress: Progress | None = None) -> SyncResult:
    """Validate the folder, then create, update and archive cards to match it."""
    known = {
        path: (digest, parsed)
        for path, digest, parsed in Card.objects.active().values_list("source_path", "content_hash", "parsed")
    }
    archived = set(Card.objects.filter(archived_at__isnull=False).values_list("slug", flat=True))
    bank = load_bank(content_dir, known=known, archived=archived)
    result = SyncResult(problems=list(bank.problems))
    if not bank.ok:
        return result
    try:
        with transaction.atomic():
            _apply(bank.files, bank.topic_names(), result, progress, Path(content_dir))
            result.plans_changed = _apply_plans(bank.plans)
            if result.plans_changed:
                bank_changed()
    except IntegrityError as error:
        return SyncResult(problems=[Problem(Path(content_dir).name, 1, f"database refused the sync: {error}")])
    return result


def _apply(
    files: list[CardFile], topic_names: dict[str, str], result: SyncResult, progress: Progress | None, content_dir: Path
) -> None:
    now = timezone.now()
    stored_topics = dict(Topic.objects.values_list("path", "name"))
    renamed_topics = {path: name for path, name in topic_names.items() if stored_topics.get(path) != name}
    for path, name in renamed_topics.items():
        Topic.objects.update_or_create(path=path, defaults={"name": name})
    Tag.objects.bulk_create(
        [Tag(slug=slug) for slug in sorted({tag for item in files for tag in item.card.tags})],
        ignore_conflicts=True,
    )
    rows = {row.slug: row for row in Card.objects.only("id", "slug", "content_hash", "source_path", "archived_at")}
    by_alias = dict(CardAlias.objects.values_list("slug", "card_id"))
    rows_by_pk = {row.pk: row for row in rows.values()}
    seen: set[int] = set()

    stale: list[tuple[CardFile, Card | None]] = []
    resummarised: list[Card] = []
    for item in files:
        row = _find_row(item.card, rows, by_alias, rows_by_pk, seen)
        if row is not None and _is_current(row, item):
            result.unchanged.append(item.card.id)
            seen.add(row.pk)
            _keep_aliases(row, item.card.aliases, rows, by_alias)
            if not item.card.is_summary:  # parsed in full: store its summary so the next sync can skip it
                row.parsed = item.card.summary()
                resummarised.append(row)
        else:
            if row is not None:
                seen.add(row.pk)
            stale.append((item, row))

    for index, (item, row) in enumerate(stale):
        if item.card.is_summary:  # only possible if the row changed under us; parse it for real
            fresh, _ = read_card(content_dir / item.card.path, content_dir)
            stale[index] = (fresh, row)
    rendered = render_cards([item.card for item, _ in stale], progress)
    card_tags: list[tuple[int, list[str]]] = []
    searchable: list[tuple[int, str, str]] = []
    for (item, row), html in zip(stale, rendered, strict=True):
        (result.created if row is None else result.updated).append(item.card.id)
        row = _save(row or Card(created_at=now), item, html, now)
        seen.add(row.pk)
        card_tags.append((row.pk, item.card.tags))
        searchable.append((row.pk, row.title, row.search_text))
        _keep_aliases(row, item.card.aliases, rows, by_alias)
    _replace_tags(card_tags)
    Card.objects.bulk_update(resummarised, ["parsed"], batch_size=500)
    index_cards(searchable)
    keep_answers((pk, item) for (pk, _), (item, _) in zip(card_tags, stale, strict=True))

    active_ids = {item.card.id for item in files}
    CardAlias.objects.filter(slug__in=active_ids).delete()
    gone = Card.objects.active().exclude(pk__in=seen)
    result.archived = list(gone.values_list("slug", flat=True))
    gone.update(archived_at=now)
    if result.created or result.updated or result.archived or renamed_topics:
        bank_changed()
        _refresh_planner_statistics()


def _refresh_planner_statistics() -> None:
    """Let SQLite plan with the bank's real shape; PostgreSQL's autovacuum does this by itself.

    Without statistics SQLite walks every active card to find the few that
    share a tag with the one shown (the card page's related cards): 22 ms a
    card page at 10,000 cards, against one index lookup per tag with them.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE questions_card")
            cursor.execute("ANALYZE questions_card_tags")


def render_cards(cards: list[ParsedCard], progress: Progress | None = None) -> list[RenderedCard]:
    """Render in worker processes when there are enough cards to repay starting them."""
    workers = min(os.cpu_count() or 1, 8)
    if len(cards) < PARALLEL_FROM or workers < 2:
        return _collect(map(render_card, cards), len(cards), progress)
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        return _collect(pool.map(render_card, cards, chunksize=16), len(cards), progress)


def _collect(results: Iterable[RenderedCard], total: int, progress: Progress | None) -> list[RenderedCard]:
    collected = []
    for done, rendered in enumerate(results, start=1):
        collected.append(rendered)
        if progress:
            progress(done, total)
    return collected


def _find_row(
    card: ParsedCard, rows: dict[str, Card], by_alias: dict[str, int], rows_by_pk: dict[int, Card], seen: set[int]
) -> Card | None:
    """The stored card this file is: by its id, else by one of its earlier ids."""
    row = rows.get(card.id)
    if row is not None:
        return row
    for alias in card.aliases:
        row = rows.get(alias) or rows_by_pk.get(by_alias.get(alias))
        if row is not None and row.pk not in seen:
            return row
    return None


def _is_current(row: Card, item: CardFile) -> bool:
    return (
        row.content_hash == item.content_hash
        and row.source_path == item.card.path
        and row.slug == item.card.id
        and row.archived_at is None
    )


def _save(row: Card, item: CardFile, rendered: RenderedCard, now: datetime) -> Card:
    card = item.card
    row.slug = card.id
    row.title = card.title
    row.topic_id = card.topic_path
    row.difficulty = card.difficulty
    row.difficulty_rank = DIFFICULTY_RANK[card.difficulty]
    row.prompt_html = rendered.prompt_html
    row.answer_html = rendered.answer_html
    row.search_text = rendered.search_text
    row.links = card.link_targets
    row.parsed = card.summary()
    row.source_path = card.path
    row.content_hash = item.content_hash
    row.updated_at = now
    row.archived_at = None
    row.save()
    return row


def _replace_tags(card_tags: list[tuple[int, list[str]]]) -> None:
    """Tags of the saved cards, in two statements rather than a few per card."""
    through = Card.tags.through
    through.objects.filter(card_id__in=[pk for pk, _ in card_tags]).delete()
    through.objects.bulk_create(
        [through(card_id=pk, tag_id=tag) for pk, tags in card_tags for tag in tags], batch_size=500
    )


def _apply_plans(plans: list[PlanFile]) -> list[str]:
    """Make the stored plans match the files; returns the slugs of those created, changed or archived.

    A plan's entries are rebuilt whenever its file or any of its cards' ids
    moved on; plans are few and short, so comparing them whole is cheap.
    """
    now = timezone.now()
    card_pks = dict(Card.objects.active().values_list("slug", "pk"))
    stored = {plan.slug: plan for plan in Plan.objects.prefetch_related("entries")}
    changed = []
    for item in plans:
        parsed = item.plan
        entries = [
            (position, section, card_pks[entry.card_id], entry.minutes)
            for position, (section, entry) in enumerate(
                (index, entry) for index, part in enumerate(parsed.sections) for entry in part.items
            )
        ]
        row = stored.get(parsed.slug) or Plan(slug=parsed.slug)
        current = [(e.position, e.section, e.card_id, e.minutes) for e in row.entries.all()] if row.pk else []
        if row.pk and row.content_hash == item.content_hash and row.archived_at is None and current == entries:
            continue
        row.title, row.description, row.audience = parsed.title, parsed.description, parsed.audience
        row.sections = [section.title for section in parsed.sections]
        row.source_path, row.content_hash, row.updated_at, row.archived_at = parsed.path, item.content_hash, now, None
        row.save()
        row.entries.all().delete()
        PlanEntry.objects.bulk_create(
            PlanEntry(plan=row, position=p, section=s, card_id=c, minutes=m) for p, s, c, m in entries
        )
        changed.append(parsed.slug)
    gone = Plan.objects.active().exclude(slug__in=[item.plan.slug for item in plans])
    changed += list(gone.values_list("slug", flat=True))
    gone.update(archived_at=now)
    return changed


def _keep_aliases(row: Card, aliases: list[str], rows: dict[str, Card], by_alias: dict[str, int]) -> None:
    for alias in aliases:
        if by_alias.get(alias) == row.pk:
            continue
        other = rows.get(alias)
        if other is not None and other.pk != row.pk:
            continue  # an archived card still owns that id; it keeps it
        CardAlias.objects.update_or_create(slug=alias, defaults={"card": row})
