"""Laying a study plan out over the days before an interview, as pure functions.

``lay_out`` takes the plan's cards, the interview date, the minutes a day,
the person's measured time per card and their FSRS states at the start of
today, and returns every day until the date: the new cards it introduces, in
plan order, and the reviews FSRS forecasts for it (under the interview rule of
``scheduler.aimed_due``), each day within the minutes. The forecast assumes
every card is rated Good; it is recomputed each day from the real log, which
is how the plan re-flows when someone falls behind or gets ahead.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

import fsrs

from . import scheduler, statuses

DEFAULT_SECONDS_PER_CARD = 120  # until someone has enough measured reviews
MIN_SAMPLES = 5  # measured reviews needed before their median replaces the default
SAMPLES = 50  # the latest reviews that the median is taken over
MAX_SECONDS_PER_CARD = 15 * 60
LEAD_DAYS = 3  # every card is first seen at least this many days before the date, when there are days enough
MAX_DAYS = 366


@dataclass(frozen=True)
class PlanCard:
    card_id: int
    minutes: int | None = None  # the plan's estimate for a first showing


@dataclass(frozen=True)
class Day:
    day: date
    new: tuple[int, ...]
    reviews: tuple[int, ...]
    seconds: float

    @property
    def cards(self) -> tuple[int, ...]:
        """Reviews first, then the new cards: the order of the day's quiz."""
        return self.reviews + self.new

    @property
    def minutes(self) -> int:
        return math.ceil(self.seconds / 60)


@dataclass(frozen=True)
class Layout:
    days: tuple[Day, ...] = ()
    unplaced: tuple[int, ...] = ()  # new cards that do not fit before the date
    error: str = ""
    budget_seconds: float = 0
    last_new_day: date | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def today(self) -> Day | None:
        return self.days[0] if self.days else None

    def introduced_through(self, day: date) -> int:
        """How many new cards the layout introduces up to and including ``day``."""
        return sum(len(d.new) for d in self.days if d.day <= day)


def seconds_per_card(samples: Sequence[int]) -> float:
    """The median of the person's latest measured reviews, or the default until there are enough.

    The median, so that a card left open during a phone call does not
    double the estimate for every day after it.
    """
    measured = [s for s in samples[-SAMPLES:] if 0 < s <= MAX_SECONDS_PER_CARD]
    if len(measured) < MIN_SAMPLES:
        return float(DEFAULT_SECONDS_PER_CARD)
    return float(statistics.median(measured))


def lay_out(
    cards: Sequence[PlanCard],
    interview: date,
    minutes_per_day: int,
    card_seconds: float,
    states: dict[int, fsrs.Card],
    today: date,
) -> Layout:
    """Every day from today until the day before the interview (today alone if it is today or tomorrow).

    New cards are spread evenly over the days up to ``LEAD_DAYS`` before the
    date; if that leaves some later than that (reviews of the first ones
    crowd out the last), they are introduced as early as the minutes allow
    instead, and any that still do not fit before the date are ``unplaced``.
    """
    if interview < today:
        return Layout(error=f"Your interview date, {interview:%-d %b %Y}, has passed: pick a new date to plan for.")
    if (interview - today).days > MAX_DAYS:
        return Layout(error=f"Pick an interview date within {MAX_DAYS} days to plan for.")
    if minutes_per_day < 1:
        return Layout(error="Give the plan at least one minute a day.")
    even = _simulate(cards, interview, minutes_per_day, card_seconds, states, today, even=True)
    if not even.unplaced and even.introduced_through(even.last_new_day) == even.introduced_through(interview):
        return even
    return _simulate(cards, interview, minutes_per_day, card_seconds, states, today, even=False)


