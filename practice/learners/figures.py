"""The dashboard's counts of a person's log: aggregates in the database for an account,
sums over the session's log for a visitor."""

from __future__ import annotations

from datetime import date, datetime
from functools import cached_property
from typing import Protocol

import fsrs
from django.db.models import Count, Q, QuerySet

from .. import progress, scheduler
from ..models import Review, ReviewDay, ReviewState
from .stamp import latest_review_in_plan


class Figures(Protocol):
    def day_counts(self, since: date) -> dict[date, int]: ...

    def active_days(self) -> set[date]: ...

    def count_since(self, moment: datetime) -> int: ...

    def first_since(self, moment: datetime) -> datetime | None:
        """When the earliest review since ``moment`` was made: the next to leave a window starting there."""
        ...

    def retention_since(self, moment: datetime) -> tuple[float | None, int]:
        """True retention of the reviews since ``moment``, and how many reviews it counts."""
        ...

    def latest_review_marker(self, plan_id: int | None = None) -> str:
        """Changes whenever this person rates something (one of the plan's cards, if given): a key
        for caching figures."""
        ...


class AccountFigures:
    def __init__(self, user, latest_review: int | None):
        self.user = user
        self.latest_review = latest_review

    @cached_property
    def reviews(self) -> QuerySet[Review]:
        return Review.objects.filter(user=self.user)

    def day_counts(self, since: date) -> dict[date, int]:
        return ReviewDay.counts_since(self.user.pk, since)

    def active_days(self) -> set[date]:
        return ReviewDay.active_days(self.user.pk)

    def count_since(self, moment: datetime) -> int:
        return self.reviews.filter(reviewed_at__gte=moment).count()

    def first_since(self, moment: datetime) -> datetime | None:
        since = self.reviews.filter(reviewed_at__gte=moment).order_by("reviewed_at")
        return since.values_list("reviewed_at", flat=True).first()

    def retention_since(self, moment: datetime) -> tuple[float | None, int]:
        # Counting ratings, which the (user, reviewed_at, state_before, rating) index holds, reads the index alone.
        counts = ReviewState.objects.filter(
            user=self.user, reviewed_at__gte=moment, state_before=fsrs.State.Review
        ).aggregate(counted=Count("rating"), passed=Count("rating", filter=~Q(rating=scheduler.AGAIN)))
        return (counts["passed"] / counts["counted"] if counts["counted"] else None), counts["counted"]

    def latest_review_marker(self, plan_id: int | None = None) -> str:
        return str(self.latest_review if plan_id is None else latest_review_in_plan(self.user.pk, plan_id))


class LogFigures:
    """The same counts over a log of (card id, rating, when), oldest first."""

    def __init__(self, log: list[tuple[int, int, datetime]]):
        self.log = log

    def day_counts(self, since: date) -> dict[date, int]:
        counts: dict[date, int] = {}
        for _, _, when in self.log:
            if when.date() >= since:
                counts[when.date()] = counts.get(when.date(), 0) + 1
        return counts

    def active_days(self) -> set[date]:
        return {when.date() for _, _, when in self.log}

    def count_since(self, moment: datetime) -> int:
        return sum(1 for _, _, when in self.log if when >= moment)

    def first_since(self, moment: datetime) -> datetime | None:
        return min((when for _, _, when in self.log if when >= moment), default=None)

    def retention_since(self, moment: datetime) -> tuple[float | None, int]:
        recent = {card_id for card_id, _, when in self.log if when >= moment}
        logs: dict[int, list[tuple[int, bool]]] = {}
        for card_id, rating, when in self.log:
            if card_id in recent:
                logs.setdefault(card_id, []).append((rating, when >= moment))
        return progress.true_retention(logs.values())

    def latest_review_marker(self, plan_id: int | None = None) -> str:
        return str(len(self.log))
