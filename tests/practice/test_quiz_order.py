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


GROUPS = {n: (f"topic-{n // 10}", ("easy", "medium", "hard")[n % 3]) for n in range(40)}  # 4 topics in bank order


def test_new_cards_take_turns_between_topics_and_difficulties():
    chosen = order_cards(list(GROUPS), {}, "new", 8, NOW, random.Random(1), groups=GROUPS)
    assert {GROUPS[c][0] for c in chosen[:4]} == {"topic-0", "topic-1", "topic-2", "topic-3"}
    assert {GROUPS[c][0] for c in chosen[4:8]} == {"topic-0", "topic-1", "topic-2", "topic-3"}
    assert len({GROUPS[c][1] for c in chosen}) == 3


def test_the_interleaving_is_the_same_for_the_same_seed_and_differs_between_seeds():
    orders = [order_cards(list(GROUPS), {}, "due", 10, NOW, random.Random(seed), groups=GROUPS) for seed in (5, 5, 6)]
    assert orders[0] == orders[1] != orders[2]


def test_the_interview_order_mixes_topics_when_every_card_is_new():
    interview = NOW + timedelta(days=10)
    chosen = order_cards(
        list(GROUPS), {}, "interview", 10, NOW, random.Random(2), interview_at=interview, groups=GROUPS
    )
    assert len({GROUPS[c][0] for c in chosen}) == 4


def test_interleaving_keeps_due_cards_first_and_the_weakest_ahead_of_known_ones():
    states = {3: state(30), 17: state(0)}
    chosen = order_cards(list(GROUPS), states, "due", 40, NOW, random.Random(3), groups=GROUPS)
    assert chosen[0] == 3 and chosen[-1] == 17
    weakest = order_cards(list(GROUPS), {17: state(0)}, "weakest", 40, NOW, random.Random(3), groups=GROUPS)
    assert weakest[-1] == 17
