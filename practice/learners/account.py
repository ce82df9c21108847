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

from .. import scheduler, statuses
from ..models import Bookmark, Note, PlanFollow, Profile, Review, Schedule
from .base import Learner
from .columns import ScheduleColumns, columns_for
from .figures import AccountFigures
from .followed_plan import Following
from .kept import kept_for_person
from .plan_states import cards_seen_before, plan_states
from .sql import plain_rows, stored_utc


class AccountLearner(Learner):
    def __init__(self, request: HttpRequest):
        super().__init__(request)
        self.user = request.user
        self.reviews = Review.objects.filter(user=self.user)
        self.schedules = Schedule.objects.filter(user=self.user)

    has_practised = True

    def history(self, card: Card) -> list[Review]:
        return list(self.reviews.filter(card=card))

    def state(self, card: Card, history: list[Review] | None = None) -> fsrs.Card | None:
        schedule = self.schedules.filter(card=card).first()
        return schedule.fsrs_card if schedule else None

    def record(self, card: Card, *, rating: int, token: str, seconds: int, **details) -> tuple[Review, bool]:
        review, _, created = Review.record(self.user, card, rating=rating, token=token, seconds=seconds, **details)
        for remembered in ("figures", "columns", "_by_topic"):  # what was read of the log and schedules before it
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
        rows = self.reviews.filter(card_id__in=card_ids).order_by("reviewed_at", "pk")
        return [
            (card, rating, stored_utc(when))
            for card, rating, when in plain_rows(rows.values_list("card_id", "rating", "reviewed_at"))
        ]

    def plan_states(self, card_ids: list[int], moment: datetime) -> tuple[dict[int, fsrs.Card], set[int]]:
        return plan_states(self.schedules, self.reviews, card_ids, moment, self.parameters)

    def cards_seen_before(self, card_ids: list[int], moment: datetime) -> int:
        return cards_seen_before(self.schedules, self.reviews, card_ids, moment)

    def recent_seconds(self, count: int = 50) -> list[int]:
        latest = self.reviews.order_by("-reviewed_at", "-pk")[:count]
        return list(reversed(latest.values_list("seconds", flat=True)))

    @cached_property
    def figures(self) -> AccountFigures:
        return AccountFigures(self.user)

    def due_cards(self, now: datetime) -> list[int]:
        due = self.schedules.filter(card__archived_at__isnull=True).due(now, self.interview_date)
        return list(due.by_due(now, self.interview_date).values_list("card_id", flat=True))

    def due_count(self, now: datetime) -> int:
        return self._kept_counts(None, now, "")[statuses.DUE]

    @cached_property
    def interview_date(self) -> date | None:
        return Profile.interview_of(self.user.pk)

    def set_interview_date(self, day: date | None) -> None:
        Profile.set_interview_date(self.user, day)
        self.__dict__["interview_date"] = day

    def following(self) -> Following | None:
        row = PlanFollow.objects.filter(user=self.user).current().first()
        return Following.from_row(row) if row else None

    def follow(self, following: Following) -> None:
        self.set_interview_date(following.interview_date)
        following.start_for(self.user)

    def leave_plan(self) -> None:
        PlanFollow.objects.filter(user=self.user).current().update(ended_at=timezone.now())

    def bookmarked_among(self, card_ids: list[int]) -> set[int]:
        return set(Bookmark.objects.filter(user=self.user, card_id__in=card_ids).values_list("card_id", flat=True))

    def note(self, card: Card) -> Note | None:
        return Note.objects.filter(user=self.user, card=card).first()

    def filter_cards(self, cards: QuerySet[Card], status: str, now: datetime) -> QuerySet[Card]:
        if status == "bookmarked":
            return cards.filter(pk__in=Bookmark.objects.filter(user=self.user).values("card_id"))
        if status == statuses.NEW:
            return cards.exclude(pk__in=self.schedules.values("card_id"))
        schedules = self.schedules
        in_status = {statuses.DUE: schedules.due, statuses.LEARNING: schedules.learning}
        in_status[statuses.MASTERED] = schedules.mastered
        return cards.filter(pk__in=in_status[status](now, self.interview_date).values("card_id"))

    def status_counts(self, cards: QuerySet[Card] | None, now: datetime, scope: str = "") -> dict[str, int]:
        counts = self._kept_counts(cards, now, scope) if cards is None or scope else self._counts(cards, now)
        return {**counts, "bookmarked": self._bookmarked_among(Card.objects.active() if cards is None else cards)}

    def _kept_counts(self, cards: QuerySet[Card] | None, now: datetime, scope: str) -> dict[str, int]:
        """Kept until the person rates or the next of their cards falls due: nothing else moves a card
        from one status to another, and counting over every schedule was most of a signed-in Browse."""
        detail = "every active card" if cards is None else f"scope:{scope}"
        return kept_for_person(
            self,
            "status-counts",
            now,
            lambda: self._counts(cards, now),
            detail=detail,
            until=lambda now: self.columns.next_due_after(now, self.interview_date),
        )

    def _counts(self, cards: QuerySet[Card] | None, now: datetime) -> dict[str, int]:
        """One count over the schedules, not one per status; for the whole bank, over the kept ``columns``."""
        if cards is None:
            active = active_card_ids()
            rated = self.columns.status_counts(now, self.interview_date, active)
            return {statuses.NEW: len(active) - rated.pop("all"), **rated}
        rated = self.schedules.filter(card__in=cards).status_counts(now, self.interview_date)
        return {statuses.NEW: cards.count() - rated.pop("all"), **rated}

    def _bookmarked_among(self, cards: QuerySet[Card]) -> int:
        """Driven by the person's few bookmarks, not by probing every listed card for one."""
        marked = list(Bookmark.objects.filter(user=self.user).values_list("card_id", flat=True))
        return cards.filter(pk__in=marked).count() if marked else 0

    def filter_rated(self, cards: QuerySet[Card], rating: int) -> QuerySet[Card]:
        return cards.filter(pk__in=self.reviews.filter(rating=rating).values("card_id"))


def active_card_ids() -> frozenset[int]:
    """Every active card, kept until a sync changes the bank."""
    return kept_for_bank("active-card-ids", "", lambda: frozenset(Card.objects.active().values_list("pk", flat=True)))


def active_cards_by_topic() -> list[tuple[int, list[int]]]:
    """Each topic's active cards, topics in the order their first card comes in the bank and cards
    in the bank's order: what ``progress.mastery_by_topic`` walks, kept until a sync changes the bank."""
    return kept_for_bank("active-cards-by-topic", "", _active_cards_by_topic)


def _active_cards_by_topic() -> list[tuple[int, list[int]]]:
    grouped: dict[int, list[int]] = {}
    for card_id, topic in plain_rows(Card.objects.active().values_list("pk", "topic_id")):
        grouped.setdefault(topic, []).append(card_id)
    return list(grouped.items())
