"""Synthetic learners whose memory follows known FSRS parameters, for the benchmark and the tests.

Each learner's true memory of a card is an FSRS card under ``TRUE_PARAMETERS``;
the site schedules it with the parameters it has (py-fsrs's defaults unless
told otherwise). At each review the learner recalls the card with the true
model's probability: a miss is "again", a recall "hard", "good" or "easy".
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import fsrs

# Non-default on purpose: people who forget faster than the defaults expect,
# and whose forgetting curve is flatter (a smaller decay).
TRUE_PARAMETERS = (
    0.1,
    0.6,
    1.5,
    5.0,
    6.8,
    0.6,
    2.6,
    0.01,
    1.3,
    0.12,
    0.9,
    1.9,
    0.09,
    0.3,
    1.8,
    0.5,
    1.9,
    0.6,
    0.1,
    0.07,
    0.35,
)
RECALLED = ((2, 0.15), (3, 0.7), (4, 0.15))
START = datetime(2026, 1, 5, 8, tzinfo=UTC)
SESSION = timedelta(minutes=45)
# The chance of knowing a card the first time it is seen, before any memory of it.
FIRST_RECALL = 0.6


def _recalled_rating(rng: random.Random) -> int:
    roll, total = rng.random(), 0.0
    for rating, share in RECALLED:
        total += share
        if roll < total:
            return rating
    return RECALLED[-1][0]


def learner_log(
    rng: random.Random, cards: Sequence[int], days: int, new_per_day: int, site: fsrs.Scheduler, truth: fsrs.Scheduler
) -> list[tuple[int, int, datetime]]:
    """One learner's (card, rating, when) over ``days`` daily sessions, oldest first."""
    unseen = list(cards)
    rng.shuffle(unseen)
    scheduled: dict[int, fsrs.Card] = {}
    memory: dict[int, fsrs.Card] = {}
    log = []
    for day in range(days):
        now = START + timedelta(days=day, minutes=rng.randrange(0, 12 * 60))
        end = now + SESSION
        for card in unseen[:new_per_day]:
            scheduled[card] = memory[card] = fsrs.Card(card_id=card, due=now)
        del unseen[:new_per_day]
        while True:
            due = [card for card, state in scheduled.items() if state.due <= max(now, end)]
            if not due:
                break
            card = min(due, key=lambda c: scheduled[c].due)
            now = max(now, scheduled[card].due) + timedelta(seconds=20)
            if now > end:
                break
            recall = truth.get_card_retrievability(memory[card], now) if memory[card].last_review else FIRST_RECALL
            rating = _recalled_rating(rng) if rng.random() < recall else 1
            memory[card], _ = truth.review_card(memory[card], fsrs.Rating(rating), now)
            scheduled[card], _ = site.review_card(scheduled[card], fsrs.Rating(rating), now)
            log.append((card, rating, now))
    return log


def simulate(
    learners: int,
    cards: Sequence[int],
    *,
    days: int = 90,
    new_per_day: int = 3,
    seed: int = 1,
    parameters: Sequence[float] | None = None,
    truth: Sequence[float] = TRUE_PARAMETERS,
) -> dict[int, list[tuple[int, int, datetime]]]:
    """Each learner's log, keyed 0, 1, 2...; the same seed gives the same population."""
    rng = random.Random(seed)
    site = fsrs.Scheduler(parameters=parameters or fsrs.Scheduler().parameters, enable_fuzzing=False)
    true = fsrs.Scheduler(parameters=truth, enable_fuzzing=False)
    return {person: learner_log(rng, cards, days, new_per_day, site, true) for person in range(learners)}
