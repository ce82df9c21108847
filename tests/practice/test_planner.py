"""The planner as pure functions: hand-computed layouts, then properties over random logs."""

import math
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from practice import scheduler
from practice.planner import (
    DEFAULT_SECONDS_PER_CARD,
    PlanCard,
    cards_seen_before,
    late_cards,
    lay_out,
    minutes_to_fit,
    pace_note,
    seconds_per_card,
    states_before,
)

START = date(2026, 3, 2)
THIRTY = [PlanCard(n) for n in range(1, 31)]


def test_thirty_cards_over_ten_days_at_twenty_minutes():
    # 20 minutes at the default 2 minutes a card is 10 cards a day. Spread
    # evenly (5 a day over the 7 days up to 3 days before the date) the
    # reviews of the first cards crowd out the last ones, so the planner
    # introduces as many as fit instead. A card rated Good once is still in
    # its learning steps (due again in 10 minutes), so it comes back in the
    # next day's session; rated Good again it graduates with a stability of
    # 7.3 days, which the final week's 95% rule brings forward to 3 days.
    layout = lay_out(THIRTY, START + timedelta(days=10), 20, DEFAULT_SECONDS_PER_CARD, {}, START)
    assert [day.day for day in layout.days] == [START + timedelta(days=n) for n in range(10)]
    assert [len(day.new) for day in layout.days] == [10, 0, 10, 0, 0, 10, 0, 0, 0, 0]
    first, second, third = tuple(range(1, 11)), tuple(range(11, 21)), tuple(range(21, 31))
    assert layout.days[0].new == first
    assert [day.reviews for day in layout.days[1:8]] == [first, (), second, first, (), second, third]
    assert all(day.seconds <= 20 * 60 for day in layout.days)
    assert layout.unplaced == () and late_cards(layout) == 0
    assert layout.last_new_day == START + timedelta(days=6)


def test_a_card_in_its_learning_steps_is_forecast_for_the_next_session():
    layout = lay_out(THIRTY[:1], START + timedelta(days=30), 20, DEFAULT_SECONDS_PER_CARD, {}, START)
    assert layout.days[0].new == (1,)
    assert layout.days[1].reviews == (1,)  # the learning step the quiz did not show again yesterday
    # Good again, it graduates: FSRS's interval for a stability of 7.3 days is 7 days.
    assert [day.day for day in layout.days if day.reviews][1] == START + timedelta(days=1 + 7)


def test_with_time_to_spare_new_cards_are_spread_evenly():
    layout = lay_out(THIRTY, START + timedelta(days=10), 60, DEFAULT_SECONDS_PER_CARD, {}, START)
    # ceil(30 / 7) = 5, ceil(25 / 6) = 5, ceil(20 / 5) = 4, then 4 a day.
    assert [len(day.new) for day in layout.days] == [5, 5, 4, 4, 4, 4, 4, 0, 0, 0]


def test_falling_two_days_behind_reflows_the_rest():
    interview = START + timedelta(days=10)
    baseline = lay_out(THIRTY, interview, 60, DEFAULT_SECONDS_PER_CARD, {}, START)
    planned = [baseline.introduced_through(day.day) for day in baseline.days]
    today = START + timedelta(days=2)
    layout = lay_out(THIRTY, interview, 60, DEFAULT_SECONDS_PER_CARD, {}, today)
    # Nothing seen yet: 30 cards over the 5 days to 3 days before the date.
    assert [len(day.new) for day in layout.days] == [6, 6, 6, 6, 6, 0, 0, 0]
    assert pace_note(planned, 2, 0, len(layout.today.new)) == "2 days behind: 6 new cards a day from now on."


def test_pace_notes_for_ahead_and_on_track():
    planned = [5, 10, 14, 18, 22, 26, 30, 30, 30, 30]
    assert pace_note(planned, 2, 18, 3) == "2 days ahead: 3 new cards a day from now on."
    assert pace_note(planned, 2, 10, 4) == "On track: 4 new cards today."
    assert pace_note(planned, 0, 0, 5) == "On track: 5 new cards today."
    assert pace_note(planned, 3, 9, 1) == "2 days behind: 1 new card a day from now on."  # day 0 is done
    assert pace_note(planned, 3, 4, 1) == "3 days behind: 1 new card a day from now on."


def test_an_interview_tomorrow_is_one_day_with_what_fits():
    layout = lay_out(THIRTY, START + timedelta(days=1), 20, DEFAULT_SECONDS_PER_CARD, {}, START)
    assert len(layout.days) == 1
    assert layout.today.new == tuple(range(1, 11))
    assert layout.unplaced == tuple(range(11, 31))
    assert late_cards(layout) == 20
    assert minutes_to_fit(THIRTY, START + timedelta(days=1), DEFAULT_SECONDS_PER_CARD, {}, START) == 60


