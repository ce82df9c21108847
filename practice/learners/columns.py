"""A signed-in person's schedules as the dashboard adds them up, kept and brought up to date card by card.

The dashboard's forecast, status counts, mastery and readiness are sums over
every schedule, and reading ten thousand of them after each rating was most of
its first view. Kept here are only the columns those sums read, as arrays; a
rating changes one card's schedule, so the next view reads again just the
schedules of the cards rated since (their reviews come after the kept marker:
a person's writes go one at a time, ``Review.lock_person``, so their reviews'
keys grow in the order they were committed).

What changes schedules without a review is in the kept version (the interview
date and the FSRS parameters) or forgets them (``forget``, after a rebuild).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import repeat
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from .. import statuses
from .sql import plain_rows, stored_utc

if TYPE_CHECKING:
    from .base import Learner

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
KEPT_SECONDS = 24 * 3600
VERSION = "1"  # of the kept shape: a new one reads every schedule again


def micros(moment: datetime) -> int:
    """A moment as whole microseconds since the epoch: exact, as the database compares them."""
    return (stored_utc(moment) - EPOCH) // MICROSECOND


def moment(value: int) -> datetime:
    return EPOCH + value * MICROSECOND


@dataclass
class ScheduleColumns:
    """One entry per schedule, in parallel arrays: card, both due columns, mastered, recall on the day."""

    marker: int = 0  # the latest review these include
    version: str = ""
    card_ids: array = field(default_factory=lambda: array("q"))
    due: array = field(default_factory=lambda: array("q"))
    aimed_due: array = field(default_factory=lambda: array("q"))
    mastered: array = field(default_factory=lambda: array("b"))
    recall: array = field(default_factory=lambda: array("d"))

    def put(self, rows: Iterable[tuple]) -> None:
        """Replace the schedules held for these cards, or add them: the few cards rated since."""
        for card_id, *values in rows:
            try:
                index = self.card_ids.index(card_id)
            except ValueError:
                self._append(card_id, values)
            else:
                for column, value in zip(self._columns(), _converted(values), strict=True):
                    column[index] = value

    @classmethod
    def of_rows(cls, rows: Iterable[tuple], version: str) -> ScheduleColumns:
        columns = cls(version=version)
        for card_id, *values in rows:
            columns._append(card_id, values)
        return columns

    def _append(self, card_id: int, values: list) -> None:
        self.card_ids.append(card_id)
        for column, value in zip(self._columns(), _converted(values), strict=True):
            column.append(value)

    def _columns(self) -> tuple[array, ...]:
        return self.due, self.aimed_due, self.mastered, self.recall

    def _due_column(self, interview: date | None, now: datetime) -> array:
        return self.aimed_due if statuses.due_field(interview, now) == "aimed_due" else self.due

    def forecast(self, now: datetime, interview: date | None, days: int = 30) -> tuple[list[tuple[date, int]], int]:
        """What ``ScheduleQuerySet.due_forecast`` counts, from the kept columns."""
        today = now.date()
        ends = [micros(datetime.combine(today + timedelta(days=n + 1), time(0), tzinfo=UTC)) for n in range(days)]
        dues = sorted(self._due_column(interview, now))
        at = [bisect_left(dues, end) for end in ends]
        per_day = [at[0]] + [at[n] - at[n - 1] for n in range(1, days)]
        return [(today + timedelta(days=n), count) for n, count in enumerate(per_day)], len(dues)

    def status_counts(self, now: datetime, interview: date | None, active: frozenset[int]) -> dict[str, int]:
        """``ScheduleQuerySet.status_counts`` of the schedules of these active cards."""
        limit, due, mastered, every = micros(now), 0, 0, 0
        for card_id, when, known in zip(self.card_ids, self._due_column(interview, now), self.mastered, strict=True):
            if card_id in active:
                every += 1
                if when <= limit:
                    due += 1
                elif known:
                    mastered += 1
        return {"all": every, statuses.DUE: due, statuses.MASTERED: mastered, statuses.LEARNING: every - due - mastered}

    def next_due_after(self, now: datetime, interview: date | None) -> datetime | None:
        """When the next schedule that is not due yet falls due, archived or not."""
        limit = micros(now)
        later = min((when for when in self._due_column(interview, now) if when > limit), default=None)
        return None if later is None else moment(later)

    def mastery_and_readiness(
        self, cards_by_topic: list[tuple[int, list[int]]]
    ) -> tuple[dict[str, Counter], dict[str, float]]:
        """``progress.mastery_by_topic`` and ``progress.readiness``, walking each topic's active cards in
        the bank's order and adding up the same recalls in it, so both come out exactly equal."""
        recalls = dict(zip(self.card_ids, self.recall, strict=True))
        known = {card_id for card_id, is_mastered in zip(self.card_ids, self.mastered, strict=True) if is_mastered}
        mastery: dict[str, Counter] = {}
        readiness: dict[str, float] = {}
        for topic, card_ids in cards_by_topic:
            seen = recalls.keys() & card_ids
            counts = {
                statuses.NEW: len(card_ids) - len(seen),
                statuses.LEARNING: len(seen) - len(known & seen),
                statuses.MASTERED: len(known & seen),
            }
            mastery[topic] = Counter({status: count for status, count in counts.items() if count})
            readiness[topic] = sum(map(recalls.get, card_ids, repeat(0.0))) / len(card_ids)
        return mastery, readiness


def _converted(values: list) -> tuple[int, int, bool, float]:
    due, aimed_due, mastered, recall = values
    return micros(due), micros(aimed_due), bool(mastered), recall or 0.0


def read_rows(schedules: QuerySet) -> list[tuple]:
    """The kept columns of these schedules, in one plain read."""
    mastered = ExpressionWrapper(Q(**statuses.MASTERED_WHEN), output_field=BooleanField())
    query = schedules.annotate(mastered=mastered)
    return plain_rows(query.values_list("card_id", "due", "aimed_due", "mastered", "interview_recall"))


def columns_for(learner: Learner) -> ScheduleColumns:
    """The person's kept columns, with the schedules of the cards they rated since read again."""
    marker = learner.figures.latest_review_marker()
    latest = 0 if marker == "None" else int(marker)
    version = "\x00".join([VERSION, str(learner.interview_date), learner.parameters_key])
    found = cache.get(_key(learner.user.pk))
    if isinstance(found, ScheduleColumns) and found.version == version and found.marker <= latest:
        if found.marker == latest:
            return found
        rated = learner.reviews.filter(pk__gt=found.marker).values("card_id")
        found.put(read_rows(learner.schedules.filter(card_id__in=rated)))
        columns = found
    else:
        columns = ScheduleColumns.of_rows(read_rows(learner.schedules), version)
    columns.marker = latest
    cache.set(_key(learner.user.pk), columns, KEPT_SECONDS)
    return columns


def forget(user_ids: Iterable[int]) -> None:
    """Drop the kept columns of these people, whose schedules were written again without a review."""
    cache.delete_many([_key(user_id) for user_id in user_ids])


def _key(user_id: int) -> str:
    return f"schedule-columns:{user_id}"
