"""The account page: what is kept about the person, and links to export, import, delete and change it."""

import pytest

from practice.models import Bookmark, Review
from questions.models import Card

pytestmark = pytest.mark.django_db


def test_it_lists_what_is_kept_and_links_every_way_out(ada_client, ada, synced):
    card = Card.objects.first()
    Review.record(ada, card, rating=3, token="one")
    Bookmark.objects.create(user=ada, card=card)
    body = ada_client.get("/accounts/").content.decode()
    assert "ada@example.com" in body
    assert '<th scope="row">Reviews</th><td>1</td>' in body
    assert '<th scope="row">Bookmarks</th><td>1</td>' in body
    for link in ("/progress/export.json", "/progress/reviews.csv", "/progress/#data-heading", "/accounts/delete/"):
        assert f'href="{link}"' in body
    assert 'href="/accounts/email/"' in body
    assert 'href="/accounts/password/"' in body


def test_without_an_address_it_says_why_to_add_one(ada_client, ada):
    ada.email = ""
    ada.save()
    body = ada_client.get("/accounts/").content.decode()
    assert "so that a forgotten password can be reset" in body
    assert '<th scope="row">Log-in records (time, address and browser)</th><td>1</td>' in body
    assert "Reviews" not in body


def test_the_header_links_to_the_account_for_signed_in_people_only(client, ada_client):
    assert 'href="/accounts/"' in ada_client.get("/accounts/login/").content.decode()
    ada_client.post("/accounts/logout/")
    assert 'href="/accounts/"' not in client.get("/accounts/login/").content.decode()


def test_the_page_needs_a_log_in(client, db):
    assert client.get("/accounts/")["Location"] == "/accounts/login/?next=/accounts/"
