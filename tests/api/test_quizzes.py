"""Quizzes through the API: the owner's only, every card with its token, ratings in any order and any number of times."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from api.models import AccessToken
from practice.models import Quiz, Review

from .conftest import detail

pytestmark = pytest.mark.django_db


def start(client) -> str:
    response = client.post("/practice/", {"order": "due", "size": 5, "mode": "quiz", "timer_minutes": 3})
    assert response.status_code == 302
    return str(Quiz.objects.latest("created_at").public_id)


@pytest.fixture
def ada_quiz(ada, synced) -> str:
    browser = Client()
    browser.force_login(ada)
    return start(browser)


def send(client, quiz_id, token, rating=3, **extra):
    body = {"token": token, "rating": rating, **extra}
    return client.post(f"/api/v1/quizzes/{quiz_id}/ratings", body, content_type="application/json")


def test_the_quiz_with_every_card_and_its_token(api, ada_quiz, synced):
    quiz = api.get(f"/api/v1/quizzes/{ada_quiz}").json()
    assert (quiz["total"], quiz["rated"], quiz["mode"]) == (4, 0, "quiz")
    assert [item["position"] for item in quiz["items"]] == [0, 1, 2, 3]
    assert all(item["token"] and item["card"]["answer_html"] for item in quiz["items"])


def test_ratings_in_any_order_each_recorded_once(api, ada, ada_quiz, synced):
    items = api.get(f"/api/v1/quizzes/{ada_quiz}").json()["items"]
    tokens = [item["token"] for item in items]
    assert send(api, ada_quiz, tokens[2], 4, rated_at="2020-01-01T00:00:00Z").status_code == 201
    assert send(api, ada_quiz, tokens[0], 1, seconds=42).status_code == 201
    replay = send(api, ada_quiz, tokens[0], 1, seconds=42)
    assert replay.status_code == 200 and replay.json()["created"] is False
    assert Review.objects.filter(user=ada).count() == 2
    first = Review.objects.get(user=ada, token=tokens[0])
    assert (first.rating, first.seconds, first.mode) == (1, 42, "quiz")
    early = Review.objects.get(user=ada, token=tokens[2])
    assert early.reviewed_at >= Quiz.objects.get().created_at  # a time before the quiz began is not believed
    quiz = Quiz.objects.get()
    assert (quiz.rated_count, quiz.current_item().position) == (2, 1)
    for token in tokens[1:2] + tokens[3:]:
        send(api, ada_quiz, token)
    assert send(api, ada_quiz, tokens[3]).json() == {"created": False, "rated": 4, "total": 4, "finished": True}


def test_someone_elses_quiz_is_a_404(ada_quiz, synced):
    bob = User.objects.create_user("bob")
    bob_client = Client()
    bob_client.force_login(bob)
    response = bob_client.get(f"/api/v1/quizzes/{ada_quiz}")
    assert response.status_code == 404 and "no quiz of yours" in detail(response)
    token = Quiz.objects.get().items.first().token
    assert send(bob_client, ada_quiz, token).status_code == 404
    assert not Review.objects.exists()


def test_a_visitor_reaches_the_quizzes_of_their_own_session_only(synced):
    visitor = Client()
    quiz_id = start(visitor)
    token = visitor.get(f"/api/v1/quizzes/{quiz_id}").json()["items"][0]["token"]
    assert send(visitor, quiz_id, token).status_code == 201
    assert send(visitor, quiz_id, token).status_code == 200
    assert len(visitor.session["practice_reviews"]) == 1
    assert Client().get(f"/api/v1/quizzes/{quiz_id}").status_code == 401
    stranger = Client()
    start(stranger)
    assert stranger.get(f"/api/v1/quizzes/{quiz_id}").status_code == 404


def test_a_token_from_another_quiz_or_bad_values_are_refused(api, ada_quiz, synced):
    assert "No card of this quiz" in detail(send(api, ada_quiz, "not-a-token-of-this-quiz"))
    token = Quiz.objects.get().items.first().token
    for extra in ({"rating": 5}, {"seconds": -1}, {"rated_at": "yesterday"}, {"rated_at": "2026-01-01T10:00:00"}):
        response = send(api, ada_quiz, token, **extra)
        assert response.status_code == 400, extra
        assert detail(response)
    assert not Review.objects.exists()


def test_a_token_issued_to_another_person_is_refused_whichever_quiz_it_is_sent_to(ada_quiz, synced):
    bob = User.objects.create_user("bob", password="a-long-password-for-bob")
    _, secret = AccessToken.issue(bob, "tests")
    bob_api = Client(headers={"Authorization": f"Bearer {secret}"})
    browser = Client()
    browser.force_login(bob)
    bob_quiz = start(browser)
    ada_token = Quiz.objects.get(public_id=ada_quiz).items.first().token
    response = send(bob_api, ada_quiz, ada_token)
    assert response.status_code == 404 and "no quiz of yours" in detail(response)
    response = send(bob_api, bob_quiz, ada_token)
    assert response.status_code == 404 and "No card of this quiz" in detail(response)
    assert send(browser, bob_quiz, ada_token).status_code == 404
    assert not Review.objects.exists()
    assert Quiz.objects.get(public_id=ada_quiz).items.filter(rating__isnull=False).count() == 0


def test_a_visitors_quiz_tokens_are_the_accounts_once_they_sign_in(ada, synced):
    visitor = Client()
    quiz_id = start(visitor)
    token = visitor.get(f"/api/v1/quizzes/{quiz_id}").json()["items"][0]["token"]
    signed_in = visitor.post("/accounts/login/", {"username": "ada", "password": "a-long-password-for-ada"})
    assert signed_in.status_code == 302
    assert send(visitor, quiz_id, token).status_code == 201
    assert list(Review.objects.values_list("user__username", "token")) == [("ada", token)]
    stranger = Client()
    stranger.force_login(User.objects.create_user("bob"))
    assert send(stranger, quiz_id, token).status_code == 404
