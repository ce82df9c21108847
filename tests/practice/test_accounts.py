"""Sign up, log in, log out, password change, and anonymous practice moving into the account."""

import pytest
from django.contrib.auth.models import User

from practice.learners import SESSION_KEY
from practice.models import Review, Schedule
from practice.tokens import new_token

from .conftest import rate

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-passphrase-2026"


def sign_up(client, username="carol"):
    return client.post("/accounts/signup/", {"username": username, "password1": PASSWORD, "password2": PASSWORD})


def test_signing_up_logs_in_and_the_header_says_who(client, db):
    response = sign_up(client)
    assert response.status_code == 302
    body = client.get("/").content.decode()
    assert "Signed in as <strong>carol</strong>" in body


def test_sign_up_errors_are_shown_and_nothing_is_created(client, db):
    response = client.post("/accounts/signup/", {"username": "carol", "password1": "x", "password2": "y"})
    assert response.status_code == 200
    assert "The two password fields didn’t match." in response.content.decode()
    assert not User.objects.exists()


def test_log_in_and_log_out(client, user):
    response = client.post("/accounts/login/", {"username": "ada", "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert "Signed in as" in client.get("/").content.decode()
    assert client.get("/accounts/logout/").status_code == 405  # logging out takes a POST
    client.post("/accounts/logout/")
    assert "Log in" in client.get("/").content.decode()


def test_a_wrong_password_says_so(client, user):
    response = client.post("/accounts/login/", {"username": "ada", "password": "wrong"})
    assert "Please enter a correct username and password." in response.content.decode()


def test_password_change(user_client):
    response = user_client.post(
        "/accounts/password/",
        {"old_password": "correct-horse-battery", "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert response["Location"] == "/accounts/password/done/"
    assert User.objects.get(username="ada").check_password(PASSWORD)


def test_anonymous_practice_moves_into_a_new_account_once(client, synced):
    rate(client, "indexes", 3)
    rate(client, "indexes", 1)
    rate(client, "isolation", 4)
    sign_up(client)
    user = User.objects.get(username="carol")
    assert list(Review.objects.filter(user=user).values_list("card__slug", "rating")) == [
        ("indexes", 3),
        ("indexes", 1),
        ("isolation", 4),
    ]
    assert Schedule.objects.get(user=user, card__slug="indexes").review_count == 2
    assert SESSION_KEY not in client.session

    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"username": "carol", "password": PASSWORD})
    assert Review.objects.filter(user=user).count() == 3


def test_logging_in_merges_without_duplicating_a_retried_rating(client, user, synced):
    token = new_token()
    rate(client, "indexes", 3, token)
    client.post("/accounts/login/", {"username": "ada", "password": "correct-horse-battery"})
    rate(client, "indexes", 3, token)  # the same form posted again, now signed in
    assert Review.objects.filter(user=user).count() == 1
