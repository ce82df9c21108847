"""Figures kept for a person between ratings equal the same figures counted from scratch.

Browse's status counts, the dashboard's due count, and its counts over the last
week and month are kept until something they depend on changes, the clock
included; the forecast, mastery and readiness are added up from schedules kept
and brought up to date card by card. Random ratings, waits, archives, interview dates and bookmarks must
never leave a kept figure different from a fresh count.
"""

from __future__ import annotations

import itertools
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from practice.learners.account import AccountLearner
from practice.models import Bookmark, Profile, Review
from practice.progress_views import _live_figures
from questions.models import Card
from questions.pagecache import bank_changed, forget_bank_version

pytestmark = pytest.mark.django_db

PEOPLE = itertools.count()
EDGES = st.sampled_from([0, 1, 7 * 24 * 60 - 20, 30 * 24 * 60 - 20])

steps = st.lists(
    st.one_of(
        # Minutes ago: often just now (due again within minutes) or just inside the last week or month.
        st.tuples(st.just("rate"), st.integers(0, 3), st.integers(1, 4), st.integers(0, 40 * 24 * 60) | EDGES),
        st.tuples(st.just("wait"), st.sampled_from([1, 10, 30, 60, 6 * 60, 24 * 60, 7 * 24 * 60])),
        st.tuples(st.just("interview"), st.one_of(st.none(), st.integers(0, 20))),
        st.tuples(st.just("archive"), st.integers(0, 3)),
        st.tuples(st.just("bookmark"), st.integers(0, 3)),
    ),
    min_size=1,
    max_size=8,
)


def figures(user: User, now) -> dict:
    """What Browse and the dashboard show of the kept figures, as a fresh request would ask for them."""
    request = RequestFactory().get("/")
    request.user = user
    learner = AccountLearner(request)
    medium = Card.objects.active().filter(difficulty="medium")
    return {
        "browse": learner.status_counts(None, now),
        "browse under a filter": learner.status_counts(medium, now, "?difficulty=medium"),
        "dashboard": _live_figures(learner, now),
        "forecast": learner.forecast(now),
        "mastery": learner.mastery_by_topic(),
        "readiness": learner.readiness(),
    }


def take(step: tuple, user: User, cards: list[Card], clock) -> object:
    """Carry out one step; returns the clock, which only a wait moves."""
    kind, *args = step
    if kind == "rate":
        index, rating, minutes_ago = args
        when = clock - timedelta(minutes=minutes_ago)
        Review.record(user, cards[index], rating=rating, token=f"t{next(PEOPLE)}", when=when)
    elif kind == "wait":
        clock += timedelta(minutes=args[0])
    elif kind == "interview":
        Profile.set_interview_date(user, None if args[0] is None else clock.date() + timedelta(days=args[0]))
    elif kind == "archive":
        card = cards[args[0]]
        Card.objects.filter(pk=card.pk).update(archived_at=None if card.is_archived else clock)
        card.refresh_from_db()
        bank_changed()
        forget_bank_version()
    elif kind == "bookmark":
        mark, created = Bookmark.objects.get_or_create(user=user, card=cards[args[0]])
        if not created:
            mark.delete()
    return clock


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps)
@example(steps=[("rate", 0, 3, 0), ("wait", 30)])  # a learning card falls due
@example(steps=[("rate", 0, 3, 7 * 24 * 60 - 20), ("wait", 30)])  # a review leaves the last week
@example(steps=[("rate", 0, 4, 4 * 24 * 60), ("interview", 1)])  # aimed at the date, the card falls due
def test_kept_figures_equal_a_fresh_count_after_any_steps(synced, steps):
    cache.clear()
    Card.objects.update(archived_at=None)
    user = User.objects.create_user(f"person-{next(PEOPLE)}")
    cards = list(Card.objects.order_by("pk"))
    # Yesterday's noon, so that a wait of an hour does not turn the day: only a kept figure's own horizon can.
    clock = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0) - timedelta(days=1)
    for step in steps:
        clock = take(step, user, cards, clock)
        kept = figures(user, clock)
        cache.clear()
        assert kept == figures(user, clock), step


def test_the_counts_are_kept_until_the_next_card_falls_due(user_client, user, synced, django_assert_num_queries):
    """Between ratings, Browse asks only whether its kept counts still hold."""
    now = timezone.now()
    Review.record(user, Card.objects.get(slug="indexes"), rating=3, token="a", when=now - timedelta(days=1))
    Review.record(user, Card.objects.get(slug="isolation"), rating=3, token="b")  # due in minutes
    due_soon = Card.objects.get(slug="isolation")
    later = user.schedules.get(card=due_soon).aimed_due
    with mock.patch("django.utils.timezone.now", return_value=later - timedelta(seconds=1)):
        user_client.get("/questions/")
        with django_assert_num_queries(6):  # no count of schedules among them
            counts = {facet.value: facet.count for facet in user_client.get("/questions/").context["statuses"]}
    assert counts["due"] == 1
    with mock.patch("django.utils.timezone.now", return_value=later):
        counts = {facet.value: facet.count for facet in user_client.get("/questions/").context["statuses"]}
    assert counts["due"] == 2
