"""A card FSRS would next show after the interview is due at the aimed date everywhere: Browse,
the dashboard, the home page, the API; and so for a visitor whose log is in the session."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from api.models import AccessToken
from practice import scheduler, statuses
from practice.learners import SESSION_KEY
from practice.models import Review, Schedule
from questions.models import Card

SLUG = "indexes"


def _practised_long_ago(user=None, client=None):
    """Two "nailed it"s, the last 20 days ago: FSRS puts the next review weeks away."""
    card = Card.objects.get(slug=SLUG)
    now = timezone.now()
    times = [now - timedelta(days=60), now - timedelta(days=20)]
    if user is not None:
        for number, when in enumerate(times):
            Review.record(user, card, rating=scheduler.EASY, token=f"t{number}", when=when)
        return card
    session = client.session
    session[SESSION_KEY] = [
        {"card": card.pk, "rating": scheduler.EASY, "reviewed_at": when.isoformat(), "seconds": 5,
         "mode": "browse", "token": f"t{number}", "content_hash": card.content_hash, "answer_text": ""}
        for number, when in enumerate(times)
    ]  # fmt: skip
    session.save()
    return card


def _shown_as_due(client) -> tuple[bool, int, int]:
    """(listed by is:due, the dashboard's due count, the home page's)."""
    browse = client.get("/questions/", {"q": "is:due"})
    listed = SLUG in [card.slug for card in browse.context["page"].object_list]
    return listed, client.get("/progress/").context["due_now"], client.get("/").context["practice"].get("due", 0)


def _interview_in(client, days: int | None) -> None:
    day = (timezone.now().date() + timedelta(days=days)).isoformat() if days is not None else ""
    assert client.post("/progress/interview-date/", {"interview_date": day}).status_code == 302


def test_an_interview_date_brings_a_card_forward_and_clearing_it_puts_it_back(user_client, user, synced):
    card = _practised_long_ago(user=user)
    schedule = Schedule.objects.get(user=user, card=card)
    interview = timezone.now().date() + timedelta(days=2)
    assert schedule.due.date() > interview, "the test needs a card FSRS would show after the interview"
    assert _shown_as_due(user_client) == (False, 0, 0)

    _interview_in(user_client, 2)
    assert _shown_as_due(user_client) == (True, 1, 1)
    schedule.refresh_from_db()
    assert schedule.aimed_due == scheduler.aimed_due(schedule.fsrs_card, interview) < timezone.now()

    _, secret = AccessToken.issue(user, "tests")
    due = user_client.get("/api/v1/me/due", headers={"Authorization": f"Bearer {secret}"}).json()
    assert [(row["card"], row["status"]) for row in due] == [(SLUG, statuses.DUE)]
    assert due[0]["due"].startswith(schedule.aimed_due.date().isoformat())

    _interview_in(user_client, 30)  # far enough that FSRS's own date comes first: nothing due
    assert _shown_as_due(user_client) == (False, 0, 0)
    _interview_in(user_client, None)
    assert _shown_as_due(user_client) == (False, 0, 0)
    schedule.refresh_from_db()
    assert schedule.aimed_due == schedule.due


@pytest.mark.django_db
def test_a_visitor_gets_the_same_rule_from_the_session(client, synced):
    _practised_long_ago(client=client)
    assert _shown_as_due(client) == (False, 0, 0)
    _interview_in(client, 2)
    assert _shown_as_due(client) == (True, 1, 1)
    _interview_in(client, None)
    assert _shown_as_due(client) == (False, 0, 0)


def test_a_rating_recorded_with_a_date_set_is_stored_aimed(user_client, user, synced):
    _interview_in(user_client, 2)
    card = _practised_long_ago(user=user)
    schedule = Schedule.objects.get(user=user, card=card)
    assert schedule.aimed_due == scheduler.aimed_due(schedule.fsrs_card, timezone.now().date() + timedelta(days=2))
    assert schedule.aimed_due < schedule.due


def test_the_dashboards_forecast_counts_a_card_on_its_aimed_day(user_client, user, synced):
    card = _practised_long_ago(user=user)
    _interview_in(user_client, 10)
    schedule = Schedule.objects.get(user=user, card=card)
    assert schedule.aimed_due.date() < schedule.due.date(), "the test needs a card the interview brings forward"
    forecast = dict(user_client.get("/progress/").context["forecast"])
    assert forecast.get(schedule.aimed_due.date()) == 1
    assert forecast.get(schedule.due.date(), 0) == 0


@settings(max_examples=150, deadline=None)
@given(
    due_days=st.floats(-60, 120),
    last_days=st.floats(-120, 0),
    stability=st.one_of(st.none(), st.floats(0.01, 400)),
    interview_days=st.one_of(st.none(), st.integers(-10, 90)),
)
def test_the_rule_migration_0009_stored_is_the_rule_the_site_applies(due_days, last_days, stability, interview_days):
    """Rows were aimed once, by 0009's frozen copy of the rule. A change to the rule needs a
    migration that aims the stored rows again: this test fails to say so."""
    migration = importlib.import_module("practice.migrations.0009_schedule_aimed_due")
    now = datetime(2026, 6, 1, 12, tzinfo=UTC)
    last = now + timedelta(days=last_days)
    due = max(last, now + timedelta(days=due_days))
    interview = None if interview_days is None else (now + timedelta(days=interview_days)).date()
    card = scheduler.Snapshot(2, stability, due, last)
    assert migration.aimed_due(due, stability, last, interview) == scheduler.aimed_due(card, interview)
