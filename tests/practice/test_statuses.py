"""The status rules written once: ``ScheduleQuerySet`` in SQL and ``statuses.status`` in memory agree."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import fsrs
import pytest
from django.contrib.auth.models import User
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practice import progress, scheduler, statuses
from practice.learners import columns
from practice.learners.account import AccountLearner
from practice.models import Profile, Schedule
from questions.models import Card
from questions.pagecache import bank_changed

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)

schedules = st.lists(
    st.tuples(
        st.sampled_from([fsrs.State.Learning, fsrs.State.Review, fsrs.State.Relearning]),
        st.one_of(st.just(scheduler.MASTERED_STABILITY_DAYS), st.floats(0.1, 200)),
        st.integers(-60 * 24, 0),  # last review, hours from now
        st.integers(0, 120 * 24),  # due, hours after the last review
    ),
    min_size=1,
    max_size=6,
)
interviews = st.one_of(st.none(), st.integers(-10, 40).map(lambda days: NOW.date() + timedelta(days=days)))


def _store(user: User, cards: list[Card], rows: list[tuple], interview: date | None) -> dict[int, fsrs.Card]:
    Schedule.objects.filter(user=user).delete()
    states = {}
    for card, (state, stability, last_hours, due_hours) in zip(cards, rows, strict=False):
        last = NOW + timedelta(hours=last_hours)
        states[card.pk] = fsrs.Card(
            card_id=0, state=state, step=None if state == fsrs.State.Review else 0, stability=stability,
            difficulty=5.0, due=last + timedelta(hours=due_hours), last_review=last,
        )  # fmt: skip
        schedule = Schedule(user=user, card=card, review_count=1)
        schedule.set_fsrs_card(states[card.pk], interview=interview)
        schedule.save()
    columns.forget([user.pk])  # schedules written without a review, as a rebuild writes them
    return states


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=schedules, interview=interviews)
def test_the_queryset_and_the_pure_function_sort_every_schedule_alike(synced, rows, interview):
    user, _ = User.objects.get_or_create(username="random")
    cards = list(Card.objects.order_by("pk"))
    states = _store(user, cards, rows, interview)
    mine = Schedule.objects.filter(user=user)
    in_sql = {
        statuses.DUE: set(mine.due(NOW, interview).values_list("card_id", flat=True)),
        statuses.LEARNING: set(mine.learning(NOW, interview).values_list("card_id", flat=True)),
        statuses.MASTERED: set(mine.mastered(NOW, interview).values_list("card_id", flat=True)),
    }
    in_memory = {status: set() for status in in_sql}
    for card_id, state in states.items():
        in_memory[statuses.status(state, NOW, interview)].add(card_id)
    assert in_sql == in_memory
    counts = mine.status_counts(NOW, interview)
    assert counts == {"all": len(states), **{status: len(ids) for status, ids in in_memory.items()}}


def test_a_card_is_due_at_its_aimed_date_only_while_the_interview_is_ahead():
    last = NOW - timedelta(days=30)
    card = fsrs.Card(card_id=0, state=fsrs.State.Review, stability=90.0, difficulty=5.0, due=last + timedelta(days=90))
    card.last_review = last
    soon = NOW.date() + timedelta(days=2)
    assert statuses.status(card, NOW) == statuses.MASTERED
    assert statuses.status(card, NOW, soon) == statuses.DUE
    assert statuses.due_at(card, soon, NOW) == scheduler.aimed_due(card, soon) < NOW
    past = NOW.date() - timedelta(days=1)
    assert statuses.status(card, NOW, past) == statuses.MASTERED  # a date gone by aims at nothing
    assert statuses.due_field(past, NOW) == "due" and statuses.due_field(soon, NOW) == "aimed_due"


def test_changing_the_interview_date_re_aims_every_schedule(synced, user):
    card = Card.objects.order_by("pk").first()
    last = NOW - timedelta(days=30)
    state = fsrs.Card(card_id=0, state=fsrs.State.Review, stability=90.0, difficulty=5.0, due=last + timedelta(days=90))
    state.last_review = last
    _store(user, [card], [(state.state, state.stability, -30 * 24, 90 * 24)], None)
    stored = Schedule.objects.get(user=user)
    assert stored.aimed_due == stored.due
    soon = NOW.date() + timedelta(days=2)
    Profile.set_interview_date(user, soon)
    stored.refresh_from_db()
    assert stored.aimed_due == scheduler.aimed_due(stored.fsrs_card, soon) < stored.due
    Profile.set_interview_date(user, None)
    stored.refresh_from_db()
    assert stored.aimed_due == stored.due


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=schedules, archived=st.lists(st.booleans(), max_size=8))
def test_mastery_per_topic_from_the_kept_schedules_equals_the_pure_function(synced, rows, archived):
    user, _ = User.objects.get_or_create(username="random")
    cards = list(Card.objects.order_by("pk"))
    _archive(cards, archived)
    states = _store(user, cards, rows, None)
    active = Card.objects.active().values_list("pk", "topic_id")
    assert _account_learner(user).mastery_by_topic() == progress.mastery_by_topic(active, states)


def _archive(cards: list[Card], archived: list[bool]) -> None:
    """Archive (or restore) cards as a sync does, which also gives the bank a new version."""
    for card, gone in zip(cards, archived, strict=False):
        Card.objects.filter(pk=card.pk).update(archived_at=NOW if gone else None)
    bank_changed()


def _account_learner(user: User) -> AccountLearner:
    request = RequestFactory().get("/progress/")
    request.user = user
    return AccountLearner(request)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=schedules, interview=interviews, archived=st.lists(st.booleans(), max_size=8))
def test_the_dashboards_sums_from_the_kept_schedules_equal_the_pure_functions(synced, rows, interview, archived):
    """The forecast, readiness and the whole bank's status counts (those against the queryset's)."""
    user, _ = User.objects.get_or_create(username="random")
    Profile.objects.update_or_create(user=user, defaults={"interview_date": interview})
    cards = list(Card.objects.order_by("pk"))
    _archive(cards, archived)
    states = _store(user, cards, rows, interview)
    due_dates = [statuses.due_at(state, interview, NOW).date() for state in states.values()]
    learner = _account_learner(user)
    assert learner.forecast(NOW) == (progress.due_forecast(due_dates, NOW.date()), len(states))
    if interview is not None:
        assert_same_readiness(learner.readiness(), progress.readiness(_active(), states, interview))
    expected = Schedule.objects.filter(user=user, card__archived_at__isnull=True).status_counts(NOW, interview)
    new = Card.objects.active().count() - expected.pop("all")
    assert learner.status_counts(None, NOW) == {statuses.NEW: new, **expected, "bookmarked": 0}


def _active():
    return Card.objects.active().values_list("pk", "topic_id")


def assert_same_readiness(ready: dict[str, float], expected: dict[str, float]) -> None:
    """The same topics in the same order (ties are shown in it), with the same shares to the last bit."""
    assert list(ready) == list(expected)
    assert ready == expected


def test_readiness_counts_new_and_archived_cards_as_the_pure_function_does(synced, user):
    """A topic's new cards count as 0 and its archived ones not at all, worked by hand."""
    cards = list(Card.objects.order_by("pk"))
    topic = cards[0].topic_id
    same_topic = [card for card in cards if card.topic_id == topic]
    assert len(same_topic) >= 2, "the test needs a topic with two cards"
    interview = NOW.date() + timedelta(days=5)
    Profile.objects.create(user=user, interview_date=interview)
    states = _store(user, same_topic[:1], [(fsrs.State.Review, 30.0, -24, 24 * 20)], interview)
    recall = scheduler.recall_on(states[same_topic[0].pk], interview)
    assert 0.5 < recall < 1
    ready = _account_learner(user).readiness()
    assert ready[topic] == pytest.approx(recall / len(same_topic))
    _archive(same_topic, [False] + [True] * (len(same_topic) - 1))
    assert _account_learner(user).readiness()[topic] == pytest.approx(recall)
    assert_same_readiness(_account_learner(user).readiness(), progress.readiness(_active(), states, interview))


