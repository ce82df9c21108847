"""Rendering the export's pages with the site's own templates and the HTML the sync stored.

Templates see ``static_export`` (and ``live_site_url``) and leave out what
needs a server or a person: the rating panel, forms, htmx, accounts. Pages
are rendered without a request, so nothing of any visitor (session, CSRF
token, user) can reach them.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.template.loader import render_to_string

from ..models import DIFFICULTY_CHOICES, Card
from ..neighbours import RELATED_COUNT
from ..views import card_context, home_context
from .assets import IndexEntry, index_json, search_index
from .pages import SEARCH_URL, Page

LISTED_FIELDS = ("slug", "title", "difficulty", "source_path", "search_text", "topic__path", "topic__name")
CARD_BATCH = 200


@dataclass(frozen=True)
class ExportMarker:
    """What the templates need to know of an export; truthy, so ``{% if static_export %}`` reads naturally."""

    search_url: str = SEARCH_URL


@dataclass
class BankRows:
    """The active cards as the listings show them, read once for every listing page."""

    cards: list[Card]
    by_topic: dict[str, list[Card]] = field(default_factory=lambda: defaultdict(list))
    by_tag: dict[str, list[Card]] = field(default_factory=lambda: defaultdict(list))
    by_difficulty: dict[str, list[Card]] = field(default_factory=lambda: defaultdict(list))
    by_slug: dict[str, Card] = field(default_factory=dict)

    @classmethod
    def load(cls) -> BankRows:
        cards = list(
            Card.objects.active()
            .select_related("topic")
            .prefetch_related("tags")
            .only(*LISTED_FIELDS)
            .order_by("topic_id", "source_path")
        )
        rows = cls(cards)
        for card in cards:
            rows.by_slug[card.slug] = card
            rows.by_topic[card.topic_id].append(card)
            rows.by_difficulty[card.difficulty].append(card)
            for tag in card.tags.all():
                rows.by_tag[tag.slug].append(card)
        return rows

    def neighbours(self, card: Card) -> dict:
        """The card page's other cards, as ``card_context`` finds them, but from rows already in memory.

        The page's own queries are most of an export's time on a big bank
        (the related cards alone 3 ms a card at 10,000 cards); here they are
        dictionary look-ups. Same rules: related cards share the most tags,
        then by title; follow-ups in the order the card links them.
        """
        listed = self.by_slug[card.slug]
        tags = list(listed.tags.all())
        in_topic = self.by_topic[card.topic_id]
        position = in_topic.index(listed)
        return {
            "tags": [tag.slug for tag in tags],
            "related": related_cards(listed, [self.by_tag[tag.slug] for tag in tags]),
            "follow_ups": [self.by_slug[slug] for slug in card.links if slug in self.by_slug],
            "previous": in_topic[position - 1] if position > 0 else None,
            "next": in_topic[position + 1] if position + 1 < len(in_topic) else None,
        }

    def in_topic(self, path: str) -> list[Card]:
        """Cards of a topic and of the topics below it, as the browse page's topic filter has them."""
        below = path + "/"
        return [card for card in self.cards if card.topic_id == path or card.topic_id.startswith(below)]

    def topic_name(self, path: str) -> str:
        cards = self.by_topic.get(path)
        return cards[0].topic.name if cards else path


def related_cards(card: Card, tagged: list[list[Card]], count: int = RELATED_COUNT) -> list[Card]:
    """The cards sharing most tags with ``card`` (``tagged``: the cards of each of its tags), ties by title."""
    shared = Counter(other.pk for cards in tagged for other in cards)
    shared.pop(card.pk, None)
    by_pk = {other.pk: other for cards in tagged for other in cards}
    best = heapq.nsmallest(count, shared.items(), key=lambda item: (-item[1], by_pk[item[0]].title))
    return [by_pk[pk] for pk, _ in best]


def page_context(live_site_url: str) -> dict:
    """What every exported page's template sees beside its own context: that it is an export, and where the live site is."""
    return {"static_export": ExportMarker(), "live_site_url": live_site_url}


def render_listing(page: Page, rows: BankRows, extra: dict) -> str:
    """A listing page: every card of a topic, a tag, a difficulty, or the whole bank."""
    if page.kind == "topic":
        heading, cards = rows.topic_name(page.key), rows.in_topic(page.key)
    elif page.kind == "tag":
        heading, cards = f"Tagged {page.key}", rows.by_tag.get(page.key, [])
    elif page.kind == "difficulty":
        heading, cards = f"{dict(DIFFICULTY_CHOICES)[page.key]} questions", rows.by_difficulty.get(page.key, [])
    else:
        heading, cards = "All questions", rows.cards
    context = {"heading": heading, "cards": cards, "page_kind": page.kind, **extra}
    return render_to_string("export/listing.html", context)


def render_home(extra: dict) -> str:
    """The home page, from the very context the live home page renders."""
    return render_to_string("questions/home.html", home_context() | extra)


def render_search(rows: BankRows, extra: dict) -> str:
    entries = (
        IndexEntry(
            path=Page("card", card.slug).path,
            title=card.title,
            topic=card.topic.name,
            difficulty=card.difficulty,
            tags=tuple(tag.slug for tag in card.tags.all()),
            text=card.search_text,
        )
        for card in rows.cards
    )
    context = {"index_json": index_json(search_index(entries)), "card_count": len(rows.cards), **extra}
    return render_to_string("export/search.html", context)


def render_cards(slugs: list[str], rows: BankRows, extra: dict) -> Iterator[tuple[Page, str]]:
    """Card pages, answer shown, read from the database a batch at a time."""
    for start in range(0, len(slugs), CARD_BATCH):
        batch = (
            Card.objects.active()
            .select_related("topic")
            .defer("parsed")
            .filter(slug__in=slugs[start : start + CARD_BATCH])
        )
        for card in sorted(batch, key=lambda card: card.slug):
            context = card_context(card, True) | rows.neighbours(card) | extra
            yield Page("card", card.slug), render_to_string("questions/card.html", context)
