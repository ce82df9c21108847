import pytest
from django.contrib.auth.models import User
from django.test import Client

from api.models import AccessToken


@pytest.fixture
def ada(db):
    return User.objects.create_user("ada", password="a-long-password-for-ada")


@pytest.fixture
def ada_token(ada) -> str:
    _, secret = AccessToken.issue(ada, "tests")
    return secret


@pytest.fixture
def api(ada_token) -> Client:
    """A client that speaks to the API with Ada's personal access token, and no session."""
    return Client(headers={"Authorization": f"Bearer {ada_token}"})


def detail(response) -> str:
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return response.json()["detail"]