MIDNIGHT = datetime.combine(NOW.date(), datetime.min.time(), tzinfo=UTC)
TICK = timedelta(microseconds=1)


@pytest.mark.parametrize(
    "dues",
    [
        [NOW, MIDNIGHT, MIDNIGHT - TICK, NOW - timedelta(days=400)],
        [MIDNIGHT + timedelta(days=1), MIDNIGHT + timedelta(days=1) - TICK, NOW + timedelta(days=1), NOW + TICK],
        [MIDNIGHT + timedelta(days=29), MIDNIGHT + timedelta(days=30) - TICK, MIDNIGHT + timedelta(days=30)],
        [MIDNIGHT + timedelta(days=30) + TICK, NOW + timedelta(days=400), MIDNIGHT + timedelta(days=2)],
    ],
    ids=["today", "tomorrow", "last-day-and-end", "beyond"],
)
@pytest.mark.parametrize("interview", [None, NOW.date() + timedelta(days=5)], ids=["fsrs-due", "aimed-due"])
def test_the_forecast_places_dues_on_the_days_boundaries_as_the_pure_function(synced, user, dues, interview):
    """At midnight, at the moment itself and at the window's end, by whichever column the person's due is in."""
    Profile.objects.update_or_create(user=user, defaults={"interview_date": interview})
    unused = NOW + timedelta(days=90)  # the other column, which must not count
    for card, due in zip(Card.objects.order_by("pk"), dues, strict=False):
        aimed = due if interview else unused
        Schedule.objects.create(
            user=user, card=card, state=fsrs.State.Review, stability=10.0, difficulty=5.0,
            due=unused if interview else due, aimed_due=aimed, last_review=NOW - timedelta(days=1), review_count=1,
        )  # fmt: skip
    expected = progress.due_forecast([due.date() for due in dues], NOW.date())
    assert _account_learner(user).forecast(NOW) == (expected, len(dues))
