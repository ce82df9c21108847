import pytest
from django.contrib.auth.models import User

from practice.tokens import new_token


@pytest.fixture
def user(db):
    return User.objects.create_user("ada", "ada@example.com", "correct-horse-battery")


@pytest.fixture
def other_user(db):
    return User.objects.create_user("bob", "bob@example.com", "another-long-passphrase")


@pytest.fixture
def user_client(client, user):
    client.force_login(user)
    return client


def rate(client, slug: str, rating: int, token: str | None = None, htmx: bool = True):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        f"/practice/cards/{slug}/rate/", {"rating": rating, "token": token or new_token()}, headers=headers
    )
