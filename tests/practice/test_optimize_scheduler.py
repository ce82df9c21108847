"""optimize_scheduler: thresholds, the adopt-only-if-better rule, idempotent re-runs, replayed schedules."""

import io

import fsrs_rs_python
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from practice import fitting, population, scheduler
from practice.models import FittedParameters, Review, Schedule
from practice.rebuilding import rebuild_schedules
from questions.models import Card
from questions.sync import sync_bank

from .conftest import rate

pytestmark = pytest.mark.django_db
CARDS = 90


@pytest.fixture
def big_bank(bank):
    for n in range(CARDS):
        bank.write(f"sim/card-{n}.md", title=f"Simulated question {n}?", difficulty="medium", extra="topic: Sim")
    assert sync_bank(bank.root).ok
    return list(Card.objects.order_by("pk").values_list("pk", flat=True))


def populate(cards, learners=3, days=90, new_per_day=3, seed=7):
    """Simulated learners whose memory follows non-default parameters, written into the log."""
    logs = population.simulate(learners, cards, days=days, new_per_day=new_per_day, seed=seed)
    people = [User.objects.create_user(f"learner{n}") for n in logs]
    Review.objects.bulk_create(
        Review(user=person, card_id=card, rating=rating, reviewed_at=when, token=f"{person.pk}-{i}")
        for person, log in zip(people, logs.values(), strict=True)
        for i, (card, rating, when) in enumerate(log)
    )
    rebuild_schedules()
    return people


def optimize() -> str:
    out = io.StringIO()
    call_command("optimize_scheduler", stdout=out)
    return out.getvalue()


def schedules():
    fields = ("user_id", "card_id", "state", "step", "stability", "difficulty", "due", "last_review", "review_count")
    return sorted(Schedule.objects.values_list(*fields))


def replayed_schedules():
    """Every schedule as a fresh replay of the log gives it, with the person's parameters in use."""
    rows = {}
    for user_id, card_id, rating, when in Review.objects.values_list("user_id", "card_id", "rating", "reviewed_at"):
        rows.setdefault((user_id, card_id), []).append((rating, when))
    result = []
    for (user_id, card_id), ratings in rows.items():
        card = scheduler.replay(ratings, FittedParameters.for_user(user_id))
        result.append(
            (user_id, card_id, int(card.state), card.step, card.stability, card.difficulty, card.due, card.last_review)
        )
    return sorted(result)


def test_too_few_reviews_keep_the_defaults_and_say_so(user_client, synced):
    for slug in ["indexes", "isolation", "indexes"]:
        rate(user_client, slug, 3)
    output = optimize()
    assert "3 reviews, fewer than the 640 a fit needs: defaults kept" in output
    assert "0 of 1 people have the 640 reviews a personal fit needs" in output
    assert not FittedParameters.objects.exists()
    page = user_client.get("/progress/").content.decode()
    assert "FSRS’s default parameters" in page and "Your own need 640 reviews; you have 3." in page


def test_a_population_gets_fitted_parameters_and_a_rerun_changes_nothing(big_bank):
    people = populate(big_bank)
    assert all(Review.objects.filter(user=person).count() >= fitting.MIN_PERSONAL_REVIEWS for person in people)
    defaults = schedules()
    output = optimize()
    site = FittedParameters.objects.get(user=None)
    assert site.adopted and site.log_loss_after < site.log_loss_before, output
    assert site.review_count == Review.objects.count() and site.compared_with == "defaults"
    assert f"[3/3] person {people[-1].pk}:" in output
    assert schedules() != defaults
    assert [row[:8] for row in schedules()] == replayed_schedules()

    after_first = schedules()
    fits = list(FittedParameters.objects.values_list("pk", flat=True))
    output = optimize()
    assert output.count("no new reviews since the fit of") == 4
    assert list(FittedParameters.objects.values_list("pk", flat=True)) == fits
    assert schedules() == after_first


def test_a_fit_that_does_not_beat_the_parameters_in_use_is_not_adopted(big_bank, monkeypatch):
    populate(big_bank, learners=1)
    before = schedules()
    worse = fitting.Fit(
        parameters=population.TRUE_PARAMETERS,
        review_count=Review.objects.count(),
        before=fitting.Scores(log_loss=0.30, rmse=0.05),
        after=fitting.Scores(log_loss=0.31, rmse=0.04),
    )
    monkeypatch.setattr(fitting, "fit", lambda rows, current: worse)
    output = optimize()
    assert "not adopted, defaults parameters kept" in output
    assert not FittedParameters.objects.filter(adopted=True).exists()
    assert FittedParameters.objects.filter(adopted=False).count() == 2  # site-wide and the one person
    assert FittedParameters.for_user(None) is None
    assert schedules() == before


def test_personal_parameters_win_over_the_site_ones_and_the_dashboard_says_so(user_client, user, synced):
    rate(user_client, "indexes", 3)
    site = FittedParameters.objects.create(
        user=None, parameters=list(population.TRUE_PARAMETERS), review_count=900, compared_with="defaults",
        log_loss_before=0.40, log_loss_after=0.38, rmse_before=0.05, rmse_after=0.02, adopted=True,
    )  # fmt: skip
    assert FittedParameters.for_user(user.pk) == population.TRUE_PARAMETERS
    page = user_client.get("/progress/").content.decode()
    assert "site-wide parameters" in page and "fitted on 900 reviews" in page and "5.0% better" in page
    own = list(site.parameters)
    own[20] = 0.2
    FittedParameters.objects.create(
        user=user, parameters=own, review_count=700, compared_with="site",
        log_loss_before=0.38, log_loss_after=0.361, rmse_before=0.02, rmse_after=0.01, adopted=True,
    )  # fmt: skip
    assert FittedParameters.for_user(user.pk) == tuple(own)
    rebuild_schedules([user.pk])  # as the optimizer does on adopting them
    page = user_client.get("/progress/").content.decode()
    assert "your own parameters" in page and "fitted on 700 of your reviews" in page and "5.0% better" in page
    rate(user_client, "indexes", 3)
    schedule = Schedule.objects.get(user=user, card__slug="indexes")
    expected = scheduler.replay(Review.objects.filter(user=user).values_list("rating", "reviewed_at"), own)
    assert (schedule.stability, schedule.due) == (expected.stability, expected.due)
    help_page = user_client.get("/progress/scheduling/")
    assert help_page.status_code == 200 and "latest 20%" in help_page.content.decode()


def test_an_optimizer_for_another_fsrs_version_is_refused(monkeypatch, db):
    monkeypatch.setattr(fsrs_rs_python, "DEFAULT_PARAMETERS", fsrs_rs_python.DEFAULT_PARAMETERS[:19])
    with pytest.raises(fitting.IncompatibleOptimizer, match="fits 19 parameters"):
        optimize()


def test_fitted_values_are_clipped_into_the_bounds_py_fsrs_accepts():
    clipped = fitting.clip([-1.0] * 21)
    assert clipped[0] == 0.001 and clipped[20] == 0.1
    fsrs_scheduler = scheduler.scheduler_for(clipped)
    assert fsrs_scheduler.parameters == clipped
