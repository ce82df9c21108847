"""Browsing by my status: new, learning, due, mastered, bookmarked."""

from datetime import timedelta

import pytest
from django.utils import timezone

from practice.models import Bookmark, Review
from questions.models import Card

from .conftest import rate

pytestmark = pytest.mark.django_db


def slugs(response) -> list[str]:
    return sorted(card.slug for card in response.context["page"].object_list)


def test_status_filters_split_the_bank(user_client, user, synced):
    now = timezone.now()
    indexes = Card.objects.get(slug="indexes")
    isolation = Card.objects.get(slug="isolation")
    Review.record(user, indexes, rating=3, token="a", when=now - timedelta(days=10))  # due by now
    Review.record(user, isolation, rating=3, token="b")  # learning, due in minutes
    Bookmark.objects.create(user=user, card=indexes)
    assert slugs(user_client.get("/questions/?status=due")) == ["indexes"]
    assert slugs(user_client.get("/questions/?status=learning")) == ["isolation"]
    assert slugs(user_client.get("/questions/?status=new")) == ["async-handlers", "dependency-injection"]
    assert slugs(user_client.get("/questions/?status=bookmarked")) == ["indexes"]
    counts = {f.value: f.count for f in user_client.get("/questions/").context["facets"].statuses}
    assert counts == {"new": 2, "learning": 1, "due": 1, "mastered": 0, "bookmarked": 1}


def test_mastered_cards_are_the_ones_remembered_for_weeks(user_client, user, synced):
    card = Card.objects.get(slug="indexes")
    when = timezone.now() - timedelta(days=400)
    for number in range(6):
        _, schedule, _ = Review.record(user, card, rating=4, token=f"m{number}", when=when)
        when = schedule.due
        if when > timezone.now() - timedelta(days=1):
            break
    assert slugs(user_client.get("/questions/?status=mastered")) == ["indexes"]


def test_anonymous_visitors_filter_by_their_session_practice(client, synced):
    assert client.get("/questions/").context["facets"].statuses == []  # nothing practised yet
    rate(client, "isolation", 3)
    assert slugs(client.get("/questions/?status=learning")) == ["isolation"]
    assert "isolation" not in slugs(client.get("/questions/?status=new"))
    assert slugs(client.get("/questions/?status=bookmarked")) == []


def test_an_unknown_status_is_ignored(user_client, synced):
    assert len(slugs(user_client.get("/questions/?status=bogus"))) == 4
