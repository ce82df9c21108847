"""The figures on the progress dashboard, as pure functions over dates, ratings and FSRS states."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timedelta

import fsrs

from . import scheduler, statuses


def due_forecast(due_dates: Iterable[date], today: date, days: int = 30) -> list[tuple[date, int]]:
    """Cards due on each of the next ``days`` days; anything overdue counts as due today."""
    counts = Counter(max(due, today) for due in due_dates if due < today + timedelta(days=days))
    return [(today + timedelta(days=offset), counts.get(today + timedelta(days=offset), 0)) for offset in range(days)]


def forecast(
    states: dict[int, scheduler.CardState], interview: date | None, now: datetime
) -> tuple[list[tuple[date, int]], int]:
    """Cards due on each of the next 30 days, by the rule of every other count of due cards, and
    how many cards have been rated in all: the dashboard's forecast."""
    due_dates = (statuses.due_at(state, interview, now).date() for state in states.values())
    return due_forecast(due_dates, now.date()), len(states)


def streaks(active_days: set[date], today: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive days with a review.

    The current streak still counts if today has no review yet but yesterday did.
    """
    longest = run = 0
    previous = None
    for day in sorted(active_days):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    start = today if today in active_days else today - timedelta(days=1)
    current = 0
    while start - timedelta(days=current) in active_days:
        current += 1
    return current, longest


def true_retention(logs: Iterable[list[tuple[int, bool]]]) -> tuple[float | None, int]:
    """Share of the counted reviews of cards in review state that were not rated Again.

    Each log is one card's ratings, oldest first, each with whether it falls in
    the period counted. The ratings before a review tell the state the card was
    in. Returns (share or None, reviews counted).
    """
    passed = counted = 0
    for log in logs:
        states = scheduler.states_before([rating for rating, _ in log])
        for (rating, in_period), state in zip(log, states, strict=True):
            if in_period and state == fsrs.State.Review:
                counted += 1
                passed += rating != scheduler.AGAIN
    return (passed / counted if counted else None), counted


def mastery_by_topic(cards: Iterable[tuple[int, str]], states: dict[int, scheduler.CardState]) -> dict[str, Counter]:
    """For each topic, how many of its cards are new, learning and mastered."""
    result: dict[str, Counter] = {}
    for card_id, topic in cards:
        result.setdefault(topic, Counter())[statuses.mastery(states.get(card_id))] += 1
    return result


def readiness(cards: Iterable[tuple[int, str]], states: dict[int, scheduler.CardState], on: date) -> dict[str, float]:
    """Mean predicted recall per topic on a day (at noon UTC), new cards counting as 0."""
    totals: dict[str, list[float]] = {}
    for card_id, topic in cards:
        totals.setdefault(topic, []).append(scheduler.recall_on(states.get(card_id), on))
    return {topic: sum(values) / len(values) for topic, values in totals.items()}
