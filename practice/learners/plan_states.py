"""An account's plan cards as they stood when the day began, read from the schedules rather than the log.

A schedule is its card's whole log replayed, so for a card not rated since the
day began it is already the state the day's layout starts from. Only the cards
rated since need their earlier ratings, and only those are read and replayed:
at 100,000 reviews this is what kept today's page from replaying the plan's log.
"""

from __future__ import annotations

from datetime import datetime

import fsrs
from django.db.models import Exists, OuterRef, QuerySet

from .. import scheduler
from ..models import Schedule
from .sql import plain_rows, stored_utc


def plan_states(
    schedules: QuerySet, reviews: QuerySet, card_ids: list[int], moment: datetime, parameters: scheduler.Parameters
) -> tuple[dict[int, fsrs.Card], set[int]]:
    """``Learner.plan_states`` in two queries whatever the history: the schedules, and the
    earlier ratings of the cards rated since ``moment``."""
    rows = plain_rows(schedules.filter(card_id__in=card_ids).values_list("card_id", *Schedule.FSRS_FIELDS))
    states = {
        card_id: Schedule.card_from(state, step, stability, difficulty, stored_utc(due), stored_utc(last))
        for card_id, state, step, stability, difficulty, due, last in rows
    }
    rated_since = {card_id for card_id, state in states.items() if state.last_review >= moment}
    # A subquery, not the list above, so that the query is made whether or not any card was rated
    # since; ordered as the (user, card, time) index is, which keeps SQLite off the log's time index.
    since = schedules.filter(card_id__in=card_ids, last_review__gte=moment).values("card_id")
    earlier = reviews.filter(card_id__in=since, reviewed_at__lt=moment).order_by("card_id", "reviewed_at", "pk")
    before: dict[int, list[tuple[int, datetime]]] = {}
    for card_id, rating, when in plain_rows(earlier.values_list("card_id", "rating", "reviewed_at")):
        before.setdefault(card_id, []).append((rating, stored_utc(when)))
    for card_id in rated_since:
        if card_id in before:
            states[card_id] = scheduler.replay(before[card_id], parameters)
        else:
            del states[card_id]
    return states, rated_since


def cards_seen_before(schedules: QuerySet, reviews: QuerySet, card_ids: list[int], moment: datetime) -> int:
    """One index probe per rated card (every rated card has a schedule), not a scan of their logs."""
    earlier = reviews.filter(card_id=OuterRef("card_id"), reviewed_at__lt=moment)
    return schedules.filter(card_id__in=card_ids).filter(Exists(earlier)).count()
