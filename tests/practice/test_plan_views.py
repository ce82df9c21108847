"""Plan pages, following a plan, and today's session, through the test client on a real database."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.utils import timezone

from practice.learners.stamp import latest_review_in_plan
from practice.models import PlanFollow, Quiz, Review
from questions.models import Card, Plan
from questions.sync import sync_bank

pytestmark = pytest.mark.django_db

PLAN = """\
title: SQL and FastAPI
description: A short plan for the tests.
audience: Testers.
sections:
  - title: Databases
    cards: [indexes, isolation]
  - title: FastAPI
    cards:
      - async-handlers
      - id: dependency-injection
        minutes: 3
"""


@pytest.fixture
def plan(synced):
    synced.write("plans/sql-and-fastapi.yml", PLAN)
    assert sync_bank(synced.root).ok
    return Plan.objects.get(slug="sql-and-fastapi")


def follow(client, days=10, minutes=30):
    day = (timezone.now() + timedelta(days=days)).date().isoformat()
    return client.post("/plans/sql-and-fastapi/follow/", {"interview_date": day, "minutes_per_day": minutes})


def test_the_list_shows_each_plan_with_its_size_and_hours(client, plan):
    page = client.get("/plans/").content.decode()
    assert "SQL and FastAPI" in page
    assert "4 cards in 2 sections, about 0.6 hours" in page  # 2+2+2+3 minutes shown, 4 x 3 reviews of 2: 33 minutes


def test_an_unknown_or_archived_plan_is_a_404(client, plan):
    assert client.get("/plans/nope/").status_code == 404
    plan.archived_at = timezone.now()
    plan.save()
    assert client.get("/plans/sql-and-fastapi/").status_code == 404


def test_following_a_plan_anonymously_shows_todays_session(client, plan):
    response = follow(client)
    assert response.status_code == 302 and response["Location"] == "/today/"
    page = client.get("/today/").content.decode()
    assert "On track: 1 new card today." in page  # 4 cards over the 7 days up to 3 before the date
    assert "0 of 1 done" in page
    assert client.get("/plans/sql-and-fastapi/").content.decode().count("0 of 2 seen, 0 mastered") == 2


def test_a_date_in_the_past_or_today_is_refused_with_a_message(client, plan):
    response = follow(client, days=0)
    assert response.status_code == 400
    assert "Pick a day after today" in response.content.decode()


def test_todays_session_starts_as_a_quiz_of_its_cards(client, plan):
    follow(client, minutes=30)
    response = client.post("/today/start/")
    quiz = Quiz.objects.get()
    assert response["Location"] == f"/practice/quiz/{quiz.public_id}/"
    assert quiz.order == "plan"
    assert list(quiz.items.values_list("card__slug", flat=True)) == ["indexes"]


def test_doing_the_session_advances_the_plan_and_tomorrow_fits_again(user_client, user, plan, monkeypatch):
    follow(user_client)
    quiz_url = user_client.post("/today/start/")["Location"]
    quiz = Quiz.objects.get()
    item = quiz.items.get()
    user_client.post(quiz_url + "reveal/")
    user_client.post(quiz_url + "rate/", {"rating": 3, "token": item.token})
    assert Review.objects.filter(user=user).count() == 1
    page = user_client.get("/today/").content.decode()
    assert "1 of 1 done" in page and "Done for today." in page

    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(days=1))
    page = user_client.get("/today/").content.decode()
    assert "On track: 1 new card today." in page
    # One Good leaves a new card in its learning steps, so it is back as a review, with the next new card.
    assert "0 of 2 done" in page and "1 new card and 1 review," in page


def test_falling_behind_says_so(user_client, plan, monkeypatch):
    follow(user_client, days=10, minutes=30)
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(days=2))
    assert "2 days behind: 1 new card a day from now on." in user_client.get("/today/").content.decode()


def test_changing_the_date_keeps_the_history_and_leaving_keeps_ratings(user_client, user, plan):
    follow(user_client, days=10)
    follow(user_client, days=20, minutes=15)
    rows = list(PlanFollow.objects.filter(user=user).order_by("pk").values_list("minutes_per_day", "ended_at"))
    assert [minutes for minutes, _ in rows] == [30, 15]
    assert rows[0][1] is not None and rows[1][1] is None
    user_client.post("/plans/leave/")
    assert not PlanFollow.objects.current().exists()
    assert PlanFollow.objects.count() == 2


def test_an_anonymous_plan_moves_into_the_account_on_sign_up(client, plan):
    follow(client)
    client.post(
        "/accounts/signup/",
        {"username": "newbie", "password1": "a-long-passphrase-42", "password2": "a-long-passphrase-42"},
    )
    assert PlanFollow.objects.current().get().user.username == "newbie"


def test_the_dashboard_draws_the_plan_as_a_burn_up(user_client, plan):
    follow(user_client)
    page = user_client.get("/progress/").content.decode()
    assert 'class="chart burn-up"' in page
    assert page.count('class="burn-line') >= 3
    assert "0 of 4 cards seen and 0 mastered" in page


def test_the_burn_up_is_kept_over_ratings_of_other_cards_and_drawn_again_for_the_plans_own(
    user_client, user, synced, plan
):
    synced.write("databases/sql/outside.md", title="A card outside the plan")
    assert sync_bank(synced.root).ok
    follow(user_client)
    user_client.get("/progress/")
    Review.record(user, Card.objects.get(slug="outside"), rating=3, token="outside")
    assert latest_review_in_plan(user.pk, plan.pk) is None
    assert "0 of 4 cards seen" in user_client.get("/progress/").content.decode()
    review, _, _ = Review.record(user, Card.objects.get(slug="isolation"), rating=3, token="inside")
    assert latest_review_in_plan(user.pk, plan.pk) == review.pk
    assert "1 of 4 cards seen and 0 mastered" in user_client.get("/progress/").content.decode()


def test_today_without_a_plan_points_to_the_plans(client, plan):
    assert "Pick one" in client.get("/today/").content.decode()
    assert client.post("/today/start/").status_code == 404


def test_todays_page_is_kept_only_until_the_person_rates_or_the_plan_changes(user_client, synced, plan):
    follow(user_client)
    page = user_client.get("/today/").content.decode()
    assert "0 of 1 done" in page and ">SQL and FastAPI</a>" in page
    synced.write("plans/sql-and-fastapi.yml", PLAN.replace("title: SQL and FastAPI", "title: SQL, then FastAPI"))
    assert sync_bank(synced.root).ok
    assert ">SQL, then FastAPI</a>" in user_client.get("/today/").content.decode()
    quiz_url = user_client.post("/today/start/")["Location"]
    item = Quiz.objects.get().items.get()
    user_client.post(quiz_url + "reveal/")
    user_client.post(quiz_url + "rate/", {"rating": 3, "token": item.token})
    page = user_client.get("/today/").content.decode()
    assert "1 of 1 done" in page
    caches["default"].clear()  # the days ahead, drawn afresh, are the ones kept
    assert days_ahead(page) == days_ahead(user_client.get("/today/").content.decode())
    follow(user_client, days=20)  # a new date: more days ahead, drawn at once
    page = user_client.get("/today/").content.decode()
    assert days_ahead(page).count("<tr>") == 21  # the head and the days up to the one before the interview
    caches["default"].clear()
    assert days_ahead(page) == days_ahead(user_client.get("/today/").content.decode())


def days_ahead(page: str) -> str:
    return page[page.index('<table class="plan-days">') : page.index("</table>", page.index('class="plan-days"'))]
