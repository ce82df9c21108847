"""Browse's filters and counts for a signed-in person: the statuses of their schedules, and their bookmarks."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet

from questions.models import Card
from questions.pagecache import kept_for_bank

from .. import statuses
from ..models import Bookmark
from .kept import kept_for_person


class AccountBrowsing:
    """For ``AccountLearner``, whose rows (``schedules``, ``reviews``, ``stamp``, ``columns``) these count."""

    def due_count(self, now: datetime) -> int:
        return self._kept_counts(None, now, "")[statuses.DUE]

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
        marked = self.stamp.bookmarked_active if cards is None else self._bookmarked_among(cards)
        return {**counts, "bookmarked": marked}

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
        if not self.stamp.bookmarked_active:  # most people have none, and an archived card counts for none
            return 0
        marked = list(Bookmark.objects.filter(user=self.user).values_list("card_id", flat=True))
        return cards.filter(pk__in=marked).count() if marked else 0

    def filter_rated(self, cards: QuerySet[Card], rating: int) -> QuerySet[Card]:
        return cards.filter(pk__in=self.reviews.filter(rating=rating).values("card_id"))


def active_card_ids() -> frozenset[int]:
    """Every active card, kept until a sync changes the bank."""
    return kept_for_bank("active-card-ids", "", lambda: frozenset(Card.objects.active().values_list("pk", flat=True)))
