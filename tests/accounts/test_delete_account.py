"""Deleting an account: the password, then every row of the person gone, and nothing of anyone else's."""

import uuid

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.db import models
from django.test import Client
from django.utils import timezone

from accounts.erasure import relations_to_users
from practice.models import Bookmark, Note, Profile, Quiz, QuizItem, Review, ReviewState, Schedule
from questions.models import Card

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

BOB_PASSWORD = "another-long-passphrase"


def give_everything_to(user, cards: list[Card]) -> None:
    """At least one row in every table that can belong to a person."""
    for n, card in enumerate(cards):
        Review.record(user, card, rating=1 + n % 4, token=f"{user.pk}-{n}")
        Bookmark.objects.create(user=user, card=card)
        Note.save_text(user, card, f"note {n}")
    quiz = Quiz.objects.create(public_id=uuid.uuid4(), user=user, item_count=len(cards))
    QuizItem.objects.bulk_create(QuizItem(quiz=quiz, position=n, card=card, token="t") for n, card in enumerate(cards))
    Profile.objects.create(user=user, interview_date=timezone.localdate())
    LogEntry.objects.create(user=user, action_flag=1, object_repr="x")
    AccessLog.objects.create(
        username=user.username, ip_address="203.0.113.1", user_agent="test", attempt_time=timezone.now()
    )
    AccessAttempt.objects.create(
        username=user.username, ip_address="203.0.113.1", user_agent="test", failures_since_start=2
    )


def rows_of(user_id: int, username: str) -> dict[str, int]:
    counts = {
        f"{model.__name__}.{name}": model._base_manager.filter(**{name: user_id}).count()
        for model, name in relations_to_users()
    }
    counts["QuizItem"] = QuizItem.objects.filter(quiz__user=user_id).count()
    counts["AccessLog"] = AccessLog.objects.filter(username=username).count()
    counts["AccessAttempt"] = AccessAttempt.objects.filter(username=username).count()
    return counts


@pytest.fixture
def two_people(synced, ada):
    bob = User.objects.create_user("bob", "bob@example.com", BOB_PASSWORD)
    cards = list(Card.objects.order_by("pk"))
    give_everything_to(ada, cards)
    give_everything_to(bob, cards[:2])
    return ada, bob


def test_deleting_removes_every_row_of_the_person_and_nothing_of_anyone_elses(client, two_people):
    ada, bob = two_people
    ada_before, bob_before = rows_of(ada.pk, "ada"), rows_of(bob.pk, "bob")
    for model in (Review, Schedule, ReviewState, Bookmark, Note, Quiz, Profile, LogEntry):
        assert ada_before[f"{model.__name__}.user"] > 0, model
    assert ada_before["QuizItem"] and ada_before["AccessLog"] and ada_before["AccessAttempt"]

    client.force_login(ada)
    response = client.post("/accounts/delete/", {"password": PASSWORD})
    assert response["Location"] == "/accounts/deleted/"

    assert not User.objects.filter(pk=ada.pk).exists()
    assert set(rows_of(ada.pk, "ada").values()) == {0}
    assert rows_of(bob.pk, "bob") == bob_before
    assert "_auth_user_id" not in client.session
    assert "Your account is deleted" in client.get(response["Location"]).content.decode()
    assert client.post("/accounts/login/", {"username": "ada", "password": PASSWORD}).status_code == 200


def test_the_wrong_password_deletes_nothing(ada_client, two_people):
    ada, _ = two_people
    before = rows_of(ada.pk, "ada")
    response = ada_client.post("/accounts/delete/", {"password": "not-it"})
    assert response.status_code == 200
    assert "That is not your password." in response.content.decode()
    assert rows_of(ada.pk, "ada") == before
    assert User.objects.filter(pk=ada.pk).exists()


def test_guessing_the_password_here_is_limited(ada_client, settings):
    settings.QUESTIONBANK_PASSWORD_CHANGES_PER_HOUR = 2
    codes = [ada_client.post("/accounts/delete/", {"password": "guess"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_the_page_offers_the_export_first_and_says_what_goes(ada_client, two_people):
    body = ada_client.get("/accounts/delete/").content.decode()
    assert body.index('href="/progress/export.json"') < body.index('name="password"')
    assert "Reviews: 4" in body
    assert "Bookmarks: 4" in body


def test_every_relation_to_a_person_goes_with_them():
    """A new table with a foreign key to users must cascade (or forget the person), or deletion would fail."""
    for model, name in relations_to_users():
        on_delete = model._meta.get_field(name).remote_field.on_delete
        assert on_delete in (models.CASCADE, models.SET_NULL), f"{model.__name__}.{name}"


def test_the_page_needs_a_log_in(client, db):
    assert client.get("/accounts/delete/")["Location"].startswith("/accounts/login/")
    assert Client().post("/accounts/delete/", {"password": PASSWORD}).status_code == 302
