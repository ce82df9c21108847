"""FSRS through our functions: pure, no database."""

from datetime import UTC, datetime, timedelta

import pytest

from practice import scheduler

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_good_pushes_the_due_date_out_and_again_brings_it_back():
    card = scheduler.review(None, scheduler.GOOD, START)
    card = scheduler.review(card, scheduler.GOOD, card.due)
    after_good = scheduler.review(card, scheduler.GOOD, card.due)
    after_again = scheduler.review(card, scheduler.AGAIN, card.due)
    assert after_good.due - card.due > timedelta(days=5)
    assert after_again.due - card.due < timedelta(hours=1)
    assert after_again.stability < after_good.stability


def test_easy_schedules_further_out_than_hard():
    hard = scheduler.review(None, scheduler.HARD, START)
    easy = scheduler.review(None, scheduler.EASY, START)
    assert easy.due > hard.due


def test_replaying_a_log_equals_reviewing_one_at_a_time():
    ratings = [scheduler.GOOD, scheduler.AGAIN, scheduler.HARD, scheduler.GOOD, scheduler.EASY, scheduler.GOOD]
    card, log, when = None, [], START
    for rating in ratings:
        card = scheduler.review(card, rating, when)
        log.append((rating, when))
        when = card.due + timedelta(hours=3)
    replayed = scheduler.replay(reversed(log))  # order of the input does not matter
    assert replayed.to_dict() | {"card_id": 0} == card.to_dict() | {"card_id": 0}


def test_status_moves_from_new_to_learning_to_due_to_mastered():
    assert scheduler.status(None, START) == scheduler.NEW
    card = scheduler.review(None, scheduler.GOOD, START)
    assert scheduler.status(card, START) == scheduler.LEARNING
    assert scheduler.status(card, card.due) == scheduler.DUE
    while card.stability < scheduler.MASTERED_STABILITY_DAYS:
        card = scheduler.review(card, scheduler.EASY, card.due)
    assert scheduler.status(card, card.due - timedelta(days=1)) == scheduler.MASTERED


def test_retrievability_is_zero_for_a_new_card_and_high_just_after_review():
    assert scheduler.retrievability(None, START) == 0.0
    card = scheduler.review(None, scheduler.EASY, START)
    assert scheduler.retrievability(card, START + timedelta(minutes=1)) > 0.95


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (timedelta(seconds=5), "now"),
        (timedelta(minutes=10), "in 10 minutes"),
        (timedelta(hours=1), "in 1 hour"),
        (timedelta(days=3, hours=2), "in 3 days"),
        (timedelta(days=75), "in 2 months"),
        (timedelta(days=800), "in 2 years"),
    ],
)
def test_due_in_words(delta, words):
    assert scheduler.due_in_words(START + delta, START) == words


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="aware"):
        scheduler.review(None, scheduler.GOOD, datetime(2026, 1, 1))


def test_the_state_machine_matches_fsrs_replay_on_random_logs():
    import random

    rng = random.Random(2026)
    for _ in range(300):
        ratings = [rng.choice([1, 1, 2, 3, 3, 4]) for _ in range(rng.randint(1, 25))]
        card, when, expected = None, START, []
        for rating in ratings:
            expected.append(card.state if card else scheduler.fsrs.State.Learning)
            card = scheduler.review(card, rating, when)
            when += timedelta(minutes=rng.choice([1, 5, 30, 600, 3000, 20000]))
        assert scheduler.states_before(ratings) == expected, ratings
