"""Rating a card: the review log, one-time tokens, bad input."""

import io
import threading
from collections import Counter

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import Client

from practice.exchange import apply_import, export_history
from practice.history_file import check_document
from practice.learners import SESSION_KEY
from practice.learners.takeover import move_session_reviews_to
from practice.models import CardStats, Review, Schedule
from practice.tokens import new_token
from questions.models import Card
from questions.sync import sync_bank

from .conftest import rate

pytestmark = pytest.mark.django_db


def test_it_records_the_rating_and_answers_with_the_next_due_date(user_client, user, synced):
    response = rate(user_client, "indexes", 3)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="practice-panel"')
    assert "Saved: <strong>Knew it</strong>. Next review in 10 minutes." in body
    review = Review.objects.get(user=user)
    assert (review.card.slug, review.rating, review.mode) == ("indexes", 3, "browse")
    assert review.content_hash == Card.objects.get(slug="indexes").content_hash
    assert Schedule.objects.get(user=user).review_count == 1


def test_without_htmx_it_redirects_back_to_the_card_with_a_message(user_client, synced):
    response = rate(user_client, "indexes", 4, htmx=False)
    assert response.status_code == 302 and response["Location"] == "/questions/indexes/"
    assert "Saved: Nailed it." in user_client.get("/questions/indexes/").content.decode()


def test_a_repeated_post_records_once_and_answers_the_same(user_client, user, synced):
    token = new_token()
    first = rate(user_client, "indexes", 3, token)
    second = rate(user_client, "indexes", 1, token)  # a retry cannot change what was recorded
    assert Review.objects.filter(user=user).count() == 1
    assert "Saved: <strong>Knew it</strong>" in second.content.decode()
    assert first.content.decode().count("Knew it") == second.content.decode().count("Knew it")


def test_a_forged_token_is_refused_with_a_clear_message(user_client, user, synced):
    response = rate(user_client, "indexes", 3, token="made-up:token:value")
    assert response.status_code == 400
    assert b"This rating form has expired or was altered. Reload the page" in response.content
    assert not Review.objects.exists()


@pytest.mark.parametrize("rating", ["0", "5", "good", ""])
def test_a_rating_outside_1_to_4_is_refused(user_client, synced, rating):
    response = user_client.post("/practice/cards/indexes/rate/", {"rating": rating, "token": new_token()})
    assert response.status_code == 400
    assert b"That rating could not be read" in response.content
    assert not Review.objects.exists()


def test_an_unknown_or_archived_card_is_404(user_client, synced):
    assert rate(user_client, "no-such-card", 3).status_code == 404
    (synced.root / "databases/sql/isolation.md").unlink()
    sync_bank(synced.root)
    assert rate(user_client, "isolation", 3).status_code == 404
    assert not Review.objects.exists()


def test_rating_needs_a_post_with_csrf(user, synced):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    assert strict.get("/practice/cards/indexes/rate/").status_code == 405
    assert strict.post("/practice/cards/indexes/rate/", {"rating": 3, "token": new_token()}).status_code == 403
    assert not Review.objects.exists()


def test_anonymous_ratings_are_kept_in_the_session_in_the_same_shape(client, synced):
    rate(client, "indexes", 2)
    response = rate(client, "indexes", 3)
    assert "Next review in" in response.content.decode()
    entries = client.session[SESSION_KEY]
    assert [entry["rating"] for entry in entries] == [2, 3]
    assert set(entries[0]) == {
        "card",
        "rating",
        "reviewed_at",
        "seconds",
        "mode",
        "token",
        "content_hash",
        "answer_text",
    }
    assert not Review.objects.exists()


def test_an_anonymous_double_post_records_once(client, synced):
    token = new_token()
    rate(client, "indexes", 3, token)
    rate(client, "indexes", 3, token)
    assert len(client.session[SESSION_KEY]) == 1


def test_the_log_survives_an_edit_and_a_rename_of_the_card(user_client, user, synced):
    rate(user_client, "indexes", 3)
    (synced.root / "databases/sql/indexes.md").unlink()
    synced.write("databases/sql/btree.md", title="Rewritten", extra="aliases: [indexes]")
    sync_bank(synced.root)
    rate(user_client, "btree", 4)
    assert list(Review.objects.filter(user=user).values_list("card__slug", flat=True)) == ["btree", "btree"]
    assert Schedule.objects.get(user=user).review_count == 2


@pytest.mark.django_db(transaction=True)
def test_twenty_threads_rating_at_once_lose_nothing(synced):
    user = User.objects.create_user("racer", password="long-enough-password")
    card_slugs = ["indexes", "isolation", "async-handlers", "dependency-injection"]
    errors: list[BaseException] = []

    def post(number: int) -> None:
        client = Client()
        client.force_login(user)
        try:
            response = rate(client, card_slugs[number % 4], 1 + number % 4)
            assert response.status_code == 200, response.content
        except BaseException as error:  # collected and re-raised below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(number,)) for number in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert Review.objects.filter(user=user).count() == 20
    assert sorted(Schedule.objects.filter(user=user).values_list("review_count", flat=True)) == [5, 5, 5, 5]


@pytest.mark.django_db(transaction=True)
def test_ratings_an_import_and_a_take_over_at_once_leave_the_counts_a_recount_gives(synced):
    """Every writer of one person's log takes the person's lock, so none works from a log another is changing."""
    user = User.objects.create_user("busy", password="long-enough-password")
    donor = User.objects.create_user("donor", password="long-enough-password")
    cards = list(Card.objects.order_by("slug"))
    for number in range(12):
        Review.record(donor, cards[number % 4], rating=1 + number % 4, token=new_token())
    plan = check_document(export_history(donor))
    visitor = Client()
    for card in cards:
        assert rate(visitor, card.slug, 2).status_code == 200  # counted for the visitor, as the site does
    session = visitor.session
    errors: list[BaseException] = []

    def run(work) -> None:
        try:
            work()
        except BaseException as error:  # collected and re-raised below
            errors.append(error)
        finally:
            connection.close()

    def rate_as_user(number: int) -> None:
        client = Client()
        client.force_login(user)
        assert rate(client, cards[number % 4].slug, 1 + number % 4).status_code == 200

    work = [lambda: apply_import(user, plan), lambda: move_session_reviews_to(user, session)]
    work += [lambda number=number: rate_as_user(number) for number in range(10)]
    threads = [threading.Thread(target=run, args=(job,)) for job in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert Review.objects.filter(user=user).count() == 12 + 4 + 10
    logged = Counter(Review.objects.filter(user=user).values_list("card_id", flat=True))
    assert dict(Schedule.objects.filter(user=user).values_list("card_id", "review_count")) == logged
    fields = ("card_id", *CardStats.COUNTERS, "people")
    kept = set(CardStats.objects.values_list(*fields))
    call_command("rebuild_card_stats", stdout=io.StringIO())
    assert kept == set(CardStats.objects.values_list(*fields))
