"""The card page's and the browse list's plain reads equal the ORM queries they replace, after any bank changes."""

import pytest
from django.db.models import Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from questions.cardfacts import card_facts
from questions.cardpage import LINKED_FIELDS, SHOWN_FIELDS, active_cards, card_to_show, tag_slugs
from questions.models import Card
from tests.test_neighbours import NAMES, apply, bank_after, change

pytestmark = pytest.mark.django_db


def linked(cards: list[Card]) -> list[tuple]:
    return sorted(tuple(getattr(card, name) for name in LINKED_FIELDS) for card in cards)


def shown(card: Card) -> tuple:
    return (*(getattr(card, Card._meta.get_field(name).attname) for name in SHOWN_FIELDS), card.topic.name)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(change, min_size=1, max_size=10), wanted=st.sets(st.sampled_from(NAMES)))
def test_plain_reads_match_the_orm(steps, wanted):
    with bank_after(steps, apply):
        cards = list(Card.objects.order_by("pk"))
        for card in cards:
            assert tag_slugs(card.pk) == [tag.slug for tag in card.tags.all()], card.slug
            assert shown(card_to_show(card.slug)) == shown(card), card.slug
        facts = card_facts()
        active = [card for card in cards if card.archived_at is None]
        listed = facts.with_tag_slugs(list(Card.objects.active().order_by("pk")))
        assert [card.tag_slugs for card in listed] == [[tag.slug for tag in card.tags.all()] for card in active]
        assert list(facts.in_bank_order) == list(
            Card.objects.active().order_by("topic_id", "source_path").values_list("pk", flat=True)
        )
        pks = [card.pk for card in cards if card.slug in wanted][::2]
        slugs = sorted(wanted)[1::2]
        orm = Card.objects.active().filter(Q(pk__in=pks) | Q(slug__in=slugs)).only(*LINKED_FIELDS)
        assert linked(active_cards(pks, slugs)) == linked(orm)
        assert active_cards([], []) == []


def test_the_card_shown_is_read_without_what_the_page_never_shows(synced):
    card = card_to_show("indexes")
    assert card.get_deferred_fields() == {"search_text", "parsed", "content_hash", "created_at", "updated_at"}
    assert (card.topic.name, card.tag_slugs) == ("Databases / Sql", ["indexes", "sql"])
    assert card_to_show("no-such-card") is None


def test_linked_cards_load_only_what_the_page_shows(synced):
    (card,) = active_cards([], ["indexes"])
    assert card.get_deferred_fields() >= {"answer_html", "search_text", "parsed"}
    assert (card.slug, card.title, card.difficulty) == ("indexes", "How does a B-tree index work?", "medium")
