"""In DEBUG the site picks up edited cards on the next request."""

import os

import pytest

from questions import middleware

pytestmark = pytest.mark.django_db


@pytest.fixture
def auto_sync(settings, synced):
    settings.QUESTIONBANK_AUTO_SYNC = True
    middleware._last_fingerprint = None
    return synced


def test_an_edited_card_shows_on_reload(client, auto_sync):
    assert b"How does a B-tree index work?" in client.get("/questions/indexes/").content
    path = auto_sync.write("databases/sql/indexes.md", title="Edited title", difficulty="medium")
    os.utime(path, ns=(1, 1))  # a new mtime even on coarse clocks
    assert b"Edited title" in client.get("/questions/indexes/").content


def test_a_broken_card_shows_its_problems_instead_of_the_page(client, auto_sync):
    client.get("/")
    auto_sync.write("databases/sql/indexes.md", title="Edited", difficulty="medum")
    response = client.get("/questions/indexes/")
    assert response.status_code == 500
    assert b"content/databases/sql/indexes.md:3: unknown difficulty &#x27;medum&#x27;" in response.content
    assert b"Nothing was synced" in response.content


def test_it_does_nothing_when_switched_off(client, settings, synced):
    settings.QUESTIONBANK_AUTO_SYNC = False
    synced.write("databases/sql/indexes.md", title="Edited", difficulty="medum")
    assert client.get("/questions/indexes/").status_code == 200
