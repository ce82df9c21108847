"""Bringing the database in step with the content folder.

A sync goes one way: the loader reads and checks the whole bank, ``plan_sync``
works out from it and a snapshot of the stored rows what to create, update,
rename and archive (a pure function), the cards that changed are rendered, and
``apply_plan`` writes all of it in one transaction, so a broken card never
leaves the site half-updated.

Rendered pages are parked in a temporary file as they come from the workers
and written back in batches, so a sync never holds a whole bank's HTML in
memory, and the write lock is not held while cards render: the transaction
takes SQLite's lock when it begins, and a rating waiting for it gives up after
the database timeout.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from itertools import islice
from pathlib import Path

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from .cards import ParsedCard, Problem
from .facetcounts import refresh_facet_counts
from .loader import Bank, CardFile, Known, PlanFile, load_bank
from .models import Card, CardAlias, Plan, PlanEntry, Tag, Topic
from .neighbours import refresh_neighbours
from .pagecache import bank_changed
from .rendering import RenderedCard, render_card
from .search import index_cards
from .versions import keep_answers

# Rendering is most of a sync's cost; past this many cards it is worth starting
# worker processes to use every core.
PARALLEL_FROM = 200
# Cards written per statement; also how many rendered pages are in memory at once while writing.
WRITE_BATCH = 500

Progress = Callable[[int, int], None]
Entry = tuple[int, int, str, int | None]  # position, section, card id, minutes


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


@dataclass(frozen=True)
class StoredCard:
    pk: int
    slug: str
    source_path: str
    content_hash: str
    archived: bool
    parsed: dict

    def is_current(self, item: CardFile) -> bool:
        return (
            self.content_hash == item.content_hash
            and self.source_path == item.card.path
            and self.slug == item.card.id
            and not self.archived
        )


@dataclass(frozen=True)
class StoredPlan:
    content_hash: str
    archived: bool
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Snapshot:
    """What a sync needs of the stored rows, read once before the bank is loaded."""

    cards: dict[str, StoredCard]  # by id, archived cards too
    aliases: dict[str, int]  # earlier id -> pk of the card it leads to
    topics: dict[str, str]  # path -> name
    plans: dict[str, StoredPlan]  # by slug, in the table's order

    @classmethod
    def read(cls) -> Snapshot:
        fields = ("pk", "slug", "source_path", "content_hash", "archived_at", "parsed")
        cards = {
            slug: StoredCard(pk, slug, path, digest, archived_at is not None, parsed)
            for pk, slug, path, digest, archived_at, parsed in Card.objects.values_list(*fields)
        }
        entries: dict[str, list[Entry]] = {}
        for slug, *entry in PlanEntry.objects.order_by("plan_id", "position").values_list(
            "plan__slug", "position", "section", "card__slug", "minutes"
        ):
            entries.setdefault(slug, []).append(tuple(entry))
        plans = {
            slug: StoredPlan(digest, archived_at is not None, tuple(entries.get(slug, ())))
            for slug, digest, archived_at in Plan.objects.values_list("slug", "content_hash", "archived_at")
        }
        return cls(
            cards=cards,
            aliases=dict(CardAlias.objects.values_list("slug", "card_id")),
            topics=dict(Topic.objects.values_list("path", "name")),
            plans=plans,
        )

    def known(self) -> Known:
        """Summaries the loader may use instead of parsing a file whose bytes are unchanged.

        Only an active card's own summary is offered, so a file read from one
        is always current in ``plan_sync`` and never has to be parsed later.
        """
        return {
            card.source_path: (card.content_hash, card.parsed)
            for card in self.cards.values()
            if not card.archived and card.parsed.get("id") == card.slug
        }

    @cached_property
    def cards_by_pk(self) -> dict[int, StoredCard]:
        return {card.pk: card for card in self.cards.values()}

    def archived_ids(self) -> set[str]:
        return {card.slug for card in self.cards.values() if card.archived}


@dataclass(frozen=True)
class CardWrite:
    item: CardFile
    pk: int | None  # None for a new card


@dataclass(frozen=True)
class StudyPlanWrite:
    item: PlanFile
    entries: tuple[Entry, ...]


@dataclass
class SyncPlan:
    """Everything a sync will change, worked out before anything is written."""

    topics: dict[str, str]  # path -> name, for topics that are new or renamed
    tags: list[str]
    writes: list[CardWrite]  # in file order
    unchanged: list[str]
    summaries: dict[int, dict]  # pk -> summary, for unchanged cards parsed in full
    aliases: dict[str, str]  # earlier id -> id of the card it now leads to
    dropped_aliases: list[str]  # earlier ids that are a card's id again
    archived: list[StoredCard]
    study_plans: list[StudyPlanWrite]
    archived_study_plans: list[str]

    @property
    def cards_changed(self) -> bool:
        return bool(self.writes or self.archived or self.topics)

    @property
    def plans_changed(self) -> list[str]:
        return [write.item.plan.slug for write in self.study_plans] + self.archived_study_plans

    def result(self) -> SyncResult:
        return SyncResult(
            created=[write.item.card.id for write in self.writes if write.pk is None],
            updated=[write.item.card.id for write in self.writes if write.pk is not None],
            unchanged=self.unchanged,
            archived=[card.slug for card in self.archived],
            plans_changed=self.plans_changed,
        )


def sync_bank(content_dir: Path, progress: Progress | None = None) -> SyncResult:
    """Validate the folder, then create, update and archive cards and plans to match it."""
    snapshot = Snapshot.read()
    bank = load_bank(content_dir, known=snapshot.known(), archived=snapshot.archived_ids())
    if not bank.ok:
        return SyncResult(problems=list(bank.problems))
    plan = plan_sync(bank, snapshot)
    with _parked(iter_rendered([write.item.card for write in plan.writes], progress)) as pages:
        try:
            with transaction.atomic():
                apply_plan(plan, pages)
        except IntegrityError as error:
            return SyncResult(problems=[Problem(Path(content_dir).name, 1, f"database refused the sync: {error}")])
    return plan.result()


def plan_sync(bank: Bank, snapshot: Snapshot) -> SyncPlan:
    """What to write so the stored rows match ``bank``; reads nothing but its arguments.

    A file is the stored card with its id, else the one an alias of it names
    (each stored card claimed by one file at most); cards no file claims are
    archived.
    """
    claimed: set[int] = set()
    writes, unchanged, summaries, aliases = [], [], {}, {}
    for item in bank.files:
        stored = _claim(item.card, snapshot, claimed)
        if stored is not None:
            claimed.add(stored.pk)
        if stored is not None and stored.is_current(item):
            unchanged.append(item.card.id)
            if not item.card.is_summary:  # parsed in full: store its summary so the next sync can skip it
                summaries[stored.pk] = item.card.summary()
        else:
            writes.append(CardWrite(item, stored.pk if stored else None))
        aliases.update(_new_aliases(item.card, stored.pk if stored else None, snapshot))
    ids = {item.card.id for item in bank.files}
    topics = bank.topic_names()
    study_plans, archived_study_plans = _plan_study_plans(bank.plans, snapshot)
    return SyncPlan(
        topics={path: name for path, name in topics.items() if snapshot.topics.get(path) != name},
        tags=sorted({tag for item in bank.files for tag in item.card.tags}),
        writes=writes,
        unchanged=unchanged,
        summaries=summaries,
        aliases=aliases,
        dropped_aliases=[alias for alias in snapshot.aliases if alias in ids],
        archived=[card for card in snapshot.cards.values() if not card.archived and card.pk not in claimed],
        study_plans=study_plans,
        archived_study_plans=archived_study_plans,
    )


def _claim(card: ParsedCard, snapshot: Snapshot, claimed: set[int]) -> StoredCard | None:
    """The stored card this file is: by its id, else by one of its earlier ids not claimed yet."""
    stored = snapshot.cards.get(card.id)
    if stored is not None:
        return stored
    for alias in card.aliases:
        stored = snapshot.cards.get(alias) or snapshot.cards_by_pk.get(snapshot.aliases.get(alias))
        if stored is not None and stored.pk not in claimed:
            return stored
    return None


def _new_aliases(card: ParsedCard, pk: int | None, snapshot: Snapshot) -> dict[str, str]:
    """The card's earlier ids that must now lead to it; an archived card that still has that id keeps it."""
    new = {}
    for alias in card.aliases:
        if pk is not None and snapshot.aliases.get(alias) == pk:
            continue
        other = snapshot.cards.get(alias)
        if other is not None and other.pk != pk:
            continue
        new[alias] = card.id
    return new


