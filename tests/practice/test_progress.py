"""Dashboard figures as pure functions, against hand-computed answers."""

from datetime import UTC, date, datetime, timedelta

from practice import progress, scheduler
from practice.scheduler import SCHEDULER

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


def test_due_forecast_puts_overdue_cards_on_today():
    dues = [
        TODAY - timedelta(days=3),
        TODAY,
        TODAY + timedelta(days=2),
        TODAY + timedelta(days=2),
        TODAY + timedelta(days=40),
    ]
    forecast = progress.due_forecast(dues, TODAY)
    assert len(forecast) == 30
    assert forecast[0] == (TODAY, 2)
    assert forecast[2] == (TODAY + timedelta(days=2), 2)
    assert sum(count for _, count in forecast) == 4


def test_streaks_count_today_or_yesterday_and_the_longest_run():
    days = {TODAY - timedelta(days=n) for n in (1, 2, 3, 10, 11, 12, 13, 14)}
    assert progress.streaks(days, TODAY) == (3, 5)
    assert progress.streaks(days | {TODAY}, TODAY) == (4, 5)
    assert progress.streaks({TODAY - timedelta(days=5)}, TODAY) == (0, 1)
    assert progress.streaks(set(), TODAY) == (0, 0)


def test_true_retention_counts_only_reviews_of_cards_in_review_state():
    start = NOW - timedelta(days=60)
    card = scheduler.review(None, scheduler.GOOD, start)
    card = scheduler.review(card, scheduler.GOOD, card.due)  # now in review state
    log = [(scheduler.GOOD, start), (scheduler.GOOD, card.due)]
    first = (
        card.due + timedelta(days=1)
        if card.due + timedelta(days=1) > NOW - timedelta(days=30)
        else NOW - timedelta(days=20)
    )
    log += [
        (scheduler.AGAIN, first),
        (scheduler.GOOD, first + timedelta(minutes=20)),
        (scheduler.GOOD, first + timedelta(days=5)),
    ]
    since = NOW - timedelta(days=30)
    share, counted = progress.true_retention([[(rating, when >= since) for rating, when in log]])
    # after the Again the card relearns; the Good 20 minutes later is a relearning review, not counted
    assert counted == 2
    assert share == 0.5


def test_mastery_by_topic_splits_new_learning_and_mastered():
    learning = scheduler.review(None, scheduler.GOOD, NOW)
    mastered = learning
    while mastered.stability < scheduler.MASTERED_STABILITY_DAYS:
        mastered = scheduler.review(mastered, scheduler.EASY, mastered.due)
    cards = [(1, "sql"), (2, "sql"), (3, "sql"), (4, "git")]
    result = progress.mastery_by_topic(cards, {1: learning, 2: mastered})
    assert result["sql"] == {"new": 1, "learning": 1, "mastered": 1}
    assert result["git"] == {"new": 1}


def test_readiness_is_the_mean_of_fsrs_retrievability_on_the_day():
    a = scheduler.review(None, scheduler.GOOD, NOW - timedelta(days=2))
    b = scheduler.review(None, scheduler.EASY, NOW - timedelta(days=1))
    day = TODAY + timedelta(days=10)
    at = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    expected_sql = (SCHEDULER.get_card_retrievability(a, at) + SCHEDULER.get_card_retrievability(b, at)) / 2
    result = progress.readiness([(1, "sql"), (2, "sql"), (3, "git")], {1: a, 2: b}, day)
    assert abs(result["sql"] - expected_sql) < 1e-12
    assert result["git"] == 0.0
