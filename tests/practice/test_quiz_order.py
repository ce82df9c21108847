"""Quiz ordering as a pure function."""

import random
from datetime import UTC, datetime, timedelta

from practice import scheduler
from practice.quiz import order_cards

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def state(days_ago: float, rating: int = scheduler.GOOD):
    return scheduler.review(None, rating, NOW - timedelta(days=days_ago))


def test_due_first_puts_overdue_cards_first_then_new_then_the_rest():
    states = {1: state(0), 2: state(30), 3: state(10)}
    assert order_cards([1, 2, 3, 4, 5], states, "due", 10, NOW) == [2, 3, 4, 5, 1]


def test_new_only_keeps_unseen_cards_in_bank_order():
    assert order_cards([1, 2, 3, 4], {2: state(1)}, "new", 10, NOW) == [1, 3, 4]


def test_weakest_first_orders_by_recall_with_new_cards_first():
    strong = scheduler.review(state(3, scheduler.EASY), scheduler.EASY, NOW - timedelta(days=1))
    weak = state(20, scheduler.AGAIN)
    assert order_cards([1, 2, 3], {1: strong, 2: weak}, "weakest", 10, NOW) == [3, 2, 1]


def test_random_is_a_shuffle_of_the_scope_cut_to_size():
    chosen = order_cards(list(range(20)), {}, "random", 5, NOW, random.Random(7))
    assert len(chosen) == 5 and len(set(chosen)) == 5
    assert chosen != list(range(5))
