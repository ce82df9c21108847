"""The person's stamp, one statement, against the queries it stands for, over random fits, bookmarks and archives."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import fsrs
import pytest
from django.contrib.auth.models import User
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practice.learners.account import AccountLearner
from practice.learners.stamp import read_stamp
from practice.models import Bookmark, FittedParameters, PlanFollow, Profile, Review
from questions.models import Card, Plan

pytestmark = pytest.mark.django_db

START = datetime(2026, 1, 1, tzinfo=UTC)
fits = st.lists(
    st.tuples(st.sampled_from(["site", "own", "someone else"]), st.booleans(), st.integers(0, 3)), max_size=6
)
interviews = st.none() | st.dates(date(2026, 1, 1), date(2027, 12, 31))


def fit(user_id: int | None, adopted: bool, day: int) -> FittedParameters:
    return FittedParameters.objects.create(
        user_id=user_id,
        parameters=[0.2 + 0.1 * day, *fsrs.Scheduler().parameters[1:]],
        fitted_at=START + timedelta(days=day),  # ties on the day are broken by the later row
        review_count=10,
        compared_with="defaults",
        log_loss_before=0.5,
        log_loss_after=0.4,
        rmse_before=0.3,
        rmse_after=0.2,
        adopted=adopted,
    )


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    fitted=fits,
    interview=interviews,
    marked=st.lists(st.booleans(), max_size=8),
    archived=st.lists(st.booleans(), max_size=8),
    rated=st.lists(st.integers(0, 7), max_size=4),
)
def test_the_stamp_says_what_the_queries_it_replaces_say(synced, fitted, interview, marked, archived, rated):
    user, _ = User.objects.get_or_create(username="stamped")
    other, _ = User.objects.get_or_create(username="other")
    FittedParameters.objects.all().delete()
    Bookmark.objects.filter(user=user).delete()
    Card.objects.update(archived_at=None)
    cards = list(Card.objects.order_by("pk"))
    for whose, adopted, day in fitted:
        fit({"site": None, "own": user.pk, "someone else": other.pk}[whose], adopted, day)
    if interview is not None:
        Profile.objects.update_or_create(user=user, defaults={"interview_date": interview})
    else:
        Profile.objects.filter(user=user).delete()
    for card, bookmarked in zip(cards, marked, strict=False):
        if bookmarked:
            Bookmark.objects.create(user=user, card=card)
    Card.objects.filter(pk__in=[card.pk for card, gone in zip(cards, archived, strict=False) if gone]).update(
        archived_at=START
    )
    for number, index in enumerate(rated):
        Review.record(user, cards[index % len(cards)], rating=3, token=f"{interview}-{number}-{len(fitted)}")

    stamp = read_stamp(user.pk)

    in_use = FittedParameters.in_use(user.pk)
    assert stamp.fit_id == (in_use.pk if in_use else None)
    assert stamp.interview_date == Profile.interview_of(user.pk)
    assert stamp.latest_review == Review.objects.filter(user=user).order_by("-pk").values_list("pk", flat=True).first()
    assert stamp.bookmarked_active == Bookmark.objects.filter(user=user, card__archived_at__isnull=True).count()


def test_a_rating_through_the_learner_reads_the_stamp_again(synced, user):
    request = RequestFactory().get("/progress/")
    request.user = user
    learner = AccountLearner(request)
    assert learner.figures.latest_review_marker() == "None"
    review, _ = learner.record(Card.objects.first(), rating=3, token="t", seconds=0)
    assert learner.figures.latest_review_marker() == str(review.pk)


def test_the_learner_schedules_with_the_fit_the_stamp_names(synced, user):
    fit(None, True, 0)
    own = fit(user.pk, True, 1)
    request = RequestFactory().get("/progress/")
    request.user = user
    learner = AccountLearner(request)
    assert learner.parameters == tuple(own.parameters)
    assert learner.parameters_key == f"fit {own.pk}"


def test_the_stamp_names_the_plan_followed_now_and_none_once_left(synced, user):
    plan = Plan.objects.create(slug="p", title="P", description="", sections=["One"], source_path="plans/p.yml")
    day = date(2027, 1, 1)
    PlanFollow.objects.create(user=user, plan=plan, interview_date=day, minutes_per_day=20, started_on=day)
    PlanFollow.objects.filter(user=user).update(ended_at=START)
    assert read_stamp(user.pk).following_id is None
    current = PlanFollow.objects.create(user=user, plan=plan, interview_date=day, minutes_per_day=30, started_on=day)
    assert read_stamp(user.pk).following_id == current.pk
