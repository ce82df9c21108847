"""What a list or a link shows of every active card, and the bank's order, held by each process for the bank's version.

A search's facet counts are sums over its hits (up to ``search.MAX_RESULTS``
of them). Asked of the database, each of the three sums sent the hits again
and joined them to the cards or the tag table; over these facts they are a
pass in Python over the hit ids. The bank in its own order is the browse
page with no filter, and a page of results, or a card page's related cards
and neighbours, are a handful of cards looked up here by id. So none of
those pages reads cards to list them. The facts are the same for everyone
and are read once per process after each sync, in three plain statements.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain, repeat

from django.db import connections, router

from .models import Card, Topic
from .pagecache import held_for_bank

# What a listed card holds, in the order of the model's fields, as ``Model.from_db`` takes them.
LISTED_ATTNAMES = ("id", "slug", "title", "topic_id", "difficulty")


@dataclass(frozen=True)
class CardFacts:
    topic_and_difficulty: dict[int, tuple[str, str]]  # of each active card, by id
    tags: dict[int, tuple[str, ...]]  # each active card's tag slugs, where it has any
    in_bank_order: tuple[int, ...]  # the active cards' ids by topic, then file: the unfiltered list
    slug_and_title: dict[int, tuple[str, str]]  # of each active card, by id
    by_slug: dict[str, int]  # each active card's id by its card id
    topic_names: dict[str, str]  # every topic's name, by its path
    database: str  # the alias they were read from, which the cards made from them carry

    def listed(self, card_ids: Iterable[int]) -> list[Card]:
        """The active ones of these cards, in the order given, as a list or a link shows them, with no query.

        Each has its id, slug, title, difficulty, topic (with its name) and
        ``tag_slugs``; other fields are deferred, as with ``only()``.
        """
        return [self._listed(pk) for pk in card_ids if pk in self.topic_and_difficulty]

    def _listed(self, pk: int) -> Card:
        slug, title = self.slug_and_title[pk]
        topic, difficulty = self.topic_and_difficulty[pk]
        card = Card.from_db(self.database, LISTED_ATTNAMES, (pk, slug, title, topic, difficulty))
        card.topic = Topic.from_db(self.database, ("path", "name"), (topic, self.topic_names.get(topic, topic)))
        card.tag_slugs = list(self.tags.get(pk, ()))
        return card

    def active(self, card_ids: tuple[int, ...]) -> list[int]:
        """Those of these cards that are active, in the order given."""
        known = self.topic_and_difficulty
        return [pk for pk in card_ids if pk in known]

    def with_tag_slugs(self, cards: list[Card]) -> list[Card]:
        """``cards`` (active ones), each with ``tag_slugs``, its tags' slugs in order, with no query."""
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
    cards, links, topics = Card._meta, Card.tags.through._meta, Topic._meta
    database = router.db_for_read(Card)
    connection = connections[database]
    quote = connection.ops.quote_name
    card = {
        name: quote(cards.get_field(name).column)
        for name in ("id", "slug", "title", "topic", "difficulty", "archived_at", "source_path")
    }
    link_card, link_tag = (quote(links.get_field(name).column) for name in ("card", "tag"))
    topic_path, topic_name = (quote(topics.get_field(name).column) for name in ("path", "name"))
    card_table, link_table, topic_table = quote(cards.db_table), quote(links.db_table), quote(topics.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {card['id']}, {card['slug']}, {card['title']}, {card['topic']}, {card['difficulty']}"
            f" FROM {card_table} WHERE {card['archived_at']} IS NULL ORDER BY {card['topic']}, {card['source_path']}"
        )
        rows = cursor.fetchall()
        cursor.execute(f"SELECT {link_card}, {link_tag} FROM {link_table} ORDER BY {link_card}, {link_tag}")
        links_read = cursor.fetchall()
        cursor.execute(f"SELECT {topic_path}, {topic_name} FROM {topic_table}")
        names = dict(cursor.fetchall())
    topic_and_difficulty = {pk: (topic, difficulty) for pk, _, _, topic, difficulty in rows}
    tags: dict[int, list[str]] = {}
    for pk, tag in links_read:
        if pk in topic_and_difficulty:
            tags.setdefault(pk, []).append(tag)
    return CardFacts(
        topic_and_difficulty=topic_and_difficulty,
        tags={pk: tuple(slugs) for pk, slugs in tags.items()},
        in_bank_order=tuple(topic_and_difficulty),
        slug_and_title={pk: (slug, title) for pk, slug, title, _, _ in rows},
        by_slug={slug: pk for pk, slug, _, _, _ in rows},
        topic_names=names,
        database=database,
    )