def _plan_study_plans(plans: list[PlanFile], snapshot: Snapshot) -> tuple[list[StudyPlanWrite], list[str]]:
    """Plans whose file or entries moved on, and stored plans whose file is gone.

    Plans are few and short, so comparing each one whole is cheap.
    """
    writes = []
    for item in plans:
        entries = tuple(
            (position, section, entry.card_id, entry.minutes)
            for position, (section, entry) in enumerate(
                (index, entry) for index, part in enumerate(item.plan.sections) for entry in part.items
            )
        )
        stored = snapshot.plans.get(item.plan.slug)
        if stored is None or (stored.content_hash, stored.archived, stored.entries) != (
            item.content_hash,
            False,
            entries,
        ):
            writes.append(StudyPlanWrite(item, entries))
    kept = {item.plan.slug for item in plans}
    archived = [slug for slug, stored in snapshot.plans.items() if not stored.archived and slug not in kept]
    return writes, archived


def apply_plan(plan: SyncPlan, pages: Iterable[RenderedCard]) -> None:
    """Write ``plan``, with ``pages`` the rendered cards of ``plan.writes`` in order; call inside a transaction."""
    now = timezone.now()
    for path, name in plan.topics.items():
        Topic.objects.update_or_create(path=path, defaults={"name": name})
    Tag.objects.bulk_create([Tag(slug=slug) for slug in plan.tags], ignore_conflicts=True)
    saved = _write_cards(plan.writes, pages, now)
    _replace_tags([(pk, write.item.card.tags) for pk, write in saved])
    Card.objects.bulk_update(
        [Card(pk=pk, parsed=summary) for pk, summary in plan.summaries.items()], ["parsed"], batch_size=500
    )
    keep_answers((pk, write.item) for pk, write in saved)
    pks = dict(Card.objects.filter(slug__in=set(plan.aliases.values())).values_list("slug", "pk"))
    for alias, card_id in plan.aliases.items():
        CardAlias.objects.update_or_create(slug=alias, defaults={"card_id": pks[card_id]})
    CardAlias.objects.filter(slug__in=plan.dropped_aliases).delete()
    Card.objects.filter(pk__in=[card.pk for card in plan.archived]).update(archived_at=now)
    _write_study_plans(plan, now)
    if plan.cards_changed or plan.plans_changed:
        bank_changed()
    if plan.cards_changed:
        refresh_neighbours()
        refresh_facet_counts()
        _refresh_planner_statistics()


