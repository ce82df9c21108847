"""What a card page shows around a card that is the same for everyone: related cards and neighbours.

Worked out for the whole bank at sync, when cards change, rather than on a
page's first view: finding the cards that share the most tags with one was
one grouped query over the tag table per cold card page.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import batched, pairwise

from .models import Card

RELATED_COUNT = 5


@dataclass(frozen=True)
class Listed:
    pk: int
    topic: str
    source_path: str
    title: str
    tags: frozenset[str]


def related_and_neighbours(cards: list[Listed]) -> dict[int, tuple[list[int], list[int | None]]]:
    """For each card: the cards sharing most tags (then by title), and the previous and next in its topic."""
    by_tag: dict[str, list[Listed]] = {}
    for card in cards:
        for tag in card.tags:
            by_tag.setdefault(tag, []).append(card)
    by_pk = {card.pk: card for card in cards}
    result: dict[int, tuple[list[int], list[int | None]]] = {}
    for card in cards:
        shared = Counter(other.pk for tag in card.tags for other in by_tag[tag] if other.pk != card.pk)
        best = sorted(shared, key=lambda pk: (-shared[pk], by_pk[pk].title, pk))[:RELATED_COUNT]
        result[card.pk] = (best, [None, None])
    ordered = sorted(cards, key=lambda card: (card.topic, card.source_path))
    for before, after in pairwise(ordered):
        if before.topic == after.topic:
            result[before.pk][1][1] = after.pk
            result[after.pk][1][0] = before.pk
    return result


def refresh_neighbours(card_model: type[Card] = Card) -> None:
    """Store every card's related cards and neighbours, writing only the rows that changed.

    ``card_model`` lets a migration pass its historical model.
    """
    Card = card_model
    tags: dict[int, set[str]] = {}
    for pk, tag in Card.tags.through.objects.filter(card__archived_at__isnull=True).values_list("card_id", "tag_id"):
        tags.setdefault(pk, set()).add(tag)
    rows = Card.objects.filter(archived_at__isnull=True).values_list(
        "pk", "topic_id", "source_path", "title", "related", "neighbours"
    )
    stored, listed = {}, []
    for pk, topic, path, title, related, neighbours in rows:
        stored[pk] = (related, neighbours)
        listed.append(Listed(pk, topic, path, title, frozenset(tags.get(pk, ()))))
    changed = (
        Card(pk=pk, related=related, neighbours=neighbours)
        for pk, (related, neighbours) in related_and_neighbours(listed).items()
        if stored[pk] != (related, neighbours)
    )
    # A batch of model instances at a time: the whole bank's at once was the sync's peak of memory.
    for batch in batched(changed, 500):
        Card.objects.bulk_update(batch, ["related", "neighbours"])
    Card.objects.filter(archived_at__isnull=False).exclude(related=[], neighbours=[]).update(related=[], neighbours=[])
