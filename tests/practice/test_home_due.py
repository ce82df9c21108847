"""The home page's "what is due" for a person who has practised, and its one-click quiz."""

from datetime import timedelta

import pytest
from django.utils import timezone

from practice.models import Quiz, Review
from questions.models import Card

from .conftest import rate

pytestmark = pytest.mark.django_db


def test_the_home_page_counts_the_due_cards_and_starts_a_quiz_of_them(
    user_client, user, synced, django_assert_max_num_queries
):
    long_ago = timezone.now() - timedelta(days=30)
    Review.record(user, Card.objects.get(slug="indexes"), rating=3, token="a", when=long_ago)
    Review.record(user, Card.objects.get(slug="isolation"), rating=3, token="b", when=long_ago - timedelta(days=1))
    Review.record(user, Card.objects.get(slug="async-handlers"), rating=3, token="c")  # learning, not due
    with django_assert_max_num_queries(13):  # counted afresh
        body = user_client.get("/").content.decode()
    assert "2 cards are due" in body
    with django_assert_max_num_queries(9):  # the counts kept: nobody rated and nothing fell due since
        assert "2 cards are due" in user_client.get("/").content.decode()
    assert "Practise the due ones" in body
    response = user_client.post("/practice/due/")
    quiz = Quiz.objects.get()
    assert response["Location"] == f"/practice/quiz/{quiz.public_id}/"
    cards = list(quiz.items.values_list("card__slug", flat=True))
    assert cards == ["isolation", "indexes"]  # the due ones only, longest overdue first


def test_anonymous_visitors_see_their_session_practice_and_others_see_no_such_block(client, synced):
    assert "Your reviews" not in client.get("/").content.decode()
    rate(client, "isolation", 3)
    body = client.get("/").content.decode()
    assert "Your reviews" in body and "Nothing is due" in body
    client.cookies.clear()  # a newcomer again: the cached public page, with nobody's reviews
    assert "Your reviews" not in client.get("/").content.decode()


def test_with_nothing_due_the_one_click_quiz_says_so(user_client, synced):
    response = user_client.post("/practice/due/", follow=True)
    assert "Nothing is due now." in response.content.decode()
    assert not Quiz.objects.exists()
