"""Spaced repetition with FSRS, as pure functions over ratings and times.

The review log is the source of truth; a card's schedule is whatever FSRS
makes of that card's reviews in order. Fuzzing is off so that replaying a log
always gives exactly the schedule that was built up one review at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple

import fsrs

SCHEDULER = fsrs.Scheduler(enable_fuzzing=False)
# The parameters a schedule was made with: None for py-fsrs's defaults, or fitted ones.
Parameters = Sequence[float] | None

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATING_LABELS = {AGAIN: "Didn't know", HARD: "Shaky", GOOD: "Knew it", EASY: "Nailed it"}
RATING_NAMES = {AGAIN: "again", HARD: "hard", GOOD: "good", EASY: "easy"}
# (value, label, css name) for the four rating buttons.
RATING_BUTTONS = [(value, label, RATING_NAMES[value]) for value, label in RATING_LABELS.items()]

# A card counts as mastered once FSRS expects it to stay remembered for three weeks.
MASTERED_STABILITY_DAYS = 21.0

# Aiming at an interview date (see ``aimed_due``): in the final week before it,
# reviews come when recall is predicted to fall below 95% rather than FSRS's 90%,
# and a card last seen before that week is seen again three days before the date.
FINAL_WEEK_DAYS = 7
FINAL_WEEK_RETENTION = 0.95
REFRESH_DAYS_BEFORE = 3

NEW, LEARNING, DUE, MASTERED = "new", "learning", "due", "mastered"
STATUS_LABELS = {NEW: "New", LEARNING: "Learning", DUE: "Due", MASTERED: "Mastered"}


class Snapshot(NamedTuple):
    """What the figures read of a card's FSRS state, stored; cheap to build by the ten thousand.

    It answers the same attributes as an ``fsrs.Card`` for ``status``,
    ``mastery`` and ``retrievability``, but cannot be reviewed.
    """

    state: int
    stability: float | None
    due: datetime
    last_review: datetime


CardState = fsrs.Card | Snapshot


def utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("FSRS needs aware datetimes")
    return moment.astimezone(UTC)


@lru_cache(maxsize=512)
def _scheduler(parameters: tuple[float, ...]) -> fsrs.Scheduler:
    return fsrs.Scheduler(parameters=parameters, enable_fuzzing=False)


def scheduler_for(parameters: Parameters = None) -> fsrs.Scheduler:
    """The scheduler for these parameters; one per set, built once."""
    return SCHEDULER if parameters is None else _scheduler(tuple(parameters))


def review(card: fsrs.Card | None, rating: int, when: datetime, parameters: Parameters = None) -> fsrs.Card:
    """The card's state after one more rating."""
    scheduler = scheduler_for(parameters)
    updated, _ = scheduler.review_card(card or fsrs.Card(card_id=0), fsrs.Rating(rating), utc(when))
    return updated


def replay(ratings: Iterable[tuple[int, datetime]], parameters: Parameters = None) -> fsrs.Card | None:
    """Rebuild a card's state from its whole log; None for a card never rated."""
    card = None
    for rating, when in sorted(ratings, key=lambda item: item[1]):
        card = review(card, rating, when, parameters)
    return card


def states_before(ratings: list[int]) -> list[fsrs.State]:
    """The FSRS state a card was in before each of its ratings, oldest first.

    FSRS moves between learning, review and relearning on the rating and the
    step count alone, never on times or stability, so this needs no replay of
    the memory model: it is the same state machine, thousands of times cheaper.
    """
    learning, relearning = len(SCHEDULER.learning_steps), len(SCHEDULER.relearning_steps)
    state, step, before = fsrs.State.Learning, 0, []
    for rating in ratings:
        before.append(state)
        if state == fsrs.State.Review:
            if rating == AGAIN and relearning:
                state, step = fsrs.State.Relearning, 0
            continue
        steps = learning if state == fsrs.State.Learning else relearning
        if steps == 0 or (step >= steps and rating != AGAIN) or rating == EASY:
            state, step = fsrs.State.Review, None
        elif rating == AGAIN:
            step = 0
        elif rating == GOOD:
            step += 1
            if step == steps:
                state, step = fsrs.State.Review, None
    return before


def retrievability(card: CardState | None, now: datetime) -> float:
    """Chance of recalling the card now, 0 for a card never rated."""
    if card is None:
        return 0.0
    return SCHEDULER.get_card_retrievability(card, utc(now))


def recall_on(card: CardState | None, day: date) -> float:
    """Chance of recalling the card at noon UTC on ``day``: what readiness adds up for the interview day."""
    return retrievability(card, datetime.combine(day, time(12), tzinfo=UTC))


def days_until_recall(stability: float, retention: float) -> float:
    """Days after a review until predicted recall falls to ``retention``: FSRS's forgetting curve, solved for time."""
    decay = -SCHEDULER.parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    return stability / factor * (retention ** (1 / decay) - 1)


def aimed_due(card: CardState, interview: date | None) -> datetime:
    """When to review the card next for someone whose interview is on ``interview``.

    FSRS alone spaces reviews for remembering indefinitely, which can leave a
    card unseen for weeks either side of the date. Two changes, and no others:

    1. A review due in the final ``FINAL_WEEK_DAYS`` or later comes once
       recall is predicted to fall below ``FINAL_WEEK_RETENTION``, if that is
       sooner, but not before the final week begins.
    2. A card last seen before the final week whose review still lands on or
       after the date is due ``REFRESH_DAYS_BEFORE`` days before it instead.

    ``Schedule.due`` stays pure FSRS, so the log replays the same; this is
    stored beside it as ``Schedule.aimed_due``, and worked out again for all
    of a person's cards when their date changes or is cleared. Pass no date
    once the interview is past (``statuses.aiming_at``).
    """
    due = utc(card.due)
    if interview is None:
        return due
    interview_at = datetime.combine(interview, time(0), tzinfo=UTC)
    week_start = interview_at - timedelta(days=FINAL_WEEK_DAYS)
    last = utc(card.last_review)
    if due < week_start or last >= interview_at:
        return due
    if card.stability:
        sooner = last + timedelta(days=days_until_recall(card.stability, FINAL_WEEK_RETENTION))
        due = min(due, max(sooner, week_start))
    if due >= interview_at and last < week_start:
        due = interview_at - timedelta(days=REFRESH_DAYS_BEFORE)
    return due


def due_in_words(due: datetime, now: datetime) -> str:
    """'in 3 days', 'in 10 minutes', 'now': what follows "Next review"."""
    delta = utc(due) - utc(now)
    if delta <= timedelta(seconds=30):
        return "now"
    for unit, size in (("year", 365 * 86400), ("month", 30 * 86400), ("day", 86400), ("hour", 3600)):
        amount = delta.total_seconds() / size
        if amount >= 1:
            count = round(amount)
            return f"in {count} {unit}{'s' if count != 1 else ''}"
    minutes = max(1, round(delta.total_seconds() / 60))
    return f"in {minutes} minute{'s' if minutes != 1 else ''}"
