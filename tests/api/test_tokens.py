"""Personal access tokens: made on the account's token page, shown once, stored hashed, revocable."""

import hashlib

import pytest
from django.contrib.auth.models import User
from django.test import Client

from api.models import AccessToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada_client(ada):
    client = Client()
    client.force_login(ada)
    return client


def make(client, name="phone app"):
    return client.post("/accounts/tokens/", {"name": name})


def test_a_new_token_is_shown_once_and_only_its_hash_is_kept(ada_client, ada):
    response = make(ada_client)
    assert response.status_code == 201 and response["Cache-Control"] == "no-store"
    token = AccessToken.objects.get(user=ada)
    secret = response.context["secret"]
    assert secret.startswith("qbt_") and len(secret) > 40
    assert secret in response.content.decode()
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(AccessToken.objects.values_list().get())
    page = ada_client.get("/accounts/tokens/").content.decode()
    assert secret not in page and token.hint in page and "phone app" in page


def test_the_token_works_until_it_is_revoked(ada_client, ada, synced):
    secret = make(ada_client).context["secret"]
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    assert api.get("/api/v1/me/due").status_code == 200
    assert AccessToken.objects.get().last_used_at is not None
    token = AccessToken.objects.get()
    response = ada_client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert api.get("/api/v1/me/due").status_code == 401
    assert "Revoked " in ada_client.get("/accounts/tokens/").content.decode()


def test_someone_elses_token_cannot_be_revoked(ada_client, synced):
    bob = User.objects.create_user("bob")
    token, secret = AccessToken.issue(bob, "bob's script")
    assert ada_client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert Client(headers={"Authorization": f"Bearer {secret}"}).get("/api/v1/me/due").status_code == 200


def test_the_page_needs_an_account(synced):
    response = Client().get("/accounts/tokens/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Client().post("/accounts/tokens/", {"name": "x"}).status_code == 302
    assert not AccessToken.objects.exists()


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_a_token_needs_a_sensible_name(ada_client, name):
    response = make(ada_client, name)
    assert response.status_code == 400 and not AccessToken.objects.exists()


def test_an_inactive_persons_token_stops_working(ada, ada_token, synced):
    ada.is_active = False
    ada.save()
    assert Client(headers={"Authorization": f"Bearer {ada_token}"}).get("/api/v1/me/due").status_code == 401


@pytest.mark.parametrize("header", ["Bearer", "Bearer ", "Bearer qbt_nope", "Basic YTpi", "Bearer " + "x" * 5000])
def test_malformed_credentials_are_refused_as_json(header, synced):
    response = Client(headers={"Authorization": header}).get("/api/v1/me/due")
    assert response.status_code == 401 and response.json()["detail"]


def test_the_account_page_links_the_tokens_and_deleting_the_account_removes_them(ada_client, ada, ada_token):
    assert "/accounts/tokens/" in ada_client.get("/accounts/").content.decode()
    assert "Access tokens" in ada_client.get("/accounts/").content.decode()
    ada.delete()
    assert not AccessToken.objects.exists()
