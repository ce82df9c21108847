"""Daily review counts: moved with every way a review enters the log, always equal to a recount of it."""

from collections import Counter
from datetime import UTC, timedelta
from itertools import count

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.erasure import erase
from practice.exchange import apply_import, export_history
from practice.history_file import check_document
from practice.learners.takeover import move_session_reviews_to
from practice.learners.visitor import SESSION_KEY
from practice.models import Review, ReviewDay
from practice.rebuilding import rebuild_schedules
from practice.tokens import new_token
from questions.models import Card

pytestmark = pytest.mark.django_db
NAMES = count()

# Hours before now: 0 is now, others spread ratings over several days, some out of order and across midnight.
hours_ago = st.sampled_from([0, 1, 5, 23, 24, 25, 49, 24 * 9 + 3])
rating = st.tuples(st.just("rate"), st.integers(0, 2), st.integers(0, 3), st.integers(1, 4), hours_ago)
anonymous = st.tuples(
    st.just("anonymous"), st.integers(0, 2), st.lists(st.tuples(st.integers(0, 3), hours_ago), max_size=4)
)
step = st.one_of(
    rating,
    st.tuples(st.just("import"), st.integers(0, 2), st.integers(0, 2)),
    anonymous,
    st.tuples(st.just("delete"), st.integers(0, 2)),
)


def kept() -> Counter:
    return Counter({(row.user_id, row.day): row.count for row in ReviewDay.objects.all()})


def from_the_log() -> Counter:
    return Counter(
        (user_id, when.astimezone(UTC).date()) for user_id, when in Review.objects.values_list("user_id", "reviewed_at")
    )


class People:
    """Three people at a time; one deleted is replaced by someone new."""

    def __init__(self):
        self.users = [self.new() for _ in range(3)]

    @staticmethod
    def new() -> User:
        return User.objects.create_user(f"person-{next(NAMES)}")

    def run(self, step: tuple, cards: list[Card], now) -> None:
        kind, who, *rest = step
        user = self.users[who]
        if kind == "rate":
            card, value, hours = rest
            Review.record(user, cards[card], rating=value, token=new_token(), when=now - timedelta(hours=hours))
        elif kind == "import":
            plan = check_document(export_history(self.users[rest[0]]), now=now)
            apply_import(user, plan)
        elif kind == "anonymous":
            session = SessionStore()
            session[SESSION_KEY] = [
                {
                    "card": cards[card].pk,
                    "rating": 3,
                    "reviewed_at": (now - timedelta(hours=hours)).isoformat(),
                    "seconds": 0,
                    "mode": "browse",
                    "token": new_token(),
                }
                for card, hours in rest[0]
            ]
            move_session_reviews_to(user, session)
        else:
            erase(user)
            self.users[who] = self.new()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, max_size=12))
def test_counts_equal_a_recount_after_ratings_imports_take_overs_and_deletions(synced, steps):
    cards = list(Card.objects.order_by("pk"))
    people = People()
    now = timezone.now()
    for each in steps:
        people.run(each, cards, now)
        assert kept() == from_the_log()


def test_rebuilding_the_schedules_counts_the_days_afresh(synced, user):
    card = Card.objects.first()
    Review.objects.bulk_create(Review(user=user, card=card, rating=3, token=new_token()) for _ in range(3))
    assert not ReviewDay.objects.exists()  # written around the model, as a restore or a benchmark might
    rebuild_schedules([user.pk])
    assert kept() == from_the_log() == Counter({(user.pk, Review.objects.first().reviewed_at.date()): 3})


def test_the_dashboard_figures_come_from_the_counts(user_client, user, synced):
    card = Card.objects.first()
    now = timezone.now()
    for days in (0, 1, 2, 5):
        Review.record(user, card, rating=3, token=new_token(), when=now - timedelta(days=days))
    page = user_client.get("/progress/").content.decode()
    assert "you have 4." in page
    assert ReviewDay.total(user.pk) == 4
    assert ReviewDay.active_days(user.pk) == {(now - timedelta(days=d)).astimezone(UTC).date() for d in (0, 1, 2, 5)}
