"""A browse page's list, made from the card facts or read through the ORM, equals the cards listed one by one."""

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from questions.browsing import Filters
from questions.models import Card
from questions.search import parse_query, ranked_ids
from tests.test_facet_counts import apply, change, shown_filters
from tests.test_neighbours import bank_after

pytestmark = pytest.mark.django_db
SIZE = 3


def listed_one_by_one(query: dict) -> list[tuple]:
    """What the list shows of each card the query matches, in its order, worked out in Python from the ORM."""
    operators = query.get("q", "").split()
    topics = [query.get("topic")] + [word[6:] for word in operators if word.startswith("topic:")]
    difficulties = [query.get("difficulty")] + [word[11:] for word in operators if word.startswith("difficulty:")]
    tags = set(query.get("tag", [])) | {word[4:] for word in operators if word.startswith("tag:")}
    words = " ".join(word for word in operators if ":" not in word)
    ranking = {pk: n for n, pk in enumerate(ranked_ids(parse_query(words)))} if words else None
    cards = Card.objects.active().select_related("topic").prefetch_related("tags").order_by("topic_id", "source_path")
    matching = [
        card
        for card in cards
        if all(card.topic_id == t or card.topic_id.startswith(t + "/") for t in topics if t)
        and all(card.difficulty == d for d in difficulties if d)
        and tags <= set(card.tag_slugs)
        and (ranking is None or card.pk in ranking)
    ]
    if ranking is not None:
        matching.sort(key=lambda card: ranking[card.pk])
    return [shown(card) for card in matching]


def shown(card: Card) -> tuple:
    return (card.pk, card.slug, card.title, card.difficulty, card.topic_id, card.topic.name, list(card.tag_slugs))


def pages_listed(query: dict) -> tuple[int, list[tuple]]:
    """The count the page gives, and its cards, page after page."""
    params = QueryDict(mutable=True)
    for key, value in query.items():
        params.setlist(key, value if isinstance(value, list) else [value])
    listed, number, count = [], 1, 0
    while True:
        params["page"] = str(number)
        page = Filters.from_query(params).with_hits().results_page(Card.objects.active(), SIZE)
        count = page.paginator.count
        listed += [shown(card) for card in page.object_list]
        if not page.has_next():
            return count, listed
        number += 1


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(change, min_size=1, max_size=10), queries=st.lists(shown_filters, max_size=3))
def test_every_page_of_a_list_shows_the_matching_cards_in_order(steps, queries):
    with bank_after(steps, apply):
        for query in [{}, {"q": "card"}, *queries]:
            expected = listed_one_by_one(query)
            assert pages_listed(query) == (len(expected), expected), query
