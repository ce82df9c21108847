"""The card page's and the browse list's plain reads equal the ORM queries they replace, after any bank changes."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from questions.cardfacts import card_facts
from questions.cardpage import SHOWN_FIELDS, card_to_show
from questions.models import Card, Topic
from tests.test_neighbours import NAMES, apply, bank_after, change

pytestmark = pytest.mark.django_db


def listed(card: Card) -> tuple:
    """What a list or a link shows of a card."""
    return (card.pk, card.slug, card.title, card.difficulty, card.topic_id, card.topic.name, list(card.tag_slugs))


def shown(card: Card) -> tuple:
    return (*(getattr(card, Card._meta.get_field(name).attname) for name in SHOWN_FIELDS), card.topic.name)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(change, min_size=1, max_size=10), wanted=st.sets(st.sampled_from(NAMES)))
def test_plain_reads_and_the_card_facts_match_the_orm(steps, wanted):
    with bank_after(steps, apply):
        cards = list(Card.objects.select_related("topic").prefetch_related("tags").order_by("pk"))
        for card in cards:
            assert shown(card_to_show(card.slug)) == shown(card), card.slug
        facts = card_facts()
        active = [card for card in cards if card.archived_at is None]
        assert [listed(card) for card in facts.listed([card.pk for card in cards])] == [listed(c) for c in active]
        assert list(facts.in_bank_order) == list(
            Card.objects.active().order_by("topic_id", "source_path").values_list("pk", flat=True)
        )
        assert facts.by_slug == {card.slug: card.pk for card in active}
        assert facts.topic_names == dict(Topic.objects.values_list("path", "name"))
        plain = facts.with_tag_slugs(list(Card.objects.active().order_by("pk")))
        assert [card.tag_slugs for card in plain] == [card.tag_slugs for card in active]
        chosen = [card.pk for card in cards if card.slug in wanted][::-1]
        assert [card.pk for card in facts.listed(chosen)] == [pk for pk in chosen if pk in facts.by_slug.values()]


def test_the_card_shown_is_read_without_what_the_page_never_shows(synced):
    card = card_to_show("indexes")
    assert card.get_deferred_fields() == {"search_text", "parsed", "content_hash", "created_at", "updated_at"}
    assert (card.topic.name, card.tag_slugs) == ("Databases / Sql", ["indexes", "sql"])
    assert card_to_show("no-such-card") is None


def test_a_listed_card_holds_only_what_a_list_shows_and_reads_nothing(synced, django_assert_num_queries):
    facts = card_facts()
    with django_assert_num_queries(0):
        (card,) = facts.listed([facts.by_slug["indexes"]])
        shown_of_it = (card.slug, card.title, card.difficulty, card.topic.name, card.tag_slugs, card.get_absolute_url())
    assert card.get_deferred_fields() >= {"answer_html", "search_text", "parsed", "links", "related"}
    assert shown_of_it == (
        "indexes",
        "How does a B-tree index work?",
        "medium",
        "Databases / Sql",
        ["indexes", "sql"],
        "/questions/indexes/",
    )