_CARD_FIELDS = [
    "slug",
    "title",
    "topic_id",
    "difficulty",
    "prompt_html",
    "answer_html",
    "search_text",
    "links",
    "parsed",
    "source_path",
    "content_hash",
    "updated_at",
    "archived_at",
]


def _write_cards(writes: list[CardWrite], pages: Iterable[RenderedCard], now: datetime) -> list[tuple[int, CardWrite]]:
    """Create and update the cards in batches, in file order; (pk, write) of each.

    New cards are inserted in file order, so they get the ids one insert per
    card gave them. Each batch's pages are indexed and let go before the next
    batch is read.
    """
    pages = iter(pages)
    saved: list[tuple[int, CardWrite]] = []
    for start in range(0, len(writes), WRITE_BATCH):
        batch = writes[start : start + WRITE_BATCH]
        rows = [_card_row(write, page, now) for write, page in zip(batch, islice(pages, len(batch)), strict=True)]
        stored = [row for row in rows if row.pk is not None]
        Card.objects.bulk_create([row for row in rows if row.pk is None])
        Card.objects.bulk_update(stored, _CARD_FIELDS)
        index_cards([(row.pk, row.title, row.search_text) for row in rows])
        saved += [(row.pk, write) for row, write in zip(rows, batch, strict=True)]
    if next(pages, None) is not None:
        raise ValueError("more rendered pages than cards to write")
    return saved


