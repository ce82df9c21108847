"""The caller's own practice: permissions, due cards, schedules, history and rating with one-time tokens."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from practice.models import Review, Schedule
from practice.tokens import new_token
from questions.models import Card

from .conftest import detail

pytestmark = pytest.mark.django_db

PERSONAL = ["/api/v1/me/due", "/api/v1/me/reviews", "/api/v1/me/cards/indexes/schedule"]


def rate(client, slug="indexes", rating=3, token=None, **headers):
    body = {"rating": rating, "token": token or new_token()}
    return client.post(f"/api/v1/me/cards/{slug}/ratings", body, content_type="application/json", headers=headers)


@pytest.mark.parametrize("path", PERSONAL)
def test_anonymous_callers_are_asked_to_authenticate(synced, path):
    response = Client().get(path)
    assert response.status_code == 401
    assert "Bearer" in detail(response)


def test_anonymous_callers_cannot_rate(synced):
    assert rate(Client()).status_code == 401
    assert not Review.objects.exists()


def test_rating_with_a_token_records_once_per_rating_token(api, ada, synced):
    token = new_token()
    first = rate(api, token=token)
    assert first.status_code == 201
    assert first.json()["created"] is True and first.json()["review"]["rating_name"] == "good"
    again = rate(api, rating=1, token=token)  # a replay: nothing new, and the first rating stands
    assert again.status_code == 200 and again.json()["created"] is False
    assert again.json()["review"]["rating"] == 3
    assert Review.objects.filter(user=ada).count() == 1
    assert Schedule.objects.get(user=ada).review_count == 1


def test_a_rating_token_used_for_another_card_is_a_conflict(api, synced):
    token = new_token()
    rate(api, "indexes", token=token)
    response = rate(api, "isolation", token=token)
    assert response.status_code == 409 and "another card" in detail(response)


def test_a_forged_rating_token_is_refused(api, synced):
    response = rate(api, token="made-up:token:value")
    assert response.status_code == 400 and "expired or was altered" in detail(response)
    assert not Review.objects.exists()


def test_the_schedule_of_a_card_before_and_after_rating(api, synced):
    before = api.get("/api/v1/me/cards/indexes/schedule").json()
    assert before["status"] == "new" and before["due"] is None and before["review_count"] == 0
    rate(api, rating=1)
    after = api.get("/api/v1/me/cards/indexes/schedule").json()
    assert after["status"] in ("learning", "due") and after["review_count"] == 1 and after["due"]


def test_due_cards_are_the_callers_own(api, ada, synced):
    other = User.objects.create_user("bob")
    Review.record(other, Card.objects.get(slug="isolation"), rating=1, token="bob-1")
    Review.record(ada, Card.objects.get(slug="indexes"), rating=1, token="ada-1")
    Schedule.objects.update(due="2020-01-01T00:00:00Z")
    assert [row["card"] for row in api.get("/api/v1/me/due").json()] == ["indexes"]


def test_history_is_the_callers_own_and_filters_by_card(api, ada, synced):
    other = User.objects.create_user("bob")
    Review.record(other, Card.objects.get(slug="indexes"), rating=2, token="bob-1")
    rate(api, "indexes", 3)
    rate(api, "isolation", 4)
    everything = api.get("/api/v1/me/reviews").json()
    assert everything["count"] == 2
    assert [row["card"] for row in everything["results"]] == ["indexes", "isolation"]
    only = api.get("/api/v1/me/reviews", {"card": "isolation"}).json()
    assert [row["rating"] for row in only["results"]] == [4]
    assert api.get("/api/v1/me/reviews", {"card": "nope"}).status_code == 404
    assert api.get("/api/v1/me/reviews", {"since": "not a date"}).status_code == 400


def test_the_session_works_too_and_writes_need_the_csrf_token(ada, synced):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(ada)
    assert browser.get("/api/v1/me/due").status_code == 200
    refused = rate(browser)
    assert refused.status_code == 403 and "CSRF" in detail(refused)
    browser.get("/accounts/")  # the account page sets the CSRF cookie
    allowed = rate(browser, **{"X-CSRFToken": browser.cookies["csrftoken"].value})
    assert allowed.status_code == 201
    assert Review.objects.filter(user=ada).count() == 1


def test_ratings_are_limited_as_on_the_site(api, synced, settings):
    settings.QUESTIONBANK_RATINGS_PER_MINUTE = 2
    assert [rate(api).status_code for _ in range(3)] == [201, 201, 429]
    assert "wait a minute" in detail(rate(api))
    assert Review.objects.count() == 2
