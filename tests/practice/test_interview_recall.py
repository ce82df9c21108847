"""Each schedule's stored recall on the interview day: moved with every way a schedule is written or its
person's date changes, always equal to a replay of the log, and the dashboard's readiness made from it
equal to the pure function over that replay."""

from datetime import timedelta
from itertools import count

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.erasure import erase
from practice import progress, scheduler
from practice.exchange import apply_import, export_history
from practice.history_file import check_document
from practice.learners.account import AccountLearner
from practice.learners.takeover import move_session_reviews_to
from practice.learners.visitor import SESSION_KEY
from practice.models import FittedParameters, Profile, Review, Schedule
from practice.rebuilding import rebuild_schedules
from practice.tokens import new_token
from questions.models import Card
from questions.pagecache import bank_changed

from .test_statuses import assert_same_readiness

pytestmark = pytest.mark.django_db
NAMES = count()

# Hours before now, some far enough back that recall on the interview day has fallen well below 1.
hours_ago = st.sampled_from([0, 1, 23, 25, 24 * 9 + 3, 24 * 40])
# Days from today: past, today, soon, the final week, far off; or no date.
interview = st.one_of(st.none(), st.sampled_from([-3, 0, 2, 6, 12, 45]))
step = st.one_of(
    st.tuples(st.just("rate"), st.integers(0, 1), st.integers(0, 3), st.integers(1, 4), hours_ago),
    st.tuples(st.just("date"), st.integers(0, 1), interview),
    st.tuples(st.just("import"), st.integers(0, 1), st.integers(0, 1)),
    st.tuples(st.just("anonymous"), st.integers(0, 1), st.lists(st.tuples(st.integers(0, 3), hours_ago), max_size=3)),
    st.tuples(st.just("archive"), st.integers(0, 1), st.integers(0, 3), st.booleans()),
    st.tuples(st.just("refit"), st.integers(0, 1)),
    st.tuples(st.just("delete"), st.integers(0, 1)),
)
# FSRS-6's defaults with the first four initial stabilities changed: a fit that schedules differently.
REFIT = [0.5, 1.5, 4.0, 12.0, *scheduler.SCHEDULER.parameters[4:]]


class People:
    """Two people at a time; one deleted is replaced by someone new."""

    def __init__(self, cards: list[Card], now):
        self.cards, self.now = cards, now
        self.users = [self.new() for _ in range(2)]

    @staticmethod
    def new() -> User:
        return User.objects.create_user(f"person-{next(NAMES)}")

    def run(self, step: tuple) -> None:
        kind, who, *rest = step
        user = self.users[who]
        if kind == "rate":
            card, value, hours = rest
            Review.record(
                user, self.cards[card], rating=value, token=new_token(), when=self.now - timedelta(hours=hours)
            )
        elif kind == "date":
            Profile.set_interview_date(user, None if rest[0] is None else self.now.date() + timedelta(days=rest[0]))
        elif kind == "import":
            apply_import(user, check_document(export_history(self.users[rest[0]]), now=self.now))
        elif kind == "anonymous":
            session = SessionStore()
            session[SESSION_KEY] = [self.entry(card, hours) for card, hours in rest[0]]
            move_session_reviews_to(user, session)
        elif kind == "archive":
            card, gone = rest
            Card.objects.filter(pk=self.cards[card].pk).update(archived_at=self.now if gone else None)
            bank_changed()  # as the sync that archives a card does
        elif kind == "refit":
            FittedParameters.objects.create(
                user=user, parameters=REFIT, review_count=0, compared_with="defaults", adopted=True,
                log_loss_before=1, log_loss_after=0.9, rmse_before=0.2, rmse_after=0.1,
            )  # fmt: skip
            rebuild_schedules([user.pk])
        else:
            erase(user)
            self.users[who] = self.new()

    def entry(self, card: int, hours: int) -> dict:
        when = (self.now - timedelta(hours=hours)).isoformat()
        return {
            "card": self.cards[card].pk,
            "rating": 3,
            "reviewed_at": when,
            "seconds": 0,
            "mode": "browse",
            "token": new_token(),
        }


def replayed(user: User) -> dict:
    """Every card's state replayed from the log with the person's parameters: nothing stored is read."""
    logs: dict[int, list] = {}
    for card_id, rating, when in Review.objects.filter(user=user).values_list("card_id", "rating", "reviewed_at"):
        logs.setdefault(card_id, []).append((rating, when))
    parameters = FittedParameters.for_user(user.pk)
    return {card_id: scheduler.replay(log, parameters) for card_id, log in logs.items()}


def assert_recall_equals_a_replay(user: User) -> None:
    day = Profile.interview_of(user.pk)
    states = replayed(user)
    stored = dict(Schedule.objects.filter(user=user).values_list("card_id", "interview_recall"))
    assert stored == {card_id: None if day is None else scheduler.recall_on(s, day) for card_id, s in states.items()}
    if day is not None:
        request = RequestFactory().get("/progress/")
        request.user = user
        active = Card.objects.active().values_list("pk", "topic_id")
        assert_same_readiness(AccountLearner(request).readiness(), progress.readiness(active, states, day))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, max_size=10))
def test_stored_recall_equals_a_replay_after_ratings_dates_imports_take_overs_refits_and_archives(synced, steps):
    now = timezone.now()
    people = People(list(Card.objects.order_by("pk")), now)
    for each in steps:
        people.run(each)
        for user in people.users:
            assert_recall_equals_a_replay(user)


def test_a_new_date_moves_the_stored_recall_and_clearing_it_empties_it(synced, user):
    card = Card.objects.order_by("pk").first()
    now = timezone.now()
    Review.record(user, card, rating=3, token=new_token(), when=now - timedelta(days=2))
    assert Schedule.objects.get(user=user).interview_recall is None
    Profile.set_interview_date(user, now.date() + timedelta(days=3))
    soon = Schedule.objects.get(user=user).interview_recall
    Profile.set_interview_date(user, now.date() + timedelta(days=30))
    later = Schedule.objects.get(user=user).interview_recall
    assert 0 < later < soon < 1  # further off, more forgotten
    Profile.set_interview_date(user, None)
    assert Schedule.objects.get(user=user).interview_recall is None