def _card_row(write: CardWrite, rendered: RenderedCard, now: datetime) -> Card:
    card = write.item.card
    row = Card(
        pk=write.pk,
        slug=card.id,
        title=card.title,
        topic_id=card.topic_path,
        difficulty=card.difficulty,
        prompt_html=rendered.prompt_html,
        answer_html=rendered.answer_html,
        search_text=rendered.search_text,
        links=card.link_targets,
        parsed=card.summary(),
        source_path=card.path,
        content_hash=write.item.content_hash,
        updated_at=now,
        archived_at=None,
    )
    if write.pk is None:
        row.created_at = now
    return row


def _replace_tags(card_tags: list[tuple[int, list[str]]]) -> None:
    """Tags of the saved cards, in two statements rather than a few per card."""
    through = Card.tags.through
    through.objects.filter(card_id__in=[pk for pk, _ in card_tags]).delete()
    through.objects.bulk_create(
        [through(card_id=pk, tag_id=tag) for pk, tags in card_tags for tag in tags], batch_size=500
    )


def _write_study_plans(plan: SyncPlan, now: datetime) -> None:
    """A changed plan is saved and its entries rebuilt; a plan whose file went is archived."""
    card_ids = {card_id for write in plan.study_plans for _, _, card_id, _ in write.entries}
    pks = dict(Card.objects.filter(slug__in=card_ids).values_list("slug", "pk"))
    for write in plan.study_plans:
        parsed = write.item.plan
        row, _ = Plan.objects.update_or_create(
            slug=parsed.slug,
            defaults={
                "title": parsed.title,
                "description": parsed.description,
                "audience": parsed.audience,
                "sections": [section.title for section in parsed.sections],
                "source_path": parsed.path,
                "content_hash": write.item.content_hash,
                "updated_at": now,
                "archived_at": None,
            },
        )
        row.entries.all().delete()
        PlanEntry.objects.bulk_create(
            PlanEntry(plan=row, position=p, section=s, card_id=pks[c], minutes=m) for p, s, c, m in write.entries
        )
    Plan.objects.filter(slug__in=plan.archived_study_plans).update(archived_at=now)


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
    return list(iter_rendered(cards, progress))


def iter_rendered(cards: list[ParsedCard], progress: Progress | None = None) -> Iterator[RenderedCard]:
    """Each card rendered, in order; in worker processes when there are enough cards to repay starting them."""
    workers = min(os.cpu_count() or 1, 8)
    if len(cards) < PARALLEL_FROM or workers < 2:
        yield from _counted(map(render_card, cards), len(cards), progress)
        return
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        yield from _counted(pool.map(render_card, cards, chunksize=16), len(cards), progress)


def _counted(results: Iterable[RenderedCard], total: int, progress: Progress | None) -> Iterator[RenderedCard]:
    for done, rendered in enumerate(results, start=1):
        yield rendered
        if progress:
            progress(done, total)


@contextmanager
def _parked(pages: Iterable[RenderedCard]) -> Iterator[Iterator[RenderedCard]]:
    """Every page rendered first, into a temporary file; then an iterator reading them back in order."""
    with tempfile.TemporaryFile() as file:
        count = 0
        for page in pages:
            pickle.dump(page, file, pickle.HIGHEST_PROTOCOL)
            count += 1
        file.seek(0)
        yield (pickle.load(file) for _ in range(count))
