"""Which pages an export limited to changed cards writes: those cards, and every page that lists them.

Pure, given where each changed card is listed now and where it was listed
before, so that a card moved to another topic, retagged or removed also
refreshes the listings it left.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..cards import parse_card
from .pages import Page

# Listed in every case: the home page's counts, the full list and the search index
# change with any card.
ALWAYS = (Page("home"), Page("all"), Page("search"))


@dataclass(frozen=True)
class CardFacts:
    """Where a card is listed; ``slug`` is empty for a version that has no page (it was removed or moved)."""

    slug: str
    topic: str
    tags: tuple[str, ...]
    difficulty: str


def facts_at_ref(text: str, path: str) -> list[CardFacts]:
    """Where a card's earlier version was listed, from its text at the ref; none if it did not parse."""
    if not text:
        return []
    card, _ = parse_card(text, path)
    if card is None:
        return []
    return [CardFacts("", card.topic_path, tuple(card.tags), card.difficulty)]


def topic_and_parents(topic: str) -> list[str]:
    """``a/b/c`` is listed on the pages of ``a``, ``a/b`` and ``a/b/c``, as the topic filter includes sub-topics."""
    parts = topic.split("/")
    return ["/".join(parts[: end + 1]) for end in range(len(parts))]


def pages_for_changes(facts: Iterable[CardFacts], existing: set[Page]) -> list[Page]:
    """The changed cards' pages and their listings, among the pages a full export would have, in its order."""
    wanted: set[Page] = set(ALWAYS)
    for fact in facts:
        if fact.slug:
            wanted.add(Page("card", fact.slug))
        wanted.update(Page("topic", topic) for topic in topic_and_parents(fact.topic))
        wanted.update(Page("tag", tag) for tag in fact.tags)
        wanted.add(Page("difficulty", fact.difficulty))
    return [page for page in _ordered(existing) if page in wanted]


def _ordered(pages: set[Page]) -> list[Page]:
    order = {"home": 0, "all": 1, "search": 2, "topic": 3, "tag": 4, "difficulty": 5, "card": 6}
    return sorted(pages, key=lambda page: (order[page.kind], page.key))
