"""A signed-in person: their log, schedules, plan and date are rows in the database."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from functools import cached_property

import fsrs
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from questions.models import Card
from questions.pagecache import kept_for_bank

from .. import scheduler
from ..models import Bookmark, FittedParameters, Note, PlanFollow, Profile, Quiz, Review, Schedule
from ..rows import first_where, rows_where
from .account_browsing import AccountBrowsing
from .base import Learner
from .columns import ScheduleColumns, columns_for
from .figures import AccountFigures
from .followed_plan import Following
from .plan_states import cards_seen_before, plan_states
from .sql import plain_rows, stored_utc
from .stamp import Stamp, read_stamp


class AccountLearner(AccountBrowsing, Learner):
    def __init__(self, request: HttpRequest):
        super().__init__(request)
        self.user = request.user

    @cached_property
    def reviews(self) -> QuerySet[Review]:
        return Review.objects.filter(user=self.user)

    @cached_property
    def schedules(self) -> QuerySet[Schedule]:
        return Schedule.objects.filter(user=self.user)

    @cached_property
    def stamp(self) -> Stamp:
        return read_stamp(self.user.pk)

    @cached_property
    def fitted(self) -> FittedParameters | None:
        return FittedParameters.objects.get(pk=self.stamp.fit_id) if self.stamp.fit_id else None

    @property
    def parameters_key(self) -> str:
        return f"fit {self.stamp.fit_id}"  # a fit's row is never changed: a new fit is a new row

    has_practised = True

    def history(self, card: Card) -> list[Review]:
        return list(rows_where(Review, ("reviewed_at", "pk"), user=self.user.pk, card=card.pk))

    def state(self, card: Card, history: list[Review] | None = None) -> fsrs.Card | None:
        schedule = first_where(Schedule, user=self.user.pk, card=card.pk)
        return schedule.fsrs_card if schedule else None

    def record(self, card: Card, *, rating: int, token: str, seconds: int, **details) -> tuple[Review, bool]:
        review, _, created = Review.record(self.user, card, rating=rating, token=token, seconds=seconds, **details)
        # What was read of the log and schedules before it.
        for remembered in ("stamp", "figures", "columns", "_by_topic"):
            self.__dict__.pop(remembered, None)
        return review, created

    def states(self, card_ids: list[int]) -> dict[int, fsrs.Card]:
        return {schedule.card_id: schedule.fsrs_card for schedule in self.schedules.filter(card_id__in=card_ids)}

    def all_states(self) -> dict[int, scheduler.CardState]:
        fields = ("card_id", "state", "stability", "due", "last_review")
        return {
            card_id: scheduler.Snapshot(state, stability, stored_utc(due), stored_utc(last))
            for card_id, state, stability, due, last in plain_rows(self.schedules.values_list(*fields))
        }

    def mastery_by_topic(self) -> dict[str, Counter]:
        return self._by_topic[0]

    def forecast(self, now: datetime) -> tuple[list[tuple[date, int]], int]:
        """``progress.forecast``, from the kept columns of the schedules."""
        return self.columns.forecast(now, self.interview_date)

    def readiness(self) -> dict[str, float]:
        """``progress.readiness`` from the recall each schedule keeps for the interview day (``Schedule.aim``)."""
        return self._by_topic[1]

    @cached_property
    def _by_topic(self) -> tuple[dict[str, Counter], dict[str, float]]:
        return self.columns.mastery_and_readiness(active_cards_by_topic())

    @cached_property
    def columns(self) -> ScheduleColumns:
        return columns_for(self)

    def log(self) -> list[tuple[int, int, datetime]]:
        return list(self.reviews.order_by("reviewed_at", "pk").values_list("card_id", "rating", "reviewed_at"))

    def plan_log(self, card_ids: list[int]) -> list[tuple[int, int, datetime]]:
        # Read as the (user, card, time) index holds them and sorted here: ordered by time, SQLite
        # walks the person's whole log along its time index instead.
        rows = self.reviews.filter(card_id__in=card_ids).order_by("card_id", "reviewed_at", "pk")
        found = plain_rows(rows.values_list("reviewed_at", "pk", "card_id", "rating"))
        found.sort()
        return [(card, rating, stored_utc(when)) for when, _, card, rating in found]

    def plan_states(self, card_ids: list[int], moment: datetime) -> tuple[dict[int, fsrs.Card], set[int]]:
        return plan_states(self.schedules, self.reviews, card_ids, moment, self.parameters)

    def cards_seen_before(self, card_ids: list[int], moment: datetime) -> int:
        return cards_seen_before(self.schedules, self.reviews, card_ids, moment)

    def recent_seconds(self, count: int = 50) -> list[int]:
        latest = self.reviews.order_by("-reviewed_at", "-pk")[:count]
        return list(reversed(latest.values_list("seconds", flat=True)))

    @cached_property
    def figures(self) -> AccountFigures:
        return AccountFigures(self.user, self.stamp.latest_review)

    def due_cards(self, now: datetime) -> list[int]:
        due = self.schedules.filter(card__archived_at__isnull=True).due(now, self.interview_date)
        return list(due.by_due(now, self.interview_date).values_list("card_id", flat=True))

    @cached_property
    def interview_date(self) -> date | None:
        return self.stamp.interview_date

    def set_interview_date(self, day: date | None) -> None:
        Profile.set_interview_date(self.user, day)
        self.__dict__["interview_date"] = day

    def following(self) -> Following | None:
        if self.stamp.following_id is None:
            return None
        row = first_where(PlanFollow, pk=self.stamp.following_id)
        return Following.from_row(row) if row else None

    def follow(self, following: Following) -> None:
        self.set_interview_date(following.interview_date)
        following.start_for(self.user)
        self.__dict__.pop("stamp", None)

    def leave_plan(self) -> None:
        PlanFollow.objects.filter(user=self.user).current().update(ended_at=timezone.now())
        self.__dict__.pop("stamp", None)

    def quiz(self, public_id) -> Quiz | None:
        return first_where(Quiz, public_id=public_id, user=self.user.pk)

    def bookmarked(self, card: Card) -> bool:
        return first_where(Bookmark, user=self.user.pk, card=card.pk) is not None

    def bookmarked_among(self, card_ids: list[int]) -> set[int]:
        return set(Bookmark.objects.filter(user=self.user, card_id__in=card_ids).values_list("card_id", flat=True))

    def note(self, card: Card) -> Note | None:
        return first_where(Note, user=self.user.pk, card=card.pk)


def active_cards_by_topic() -> list[tuple[int, list[int]]]:
    """Each topic's active cards, topics in the order their first card comes in the bank and cards
    in the bank's order: what ``progress.mastery_by_topic`` walks, kept until a sync changes the bank."""
    return kept_for_bank("active-cards-by-topic", "", _active_cards_by_topic)


def _active_cards_by_topic() -> list[tuple[int, list[int]]]:
    grouped: dict[int, list[int]] = {}
    for card_id, topic in plain_rows(Card.objects.active().values_list("pk", "topic_id")):
        grouped.setdefault(topic, []).append(card_id)
    return list(grouped.items())
