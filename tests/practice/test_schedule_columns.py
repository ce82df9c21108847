"""The schedules kept for the dashboard's sums: brought up to date by the cards rated since, read afresh otherwise."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from practice.learners.account import AccountLearner
from practice.learners.columns import ScheduleColumns, micros, moment
from practice.models import Review, Schedule
from practice.rebuilding import rebuild_schedules
from questions.models import Card

pytestmark = pytest.mark.django_db


def learner_of(user) -> AccountLearner:
    request = RequestFactory().get("/progress/")
    request.user = user
    return AccountLearner(request)


def columns_as_rows(columns: ScheduleColumns) -> dict[int, tuple]:
    parts = zip(columns.card_ids, columns.due, columns.aimed_due, columns.mastered, columns.recall, strict=True)
    return {card_id: (due, aimed, bool(known), recall) for card_id, due, aimed, known, recall in parts}


def stored_rows(user) -> dict[int, tuple]:
    rows = Schedule.objects.filter(user=user).values_list(
        "card_id", "due", "aimed_due", "stability", "interview_recall"
    )
    return {
        card_id: (micros(due), micros(aimed), stability is not None and stability >= 21, recall or 0.0)
        for card_id, due, aimed, stability, recall in rows
    }


def test_a_moment_goes_to_whole_microseconds_and_back_exactly():
    when = datetime(2026, 12, 2, 23, 59, 59, 999_999, tzinfo=UTC)
    assert moment(micros(when)) == when
    assert micros(when + timedelta(microseconds=1)) - micros(when) == 1


def test_ratings_update_only_the_rated_cards_and_the_result_equals_a_fresh_read(
    synced, user, django_assert_num_queries
):
    first, second = Card.objects.order_by("pk")[:2]
    Review.record(user, first, rating=3, token="a")
    kept = learner_of(user).columns
    assert set(columns_as_rows(kept)) == {first.pk}
    Review.record(user, second, rating=1, token="b")
    Review.record(user, first, rating=4, token="c")
    learner = learner_of(user)
    learner.figures.latest_review_marker(), learner.interview_date, learner.parameters  # read once a request
    with django_assert_num_queries(1):  # the schedules of the cards rated since, and nothing else
        patched = learner.columns
    assert columns_as_rows(patched) == stored_rows(user)
    cache.clear()
    assert columns_as_rows(learner_of(user).columns) == columns_as_rows(patched)


def test_schedules_rebuilt_without_a_new_review_are_read_afresh(synced, user, django_capture_on_commit_callbacks):
    card = Card.objects.order_by("pk").first()
    Review.record(user, card, rating=1, token="a")
    Schedule.objects.filter(user=user).update(due=datetime(2000, 1, 1, tzinfo=UTC))  # out of step with the log
    cache.clear()
    stale = columns_as_rows(learner_of(user).columns)
    with django_capture_on_commit_callbacks(execute=True):
        rebuild_schedules([user.pk])
    rebuilt = columns_as_rows(learner_of(user).columns)
    assert rebuilt == stored_rows(user) != stale


def test_a_rating_recorded_through_the_learner_is_in_the_figures_the_same_request_reads_next(synced, user):
    card = Card.objects.order_by("pk").first()
    learner = learner_of(user)
    assert learner.status_counts(None, datetime.now(UTC))["new"] == Card.objects.active().count()
    learner.record(card, rating=1, token="a", seconds=5)
    assert set(columns_as_rows(learner.columns)) == {card.pk}
    assert learner.status_counts(None, datetime.now(UTC))["new"] == Card.objects.active().count() - 1