def test_a_date_in_the_past_is_a_clear_message():
    layout = lay_out(THIRTY, START - timedelta(days=1), 20, DEFAULT_SECONDS_PER_CARD, {}, START)
    assert layout.days == ()
    assert layout.error == "Your interview date, 1 Mar 2026, has passed: pick a new date to plan for."


def test_cards_already_seen_are_reviews_when_due_never_new():
    seen = scheduler.review(None, scheduler.GOOD, datetime.combine(START - timedelta(days=3), time(9), tzinfo=UTC))
    layout = lay_out(THIRTY[:3], START + timedelta(days=10), 20, 60, {1: seen}, START)
    assert layout.today.reviews == (1,)  # a learning step, overdue
    assert 1 not in [card for day in layout.days for card in day.new]


def test_a_plans_own_minutes_count_for_first_showings():
    cards = [PlanCard(1, minutes=10), PlanCard(2, minutes=10), PlanCard(3)]
    layout = lay_out(cards, START + timedelta(days=1), 15, 60, {}, START)
    # 10 minutes, still under 15, so a second card: one card over at most.
    assert layout.today.new == (1, 2)
    assert layout.today.seconds == 20 * 60


def test_seconds_per_card_is_the_median_of_measured_reviews():
    assert seconds_per_card([]) == DEFAULT_SECONDS_PER_CARD
    assert seconds_per_card([30, 40, 0, 0, 50]) == DEFAULT_SECONDS_PER_CARD  # three measured: too few
    assert seconds_per_card([30, 40, 50, 60, 3000, 70]) == 50  # the hour-long one is not a measurement


# Properties over random logs.

logs = st.lists(st.tuples(st.integers(1, 40), st.sampled_from([1, 2, 3, 4]), st.integers(-40, -1)), max_size=120)


def states_from(log: list[tuple[int, int, int]]) -> dict:
    by_card: dict[int, list] = {}
    for card, rating, offset in log:
        when = datetime.combine(START + timedelta(days=offset), time(12), tzinfo=UTC)
        by_card.setdefault(card, []).append((rating, when))
    return {card: scheduler.replay(ratings) for card, ratings in by_card.items()}


plans = st.lists(
    st.builds(PlanCard, st.integers(1, 60), st.one_of(st.none(), st.integers(1, 10))),
    min_size=1,
    max_size=40,
    unique_by=lambda card: card.card_id,
)


@settings(max_examples=150, deadline=None)
@given(plan=plans, log=logs, days=st.integers(0, 30), minutes=st.integers(1, 120), seconds=st.integers(10, 300))
def test_no_day_goes_over_budget_by_more_than_one_card(plan, log, days, minutes, seconds):
    layout = lay_out(plan, START + timedelta(days=days), minutes, seconds, states_from(log), START)
    largest = max([seconds] + [card.minutes * 60 for card in plan if card.minutes])
    for day in layout.days:
        assert day.seconds < minutes * 60 + largest


@settings(max_examples=150, deadline=None)
@given(plan=plans, log=logs, days=st.integers(0, 30), minutes=st.integers(1, 120), seconds=st.integers(10, 300))
def test_cards_are_left_out_only_when_every_day_is_full(plan, log, days, minutes, seconds):
    states = states_from(log)
    layout = lay_out(plan, START + timedelta(days=days), minutes, seconds, states, START)
    new = [card for day in layout.days for card in day.new]
    expected = [card.card_id for card in plan if card.card_id not in states]
    assert new + list(layout.unplaced) == expected  # each new card once, in plan order
    if layout.unplaced:
        assert all(day.seconds >= minutes * 60 for day in layout.days)


@settings(max_examples=100, deadline=None)
@given(plan=plans, log=logs, days=st.integers(1, 30), seconds=st.integers(10, 300))
def test_when_the_minutes_allow_every_card_is_introduced_before_the_date(plan, log, days, seconds):
    # Enough for every plan card as a review and as a new card on the same day.
    largest = max([seconds] + [card.minutes * 60 for card in plan if card.minutes])
    minutes = math.ceil(2 * len(plan) * largest / 60) + 1
    interview = START + timedelta(days=days)
    layout = lay_out(plan, interview, minutes, seconds, states_from(log), START)
    assert layout.unplaced == ()
    assert late_cards(layout) == 0
    assert all(day.day < interview or days == 0 for day in layout.days if day.new)
    if days > 2 * 3:
        assert all(day.day <= interview - timedelta(days=4) for day in layout.days if day.new)


def test_cards_seen_before_counts_what_states_before_would_replay():
    start = datetime(2026, 1, 1, tzinfo=UTC)
    log = [
        (1, 3, start),
        (2, 1, start + timedelta(days=1)),
        (1, 4, start + timedelta(days=2)),
        (3, 3, start + timedelta(days=3)),
    ]
    for moment in (start, start + timedelta(hours=1), start + timedelta(days=2, hours=1), start + timedelta(days=9)):
        assert cards_seen_before(log, moment) == len(states_before(log, moment))
    assert cards_seen_before(log, start + timedelta(days=2, hours=1)) == 2
