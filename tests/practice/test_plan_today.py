"""Today's plan read from the schedules equals today's plan replayed from the whole log.

The page used to replay every review of the plan's cards on each view; it now
reads each card's schedule and replays only the cards rated since the day
began. The reference below is that earlier computation, kept here to hold the
new one to it over random plans, histories and days.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practice import planner
from practice.following import TodayPlan, first_layout, plan_cards, start_of, today_for
from practice.learners import SESSION_KEY, AccountLearner, Following, VisitorLearner
from practice.models import Review
from questions.models import Card, Plan, PlanEntry
from questions.sync import sync_bank

pytestmark = pytest.mark.django_db(transaction=False)

CARDS = 8
NOW = datetime(2026, 3, 10, 15, 30, tzinfo=UTC)  # a fixed day: ratings are placed around it
TODAY = NOW.date()


def _states_before(log, moment):
    """The earlier computation: every rating of the plan's cards before ``moment``, replayed."""
    by_card: dict[int, list] = {}
    for card_id, rating, when in log:
        if when < moment:
            by_card.setdefault(card_id, []).append((rating, when))
    return {card_id: planner.scheduler.replay(ratings) for card_id, ratings in by_card.items()}


def replayed_today(learner, following: Following, plan: Plan, now: datetime) -> TodayPlan:
    """``today_for`` as it was, from the plan's whole log."""
    today = now.date()
    cards = plan_cards(plan)
    log = learner.plan_log([card.card_id for card in cards])
    states = _states_before(log, start_of(today))
    seconds = planner.seconds_per_card(learner.recent_seconds())
    layout = planner.lay_out(cards, following.interview_date, following.minutes_per_day, seconds, states, today)
    day = layout.today
    late = planner.late_cards(layout) if not layout.error else 0
    elapsed = (today - following.started_on).days
    introduced = len(states) - planner.cards_seen_before(log, start_of(following.started_on))
    note = planner.pace_note(following.baseline, elapsed, introduced, len(day.new)) if day else ""
    needed = planner.minutes_to_fit(cards, following.interview_date, seconds, states, today) if late else None
    rated_today = {card for card, _, when in log if when >= start_of(today)}
    return TodayPlan(plan, following, layout, day, rated_today, note, late, needed)


@pytest.fixture
def card_ids(bank, db) -> list[int]:
    for number in range(CARDS):
        bank.write(f"topic/card-{number}.md", title=f"Card number {number}?")
    assert sync_bank(bank.root).ok
    return list(Card.objects.order_by("pk").values_list("pk", flat=True))


# (card, rating, hours before NOW, seconds spent): on whole hours, so that some ratings of a card tie.
ratings = st.tuples(
    st.integers(0, CARDS - 1), st.integers(1, 4), st.integers(0, 24 * 30), st.sampled_from([0, 20, 90, 400])
)
plans = st.fixed_dictionaries(
    {
        "cards": st.lists(st.integers(0, CARDS - 1), min_size=1, max_size=CARDS, unique=True),
        "minutes": st.lists(st.one_of(st.none(), st.integers(1, 20)), min_size=CARDS, max_size=CARDS),
        "started_days_ago": st.integers(0, 12),
        "interview_in": st.integers(-1, 40),
        "minutes_per_day": st.integers(1, 60),
        "baseline": st.lists(st.integers(0, CARDS), max_size=15),
    }
)


def _plan(card_ids: list[int], drawn: dict) -> tuple[Plan, Following]:
    plan = Plan.objects.create(slug="drawn", title="Drawn", description="", sections=["One"], source_path="p.yml")
    PlanEntry.objects.bulk_create(
        PlanEntry(plan=plan, position=n, section=0, card_id=card_ids[index], minutes=drawn["minutes"][index])
        for n, index in enumerate(drawn["cards"])
    )
    started = TODAY - timedelta(days=drawn["started_days_ago"])
    interview = TODAY + timedelta(days=drawn["interview_in"])
    return plan, Following(plan.pk, interview, drawn["minutes_per_day"], started, tuple(sorted(drawn["baseline"])))


def _account(card_ids: list[int], log: list[tuple]) -> AccountLearner:
    """The ratings recorded one by one as they arrive (late ones too), so schedules are built as the site builds them."""
    user = User.objects.create_user("drawn")
    cards = {card.pk: card for card in Card.objects.all()}
    for number, (index, rating, hours, seconds) in enumerate(log):
        when = NOW - timedelta(hours=hours)
        Review.record(user, cards[card_ids[index]], rating=rating, token=f"t{number}", seconds=seconds, when=when)
    return AccountLearner(SimpleNamespace(user=user, session={}))


def _visitor(card_ids: list[int], log: list[tuple]) -> VisitorLearner:
    entries = [
        {
            "card": card_ids[index],
            "rating": rating,
            "reviewed_at": (NOW - timedelta(hours=hours)).isoformat(),
            "seconds": seconds,
            "mode": "quiz",
            "token": f"t{number}",
        }
        for number, (index, rating, hours, seconds) in enumerate(log)
    ]
    return VisitorLearner(SimpleNamespace(user=None, session={SESSION_KEY: entries}))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(log=st.lists(ratings, max_size=40), drawn=plans, hour=st.integers(0, 23))
def test_todays_plan_from_the_schedules_is_the_plan_replayed_from_the_log(card_ids, log, drawn, hour):
    now = datetime.combine(TODAY, datetime.min.time(), tzinfo=UTC) + timedelta(hours=hour, minutes=7)
    with transaction.atomic():
        plan, following = _plan(card_ids, drawn)
        for learner in (_account(card_ids, log), _visitor(card_ids, log)):
            assert today_for(learner, following, plan, now) == replayed_today(learner, following, plan, now)
            first = first_layout(learner, plan, following.interview_date, following.minutes_per_day, TODAY)
            cards = plan_cards(plan)
            states = _states_before(learner.plan_log([card.card_id for card in cards]), start_of(TODAY))
            seconds = planner.seconds_per_card(learner.recent_seconds())
            layout = planner.lay_out(cards, following.interview_date, following.minutes_per_day, seconds, states, TODAY)
            assert first.baseline == planner.baseline(layout)
        transaction.set_rollback(True)


def test_a_card_first_rated_today_is_new_in_todays_layout_and_counted_done(card_ids):
    """The case the schedules alone would get wrong: the schedule exists, but the day began without it."""
    plan, following = _plan(
        card_ids,
        {"cards": [0, 1], "minutes": [None] * CARDS, "started_days_ago": 0, "interview_in": 10}
        | {"minutes_per_day": 30, "baseline": [1, 2]},
    )
    learner = _account(card_ids, [(0, 3, 0, 60), (1, 1, 48, 60), (1, 3, 0, 60)])
    today = today_for(learner, following, plan, NOW)
    assert today.rated_today == {card_ids[0], card_ids[1]}
    assert card_ids[0] in today.day.new and card_ids[1] in today.day.reviews
    assert today == replayed_today(learner, following, plan, NOW)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(log=st.lists(ratings, max_size=30), chosen=st.lists(st.integers(0, CARDS - 1), max_size=CARDS, unique=True))
def test_an_accounts_plan_log_is_oldest_first_across_cards_as_a_visitors_is(card_ids, log, chosen):
    """The account reads the log card by card, as its index holds it, and sorts it by time itself."""
    with transaction.atomic():
        wanted = [card_ids[index] for index in chosen]
        account = _account(card_ids, log).plan_log(wanted)
        assert account == _visitor(card_ids, log).plan_log(wanted)
        assert [when for _, _, when in account] == sorted(when for _, _, when in account)
        transaction.set_rollback(True)
