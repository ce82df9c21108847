"""The topic, difficulty and tags of every active card, and their order, held by each process for the bank's version.

A search's facet counts are sums over its hits (up to ``search.MAX_RESULTS``
of them). Asked of the database, each of the three sums sent the hits again
and joined them to the cards or the tag table; over these facts they are a
pass in Python over the hit ids. They are read once per process after each
sync, in two plain statements, and are the same for everyone. The bank in
its own order is the browse page with no filter: with the order held, a page
of it is one read of its twenty cards, with no count of the whole bank.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import chain, repeat

from django.db import connections, router

from .models import Card
from .pagecache import held_for_bank


@dataclass(frozen=True)
class CardFacts:
    topic_and_difficulty: dict[int, tuple[str, str]]  # of each active card, by id
    tags: dict[int, tuple[str, ...]]  # each active card's tag slugs, where it has any
    in_bank_order: tuple[int, ...]  # the active cards' ids by topic, then file: the unfiltered list

    def active(self, card_ids: tuple[int, ...]) -> list[int]:
        """Those of these cards that are active, in the order given."""
        known = self.topic_and_difficulty
        return [pk for pk in card_ids if pk in known]

    def with_tag_slugs(self, cards: list[Card]) -> list[Card]:
        """``cards`` (active ones), each with ``tag_slugs`` as ``models.with_tag_slugs`` sets them, with no query."""
        for card in cards:
            card.tag_slugs = list(self.tags.get(card.pk, ()))
        return cards

    def counts(self, card_ids: list[int], tag_count: int) -> tuple[list, dict[str, int], list[tuple[str, int]]]:
        """Cards per topic (by path), per difficulty, and the ``tag_count`` commonest tags (then by slug)."""
        pairs = Counter(map(self.topic_and_difficulty.__getitem__, card_ids))
        topics: Counter[str] = Counter()
        difficulties: Counter[str] = Counter()
        for (topic, difficulty), n in pairs.items():
            topics[topic] += n
            difficulties[difficulty] += n
        tags = Counter(chain.from_iterable(map(self.tags.get, card_ids, repeat(()))))
        ranked = sorted(tags.items(), key=lambda item: (-item[1], item[0]))[:tag_count]
        return sorted(topics.items()), dict(difficulties), ranked


def card_facts() -> CardFacts:
    """The facts of the bank as of its current version, read afresh after a sync changes it."""
    return held_for_bank("card-facts", read_card_facts)


def read_card_facts() -> CardFacts:
    cards, links = Card._meta, Card.tags.through._meta
    connection = connections[router.db_for_read(Card)]
    quote = connection.ops.quote_name
    card = {
        name: quote(cards.get_field(name).column)
        for name in ("id", "topic", "difficulty", "archived_at", "source_path")
    }
    link_card, link_tag = (quote(links.get_field(name).column) for name in ("card", "tag"))
    card_table, link_table = quote(cards.db_table), quote(links.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {card['id']}, {card['topic']}, {card['difficulty']} FROM {card_table}"
            f" WHERE {card['archived_at']} IS NULL ORDER BY {card['topic']}, {card['source_path']}"
        )
        topic_and_difficulty = {pk: (topic, difficulty) for pk, topic, difficulty in cursor.fetchall()}
        cursor.execute(f"SELECT {link_card}, {link_tag} FROM {link_table} ORDER BY {link_card}, {link_tag}")
        tags: dict[int, list[str]] = {}
        for pk, tag in cursor.fetchall():
            if pk in topic_and_difficulty:
                tags.setdefault(pk, []).append(tag)
    return CardFacts(
        topic_and_difficulty, {pk: tuple(slugs) for pk, slugs in tags.items()}, tuple(topic_and_difficulty)
    )
