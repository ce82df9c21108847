"""Community difficulty: how people rated a card the first time, and who forgot it later.

Each person adds one ``Contribution`` to a card's counters: the rating of
their first review of it, and whether they lapsed later (rated it "again"
once it had graduated to review). Every place that writes reviews shifts
the counters from the person's old contribution to their new one in the same
transaction, so the counters are always what ``rebuild_card_stats`` would
count over the log, and nothing is ever aggregated over the log for a page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import fsrs

from . import scheduler


class Contribution(NamedTuple):
    first: int | None
    lapsed: bool


NOTHING = Contribution(None, False)
FIRST_FIELDS = {
    scheduler.AGAIN: "first_again",
    scheduler.HARD: "first_hard",
    scheduler.GOOD: "first_good",
    scheduler.EASY: "first_easy",
}


def contribution(ratings: list[int]) -> Contribution:
    """One person's contribution from their ratings of one card, oldest first."""
    if not ratings:
        return NOTHING
    states = scheduler.states_before(ratings)
    lapsed = any(
        rating == scheduler.AGAIN and state == fsrs.State.Review
        for rating, state in zip(ratings[1:], states[1:], strict=True)
    )
    return Contribution(ratings[0], lapsed)


def changes(old: Contribution, new: Contribution) -> dict[str, int]:
    """How each counter moves when a person's contribution goes from ``old`` to ``new``."""
    delta: dict[str, int] = {}
    if old.first != new.first:
        if old.first:
            delta[FIRST_FIELDS[old.first]] = -1
        if new.first:
            delta[FIRST_FIELDS[new.first]] = delta.get(FIRST_FIELDS[new.first], 0) + 1
    if old.lapsed != new.lapsed:
        delta["lapsed"] = int(new.lapsed) - int(old.lapsed)
    return delta


def totals(contributions: Iterable[Contribution]) -> dict[str, int]:
    """The counters of one card from every person's contribution: what a rebuild stores."""
    counts = dict.fromkeys([*FIRST_FIELDS.values(), "lapsed"], 0)
    for item in contributions:
        if item.first:
            counts[FIRST_FIELDS[item.first]] += 1
        counts["lapsed"] += int(item.lapsed)
    return counts


class Distribution(NamedTuple):
    """What the card page shows: shares of first ratings, once enough people have rated."""

    people: int
    shares: tuple[tuple[int, float], ...]  # (rating, share) in rating order
    lapsed_share: float

    @property
    def didnt_know(self) -> int:
        """Percent who rated it "didn't know" the first time."""
        return round(100 * dict(self.shares)[scheduler.AGAIN])

    @property
    def lapsed(self) -> int:
        """Percent who forgot it after they had learnt it."""
        return round(100 * self.lapsed_share)


def distribution(counts: dict[str, int], minimum: int) -> Distribution | None:
    """The shares of each first rating, or None under ``minimum`` people: no one person can be picked out."""
    people = sum(max(counts.get(name, 0), 0) for name in FIRST_FIELDS.values())
    if people < minimum:
        return None
    shares = tuple((rating, max(counts.get(name, 0), 0) / people) for rating, name in FIRST_FIELDS.items())
    return Distribution(people, shares, min(max(counts.get("lapsed", 0), 0) / people, 1.0))


class Segment(NamedTuple):
    name: str  # the rating's css name
    label: str
    x: float  # percent of the bar's width
    width: float
    percent: int


def segments(shown: Distribution) -> list[Segment]:
    """The stacked bar's pieces, left to right from "didn't know" to "nailed it"."""
    pieces, x = [], 0.0
    for rating, share in shown.shares:
        name, label = scheduler.RATING_NAMES[rating], scheduler.RATING_LABELS[rating]
        pieces.append(Segment(name, label, x, share * 100, round(share * 100)))
        x += share * 100
    return pieces
