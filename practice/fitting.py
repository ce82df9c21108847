"""Fitting FSRS parameters to people's own reviews, as pure functions over the log.

The optimizer is fsrs-rs's, through ``fsrs_rs_python``: no PyTorch, a wheel of a
few megabytes. Its parameters feed py-fsrs's ``Scheduler``, so two things are
checked rather than assumed: both speak FSRS-6 (the same number of parameters,
or nothing is fitted), and every fitted value is clipped into the bounds
py-fsrs validates, which are not quite the ones fsrs-rs clips to.

A fit is judged on reviews it never saw: the later ``HELD_OUT`` share of each
person's log. Log loss decides; RMSE is reported beside it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import fsrs
import fsrs_rs_python
from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

HELD_OUT = 0.2
# fsrs-rs returns its defaults under 8 training items and fits only the four
# initial stabilities under 64; py-fsrs's own optimizer returns its defaults
# under one mini-batch of 512 reviews. A personal fit asks for 640 reviews,
# so that the 80% it is fitted on holds py-fsrs's 512 (always past fsrs-rs's
# full-training line) and the 20% it is judged on holds 128.
MIN_PERSONAL_REVIEWS = 640
MIN_SITE_REVIEWS = 640

# (person, card, rating, when): one review, as the log has it.
Row = tuple[int, int, int, datetime]


class IncompatibleOptimizer(RuntimeError):
    """The optimizer's parameters are not the scheduler's: fitting would give nonsense."""


@dataclass(frozen=True)
class Scores:
    log_loss: float
    rmse: float


@dataclass(frozen=True)
class Fit:
    """A candidate set of parameters, and how it and the current set did on held-out reviews."""

    parameters: tuple[float, ...]
    review_count: int
    before: Scores
    after: Scores

    @property
    def better(self) -> bool:
        return self.after.log_loss < self.before.log_loss

    @property
    def improvement(self) -> float:
        """The relative drop in log loss, 0.05 for 5% better."""
        return (self.before.log_loss - self.after.log_loss) / self.before.log_loss if self.before.log_loss else 0.0


def check_compatible() -> None:
    """Refuse to fit when the optimizer and the scheduler count parameters differently."""
    ours, theirs = len(DEFAULT_PARAMETERS), len(fsrs_rs_python.DEFAULT_PARAMETERS)
    if ours != theirs:
        raise IncompatibleOptimizer(
            f"fsrs-rs-python fits {theirs} parameters but fsrs {fsrs.__name__} schedules with {ours}; "
            "pin versions that implement the same FSRS version."
        )


def clip(parameters: Sequence[float]) -> tuple[float, ...]:
    """The parameters within the bounds py-fsrs accepts, rounded as stored."""
    check_compatible()
    return tuple(
        round(min(max(float(value), low), high), 4)
        for value, low, high in zip(parameters, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True)
    )


def split(rows: Iterable[Row]) -> tuple[set[int], dict[int, int]]:
    """Which reviews are held out: the later ``HELD_OUT`` of each person's log.

    Returns the indexes of held-out rows (in the order given) and each
    person's review count.
    """
    by_person: dict[int, list[tuple[datetime, int]]] = {}
    for index, (person, _, _, when) in enumerate(rows):
        by_person.setdefault(person, []).append((when, index))
    held_out: set[int] = set()
    for reviews in by_person.values():
        reviews.sort()
        cut = len(reviews) - math.floor(len(reviews) * HELD_OUT)
        held_out.update(index for _, index in reviews[cut:])
    return held_out, {person: len(reviews) for person, reviews in by_person.items()}


def items(rows: Sequence[Row], held_out: set[int]) -> tuple[list, list]:
    """Training and test items: one per review on a later day than the card's previous one.

    Each item is the card's history up to and including that review, in whole
    days, as fsrs-rs wants it; it is a test item when that last review is held out.
    """
    by_card: dict[tuple[int, int], list[tuple[datetime, int, int]]] = {}
    for index, (person, card, rating, when) in enumerate(rows):
        by_card.setdefault((person, card), []).append((when, index, rating))
    train, test = [], []
    for history in by_card.values():
        history.sort()
        reviews, previous = [], None
        for when, index, rating in history:
            delta = (when.date() - previous.date()).days if previous else 0
            reviews.append(fsrs_rs_python.FSRSReview(rating, delta))
            previous = when
            if delta > 0:
                (test if index in held_out else train).append(fsrs_rs_python.FSRSItem(list(reviews)))
    return train, test


def evaluate(parameters: Sequence[float], test: list) -> Scores:
    result = fsrs_rs_python.FSRS(list(parameters)).evaluate(test)
    return Scores(log_loss=result.log_loss, rmse=result.rmse_bins)


def fit(rows: Sequence[Row], current: Sequence[float] | None) -> Fit | None:
    """Fit parameters on all but the held-out reviews and score them against ``current``.

    None when there is nothing held out to judge by.
    """
    check_compatible()
    held_out, _ = split(rows)
    train, test = items(rows, held_out)
    if not test or not train:
        return None
    current = tuple(current or DEFAULT_PARAMETERS)
    fitted = clip(fsrs_rs_python.FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(train))
    return Fit(parameters=fitted, review_count=len(rows), before=evaluate(current, test), after=evaluate(fitted, test))
