"""The review log is append-only; schedules are derived from it and can be rebuilt."""

import io
import random
from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from practice import progress
from practice.learners import learner_for
from practice.models import Quiz, QuizItem, Review, ReviewState, Schedule
from questions.models import Card

pytestmark = pytest.mark.django_db


def record(user, card, rating, when, token):
    return Review.record(user, card, rating=rating, token=token, when=when)


def test_reviews_cannot_be_changed_or_deleted(user, synced):
    review, _, _ = record(user, Card.objects.first(), 3, timezone.now(), "a")
    review.rating = 4
    with pytest.raises(TypeError, match="append-only"):
        review.save()
    with pytest.raises(TypeError, match="append-only"):
        review.delete()
    with pytest.raises(TypeError, match="append-only"):
        Review.objects.filter(pk=review.pk).update(rating=4)
    with pytest.raises(TypeError, match="append-only"):
        Review.objects.all().delete()
    assert Review.objects.get().rating == 3


def test_incremental_schedules_equal_replayed_ones(user, synced):
    card = Card.objects.get(slug="indexes")
    when = timezone.now() - timedelta(days=200)
    for number, rating in enumerate([3, 3, 1, 2, 3, 4, 3, 1, 3]):
        _, schedule, _ = record(user, card, rating, when, f"t{number}")
        when = schedule.due + timedelta(hours=5)
    incremental = Schedule.objects.get(user=user, card=card)
    rebuilt = Schedule.rebuild(user.pk, card.pk)
    fields = ["state", "step", "stability", "difficulty", "due", "last_review", "review_count"]
    assert [getattr(incremental, f) for f in fields] == [getattr(rebuilt, f) for f in fields]


def test_a_review_older_than_the_schedule_is_merged_by_replaying(user, synced):
    card = Card.objects.get(slug="indexes")
    now = timezone.now()
    record(user, card, 3, now, "late")
    _, schedule, _ = record(user, card, 1, now - timedelta(days=2), "early")  # e.g. an import
    assert schedule.review_count == 2
    assert schedule.last_review == now


def test_rebuild_schedules_reproduces_every_schedule(user, other_user, synced, capsys):
    now = timezone.now() - timedelta(days=30)
    for number, card in enumerate(Card.objects.all()):
        for person in (user, other_user):
            record(person, card, 1 + number % 4, now, f"{person.pk}-{number}-a")
            record(person, card, 3, now + timedelta(days=2), f"{person.pk}-{number}-b")
    before = sorted(Schedule.objects.values_list("user", "card", "state", "stability", "difficulty", "due"))
    Schedule.objects.filter(user=user).update(stability=99)  # drifted or changed parameters
    call_command("rebuild_schedules")
    after = sorted(Schedule.objects.values_list("user", "card", "state", "stability", "difficulty", "due"))
    assert after == before
    assert "Rebuilt 8 schedule(s)" in capsys.readouterr().out


def _session_retention(reviews, since):
    """True retention computed from scratch by the pure function, the reference for the stored states."""
    logs: dict[int, list] = {}
    for card_id, rating, when in sorted(reviews, key=lambda r: r[2]):
        logs.setdefault(card_id, []).append((rating, when >= since))
    recent = [log for log in logs.values() if any(in_window for _, in_window in log)]
    return progress.true_retention(recent)


def test_stored_review_states_give_the_same_retention_as_replaying_the_logs(user, synced, rf):
    """Random logs, some ratings arriving out of order (as imports do), then a full rebuild."""
    rng = random.Random(7)
    cards = list(Card.objects.all())
    when = timezone.now() - timedelta(days=90)
    reviews = []
    for number in range(200):
        card = rng.choice(cards)
        if number % 10 == 9:  # now and then one from the past, as an import brings
            moment = when - timedelta(days=rng.randrange(1, 30))
        else:
            when = moment = when + timedelta(hours=rng.randrange(1, 20))
        rating = rng.choice([1, 2, 3, 3, 3, 4])
        record(user, card, rating, moment, f"r{number}")
        reviews.append((card.pk, rating, moment))
    request = rf.get("/")
    request.user, request.session = user, {}
    since = timezone.now() - timedelta(days=30)
    expected = _session_retention(reviews, since)
    assert expected[1] > 10, "the log should have reviews in review state to count"
    assert learner_for(request).figures.retention_since(since) == expected
    assert ReviewState.objects.count() == len(reviews)

    stored = sorted(ReviewState.objects.values_list("review", "state_before"))
    call_command("rebuild_schedules", stdout=io.StringIO())
    assert sorted(ReviewState.objects.values_list("review", "state_before")) == stored


def test_the_migration_counts_the_items_of_quizzes_saved_before_the_counts_existed(user, synced):
    quiz = Quiz.objects.create(public_id="7c1c2c56-0b55-4d0e-9c1a-08f4e0c6a001", user=user)
    QuizItem.objects.bulk_create(
        QuizItem(quiz=quiz, position=n, card=card, token=f"t{n}", rating=3 if n == 0 else None)
        for n, card in enumerate(Card.objects.all()[:3])
    )
    empty = Quiz.objects.create(public_id="7c1c2c56-0b55-4d0e-9c1a-08f4e0c6a002", user=user, item_count=9)

    import_module("practice.migrations.0006_quiz_counts").count_items(apps, None)

    quiz.refresh_from_db()
    empty.refresh_from_db()
    assert quiz.progress() == (1, 3)
    assert empty.progress() == (0, 0)