def _window(interview: date, today: date) -> tuple[list[date], date]:
    """The plan's days, and the last day on which new cards are due to be introduced."""
    count = max(1, (interview - today).days)
    days = [today + timedelta(days=n) for n in range(count)]
    lead = min(LEAD_DAYS, (count - 1) // 2)
    return days, days[-1 - lead]


def _simulate(
    cards: Sequence[PlanCard],
    interview: date,
    minutes_per_day: int,
    card_seconds: float,
    states: dict[int, fsrs.Card],
    today: date,
    *,
    even: bool,
) -> Layout:
    days, last_new = _window(interview, today)
    budget = minutes_per_day * 60
    fresh = [card for card in cards if card.card_id not in states]
    pending: dict[date, list[tuple[int, Fields]]] = {}
    for card in cards:
        if card.card_id in states:
            fields = _fields(states[card.card_id])
            _book(pending, card.card_id, fields, max(today, _aimed_day(fields, interview)), interview)
    carried: list[tuple[int, Fields]] = []
    laid_out = []
    for index, day in enumerate(days):
        queue = carried + pending.pop(day, [])
        used, reviews, carried = 0.0, [], []
        for position, (card_id, fields) in enumerate(queue):
            if used >= budget:  # and so it stays: the rest wait for the next day, in order
                carried = queue[position:]
                break
            used += card_seconds
            reviews.append(card_id)
            _book(pending, card_id, *_good(fields, day, interview), interview)
        new_days_left = sum(1 for d in days[index:] if d <= last_new)
        wanted = math.ceil(len(fresh) / new_days_left) if even and new_days_left else len(fresh)
        introduced = []
        while fresh and len(introduced) < wanted and used < budget:
            card = fresh.pop(0)
            used += card.minutes * 60 if card.minutes else card_seconds
            introduced.append(card.card_id)
            _book(pending, card.card_id, *_good(None, day, interview), interview)
        laid_out.append(Day(day, tuple(introduced), tuple(reviews), used))
    return Layout(
        days=tuple(laid_out),
        unplaced=tuple(card.card_id for card in fresh),
        budget_seconds=budget,
        last_new_day=last_new,
    )


# An FSRS card's fields, in ``fsrs.Card``'s order after its id: hashable, so that the steps below are remembered.
Fields = tuple
_CARD_FIELDS = ("state", "step", "stability", "difficulty", "due", "last_review")


def _fields(state: fsrs.Card) -> Fields:
    return tuple(getattr(state, name) for name in _CARD_FIELDS)


@lru_cache(maxsize=20_000)  # a few thousand steps a person a day; bounded per process
def _aimed_day(fields: Fields, interview: date) -> date:
    return scheduler.aimed_due(fsrs.Card(0, *fields), interview).date()


@lru_cache(maxsize=20_000)  # a few thousand steps a person a day; bounded per process
def _good(fields: Fields | None, day: date, interview: date) -> tuple[Fields, date]:
    """The card after being rated Good once on ``day``, as the day's quiz shows each card once,
    and the day of its next review.

    A card still in its learning steps after that rating is due again within
    minutes, but the day's quiz has passed it: it comes back in the next day's
    session, so that is its day.

    Remembered: a layout is worked out again on every view of the day's page
    (and once for each pace ``minutes_to_fit`` tries) from the same cards, and
    FSRS's step was nine tenths of its time.
    """
    state = scheduler.review(None if fields is None else fsrs.Card(0, *fields), scheduler.GOOD, _noon(day))
    next_day = scheduler.aimed_due(state, interview).date()
    if state.state != fsrs.State.Review:
        next_day = max(next_day, day + timedelta(days=1))
    return _fields(state), next_day


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def _book(
    pending: dict[date, list[tuple[int, Fields]]], card_id: int, fields: Fields, day: date, interview: date
) -> None:
    """Put the card's next review on its day, if that is before the interview."""
    if day < interview:
        pending.setdefault(day, []).append((card_id, fields))


def pace_note(baseline: Sequence[int], elapsed: int, introduced: int, new_today: int) -> str:
    """How the person stands against the plan as first laid out, and what the re-flowed plan asks from today.

    ``baseline[n]`` is how many cards the original layout had introduced by
    the end of its n-th day (day 0 being the day the plan was picked);
    ``elapsed`` is how many of those days are over, and ``introduced`` how
    many cards the person really saw before today.
    """
    done, ahead_of = baseline[:elapsed], baseline[elapsed:]
    planned_now = done[-1] if done else 0
    per_day = f"{new_today} new card{'s' if new_today != 1 else ''}"
    if introduced < planned_now:
        behind = sum(1 for count in done if count > introduced)
        return f"{_days(behind)} behind: {per_day} a day from now on."
    ahead = sum(1 for count in ahead_of if planned_now < count <= introduced)
    if ahead:
        return f"{_days(ahead)} ahead: {per_day} a day from now on."
    return f"On track: {per_day} today."


def _days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"


def late_cards(layout: Layout) -> int:
    """New cards introduced later than ``LEAD_DAYS`` before the date, or not at all."""
    if layout.last_new_day is None:
        return 0
    late = sum(len(day.new) for day in layout.days if day.day > layout.last_new_day)
    return late + len(layout.unplaced)


def minutes_to_fit(
    cards: Sequence[PlanCard],
    interview: date,
    card_seconds: float,
    states: dict[int, fsrs.Card],
    today: date,
    most: int = 240,
) -> int | None:
    """The fewest minutes a day, in steps of five, at which no card is late; None if even ``most`` is not enough."""
    for minutes in range(5, most + 1, 5):
        if not late_cards(lay_out(cards, interview, minutes, card_seconds, states, today)):
            return minutes
    return None


def states_before(
    log: Sequence[tuple[int, int, datetime]], moment: datetime, parameters: scheduler.Parameters = None
) -> dict[int, fsrs.Card]:
    """Each card's FSRS state from its ratings before ``moment``: what the day's layout starts from."""
    by_card: dict[int, list[tuple[int, datetime]]] = {}
    for card_id, rating, when in log:
        if when < moment:
            by_card.setdefault(card_id, []).append((rating, when))
    return {card_id: scheduler.replay(ratings, parameters) for card_id, ratings in by_card.items()}


def cards_seen_before(log: Sequence[tuple[int, int, datetime]], moment: datetime) -> int:
    """How many cards had a rating before ``moment``: ``len(states_before(...))`` without replaying them."""
    return len({card_id for card_id, _, when in log if when < moment})


def baseline(layout: Layout) -> tuple[int, ...]:
    """Cards introduced by the end of each day of a layout, counting those seen before it: the planned line."""
    counts, total = [], 0
    for day in layout.days:
        total += len(day.new)
        counts.append(total)
    return tuple(counts)


def burn_up(
    log: Sequence[tuple[int, int, datetime]], card_ids: set[int], start: date, end: date
) -> tuple[list[int], list[int]]:
    """Plan cards seen at least once, and mastered, by the end of each day from ``start`` to ``end``."""
    first_seen: dict[int, date] = {}
    ratings: dict[int, list[tuple[int, datetime]]] = {}
    for card_id, rating, when in log:
        if card_id in card_ids:
            first_seen.setdefault(card_id, when.date())
            ratings.setdefault(card_id, []).append((rating, when))
    mastered_days = {card_id: _mastery_marks(tuple(card_ratings)) for card_id, card_ratings in ratings.items()}
    introduced, mastered = [], []
    for offset in range((end - start).days + 1):
        day = start + timedelta(days=offset)
        introduced.append(sum(1 for seen in first_seen.values() if seen <= day))
        mastered.append(sum(1 for marks in mastered_days.values() if _last_mark(marks, day)))
    return introduced, mastered


@lru_cache(maxsize=20_000)  # a card's history each; bounded per process
def _mastery_marks(ratings: tuple[tuple[int, datetime], ...]) -> tuple[tuple[date, bool], ...]:
    """The day of each rating and whether the card was mastered after it.

    Kept by the card's ratings: after a rating only that card's history is new,
    and replaying every plan card's reviews was most of the first dashboard
    view after rating one of them.
    """
    state, marks = None, []
    for rating, when in ratings:
        state = scheduler.review(state, rating, when)
        marks.append((when.date(), statuses.mastery(state) == statuses.MASTERED))
    return tuple(marks)


def _last_mark(marks: tuple[tuple[date, bool], ...], day: date) -> bool:
    latest = False
    for when, value in marks:
        if when > day:
            break
        latest = value
    return latest
