"""FSRS through our functions: pure, no database."""

from datetime import UTC, date, datetime, timedelta

import pytest

from practice import scheduler, statuses

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
    assert statuses.status(None, START) == scheduler.NEW
    card = scheduler.review(None, scheduler.GOOD, START)
    assert statuses.status(card, START) == scheduler.LEARNING
    assert statuses.status(card, card.due) == scheduler.DUE
    while card.stability < scheduler.MASTERED_STABILITY_DAYS:
        card = scheduler.review(card, scheduler.EASY, card.due)
    assert statuses.status(card, card.due - timedelta(days=1)) == scheduler.MASTERED


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


INTERVIEW = date(2026, 6, 30)  # the final week starts on 23 June


def known(stability: float, last: datetime, due: datetime) -> scheduler.Snapshot:
    return scheduler.Snapshot(int(scheduler.fsrs.State.Review), stability, due, last)


def test_a_card_seen_before_the_final_week_and_due_after_the_date_comes_three_days_before():
    last = datetime(2026, 6, 1, 12, tzinfo=UTC)
    card = known(100.0, last, last + timedelta(days=100))
    # 95% recall lasts about 40 days at stability 100: still after the date.
    assert scheduler.days_until_recall(100.0, scheduler.FINAL_WEEK_RETENTION) > 29
    assert scheduler.aimed_due(card, INTERVIEW) == datetime(2026, 6, 27, tzinfo=UTC)
    assert scheduler.aimed_due(card, None) == card.due


def test_a_review_landing_in_the_final_week_or_later_waits_only_for_95_percent():
    last = datetime(2026, 6, 10, 12, tzinfo=UTC)
    card = known(32.8, last, last + timedelta(days=33))
    aimed = scheduler.aimed_due(card, INTERVIEW)
    assert aimed == last + timedelta(days=scheduler.days_until_recall(32.8, 0.95))
    assert datetime(2026, 6, 23, tzinfo=UTC) <= aimed < datetime(2026, 6, 30, tzinfo=UTC)
    assert abs(scheduler.retrievability(card, aimed) - 0.95) < 0.001


def test_the_95_percent_review_is_not_moved_before_the_final_week():
    last = datetime(2026, 6, 16, 12, tzinfo=UTC)
    card = known(3.0, last, datetime(2026, 6, 24, tzinfo=UTC))  # 95% falls on 17 June
    assert scheduler.aimed_due(card, INTERVIEW) == datetime(2026, 6, 23, tzinfo=UTC)


def test_reviews_due_before_the_final_week_and_cards_seen_in_it_are_left_alone():
    early = known(5.0, datetime(2026, 5, 1, tzinfo=UTC), datetime(2026, 5, 6, tzinfo=UTC))
    assert scheduler.aimed_due(early, INTERVIEW) == early.due
    recent = known(100.0, datetime(2026, 6, 25, tzinfo=UTC), datetime(2026, 9, 1, tzinfo=UTC))
    assert scheduler.aimed_due(recent, INTERVIEW) == datetime(2026, 6, 25, tzinfo=UTC) + timedelta(
        days=scheduler.days_until_recall(100.0, 0.95)
    )  # after the date, but seen in the final week: no refresh
