"""Community difficulty: counters moved with each rating, equal to a recount from the log, once per person."""

import io
import json
import random
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from practice import community, quiz
from practice.models import CardStats, Review
from practice.tokens import new_token
from questions.models import Card

from .conftest import rate

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-staple"
SLUGS = ["indexes", "isolation", "async-handlers", "dependency-injection"]


def counters():
    return {
        stats.card.slug: tuple(getattr(stats, name) for name in (*CardStats.COUNTERS, "people"))
        for stats in CardStats.objects.select_related("card")
        if stats.people or stats.lapsed
    }


def recounted():
    call_command("rebuild_card_stats", stdout=io.StringIO())
    return counters()


def person(name):
    client = Client()
    client.force_login(User.objects.create_user(name, password=PASSWORD))
    return client


def test_counters_equal_a_recount_after_random_ratings(synced):
    rng = random.Random(18)
    people = [person(f"p{n}") for n in range(6)]
    for _ in range(60):
        rate(rng.choice(people), rng.choice(SLUGS), rng.randint(1, 4))
    kept = counters()
    assert sum(row[-1] for row in kept.values()) <= 6 * len(SLUGS)
    assert kept == recounted()


def test_only_a_persons_first_rating_counts_and_a_lapse_after_learning(user_client, synced):
    user = User.objects.get()
    start = timezone.now() - timedelta(days=30)
    card = Card.objects.get(slug="indexes")
    for day, rating in [(0, 4), (20, 1), (21, 1)]:  # easy graduates it; then forgotten, twice
        Review.record(user, card, rating=rating, token=new_token(), when=start + timedelta(days=day))
    stats = CardStats.objects.get(card=card)
    assert (stats.first_easy, stats.first_again, stats.people, stats.lapsed) == (1, 0, 1, 1)
    assert counters() == recounted()


def test_an_out_of_order_review_moves_the_first_rating(user_client, synced):
    user = User.objects.get()
    card = Card.objects.get(slug="indexes")
    Review.record(user, card, rating=3, token=new_token())
    Review.record(user, card, rating=1, token=new_token(), when=timezone.now() - timedelta(days=3))
    stats = CardStats.objects.get(card=card)
    assert (stats.first_good, stats.first_again, stats.people) == (0, 1, 1)


def test_an_anonymous_visitor_counts_once_and_not_again_when_they_sign_up(client, synced):
    rate(client, "indexes", 1)
    rate(client, "indexes", 3)
    stats = CardStats.objects.get(card__slug="indexes")
    assert (stats.first_again, stats.people) == (1, 1)
    client.post("/accounts/signup/", {"username": "carol", "password1": PASSWORD, "password2": PASSWORD})
    assert Review.objects.filter(user__username="carol").count() == 2
    stats.refresh_from_db()
    assert (stats.first_again, stats.people) == (1, 1)
    assert counters() == recounted()


def test_a_visitor_who_had_rated_in_their_account_too_is_still_one_person(user_client, synced):
    rate(user_client, "indexes", 4)
    user_client.post("/accounts/logout/")
    rate(user_client, "indexes", 1)  # anonymous now: a second "person" for the moment
    assert CardStats.objects.get(card__slug="indexes").people == 2
    user_client.post("/accounts/login/", {"username": "ada", "password": "correct-horse-battery"})
    stats = CardStats.objects.get(card__slug="indexes")
    assert (stats.people, stats.first_easy, stats.first_again) == (1, 1, 0)
    assert counters() == recounted()


def test_an_import_counts_once_however_often_it_is_imported(user_client, synced):
    rate(user_client, "indexes", 2)
    document = json.loads(user_client.get("/progress/export.json").content)
    other = person("importer")
    for _ in range(2):
        file = io.BytesIO(json.dumps(document).encode())
        file.name = "history.json"
        assert other.post("/progress/import/", {"file": file}).status_code in (200, 302)
    stats = CardStats.objects.get(card__slug="indexes")
    assert (stats.first_hard, stats.people) == (2, 2)
    assert counters() == recounted()


def test_the_card_shows_community_difficulty_from_five_people(synced):
    for n, rating in enumerate([1, 1, 3, 4]):
        rate(person(f"first-rater-{n}"), "indexes", rating)
    viewer = person("viewer")
    assert "people didn’t know it" not in viewer.get("/practice/cards/indexes/").content.decode()
    rate(viewer, "indexes", 2)
    page = viewer.get("/practice/cards/indexes/", headers={"HX-Request": "true"}).content.decode()
    assert "<strong>40%</strong> of 5 people didn’t know it the first time" in page
    assert 'aria-label="First ratings: Didn&#x27;t know 40%, Shaky 20%, Knew it 20%, Nailed it 20%"' in page
    assert "first-rater" not in page  # who rated stays private (tokens on the page are random letters)


def test_browse_and_quiz_can_put_the_hardest_for_people_first(synced):
    slugs = {"isolation": [1, 1, 1, 1, 3], "indexes": [1, 3, 3, 3, 3], "async-handlers": [1, 1, 1, 1]}
    for slug, ratings in slugs.items():
        for n, rating in enumerate(ratings):
            rate(person(f"{slug}{n}"), slug, rating)
    ids = list(Card.objects.order_by("topic_id", "source_path").values_list("pk", flat=True))
    hardness = CardStats.hardness(ids)
    by_slug = dict(Card.objects.values_list("pk", "slug"))
    assert {by_slug[pk]: share for pk, share in hardness.items()} == {"isolation": 0.8, "indexes": 0.2}
    ordered = quiz.order_cards(ids, {}, "hardest", 4, timezone.now(), hardness=hardness)
    assert [by_slug[pk] for pk in ordered[:2]] == ["isolation", "indexes"]
    page = Client().get("/questions/?sort=hardest").content.decode()
    assert page.index("What are isolation levels?") < page.index("How does a B-tree index work?")


def test_a_distribution_needs_five_people():
    counts = {"first_again": 2, "first_hard": 1, "first_good": 1, "first_easy": 0, "lapsed": 1}
    assert community.distribution(counts, minimum=5) is None
    shown = community.distribution({**counts, "first_easy": 1}, minimum=5)
    assert (shown.people, shown.didnt_know, shown.lapsed) == (5, 40, 20)
