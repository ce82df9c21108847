"""Whole public pages served from the cache until the bank changes."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from questions.models import BankVersion
from questions.pagecache import bank_version
from questions.sync import sync_bank

CARD = "/questions/async-handlers/"


def test_it_gives_every_visitor_the_same_bytes_from_the_cache(synced, django_assert_num_queries):
    first = Client().get(CARD)
    with django_assert_num_queries(1):  # the bank's version; tests ask for it on every request
        second = Client().get(CARD)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert "When should a FastAPI handler be async?" in second.content.decode()
    assert second["ETag"] and "Cookie" in second["Vary"]


def test_it_shows_an_edited_card_after_the_sync(client, synced):
    assert "When should a FastAPI handler be async?" in client.get(CARD).content.decode()
    path = synced.root / "python/fastapi/async-handlers.md"
    path.write_text(path.read_text().replace("When should a FastAPI handler be async?", "Async or not?"))
    assert sync_bank(synced.root).updated == ["async-handlers"]
    body = client.get(CARD).content.decode()
    assert "Async or not?" in body and "When should a FastAPI handler be async?" not in body
    assert "Async or not?" in client.get("/questions/").content.decode()


def test_a_sync_that_changes_nothing_keeps_the_cached_pages(client, synced, django_assert_num_queries):
    client.get(CARD)
    before = bank_version()
    assert sync_bank(synced.root).unchanged
    assert bank_version() == before
    with django_assert_num_queries(1):
        assert client.get(CARD).status_code == 200


def test_an_archived_card_is_gone_from_cached_lists(client, synced):
    assert "What are isolation levels?" in client.get("/questions/").content.decode()
    (synced.root / "databases/sql/isolation.md").unlink()
    sync_bank(synced.root)
    assert "What are isolation levels?" not in client.get("/questions/").content.decode()
    assert client.get("/questions/isolation/").status_code == 410


def test_a_signed_in_person_never_gets_a_visitors_page_or_the_reverse(synced):
    ada = User.objects.create_user("ada", password="a-long-password-1")
    visitor = Client()
    assert "Log in" in visitor.get(CARD).content.decode()
    person = Client()
    person.force_login(ada)
    body = person.get(CARD).content.decode()
    assert "Signed in as <strong>ada</strong>" in body and "X-CSRFToken" in body
    body = visitor.get(CARD).content.decode()
    assert "Signed in as" not in body and "csrfmiddlewaretoken" not in body


def test_the_show_answers_preference_is_part_of_the_key(client, synced):
    assert '<details class="answer-toggle" id="answer">' in client.get(CARD).content.decode()
    client.cookies["qb_show_answers"] = "1"
    assert '<details class="answer-toggle" id="answer" open>' in client.get(CARD).content.decode()
    del client.cookies["qb_show_answers"]
    assert '<details class="answer-toggle" id="answer">' in client.get(CARD).content.decode()


def test_the_htmx_fragment_and_the_full_page_are_kept_apart(client, synced):
    full = client.get("/questions/?tag=sql")
    fragment = client.get("/questions/?tag=sql", headers={"HX-Request": "true"})
    assert b"<html" in full.content and b"<html" not in fragment.content
    assert b"<html" in client.get("/questions/?tag=sql").content
    restored = client.get("/questions/?tag=sql", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert b"<html" in restored.content


def test_a_browser_with_the_page_gets_304(client, synced):
    etag = client.get(CARD)["ETag"]
    response = client.get(CARD, headers={"If-None-Match": etag})
    assert (response.status_code, response.content, response["ETag"]) == (304, b"", etag)
    assert client.get(CARD, headers={"If-None-Match": '"something-else"'}).status_code == 200


@pytest.mark.parametrize("cookie", ["sessionid", "messages", "anything"])
def test_a_request_with_other_cookies_is_rendered_fresh(client, synced, cookie):
    client.get(CARD)
    client.cookies[cookie] = "x"
    with CaptureQueriesContext(connection) as queries:
        assert client.get(CARD).status_code == 200
    assert any("questions_card" in query["sql"] for query in queries.captured_queries)


def test_errors_and_redirects_are_not_cached(client, synced):
    assert client.get("/questions/no-such-card/").status_code == 404
    assert client.get("/questions/old-async-handlers/").status_code == 301
    synced.write("misc/no-such-card.md", title="Now it exists")
    sync_bank(synced.root)
    assert client.get("/questions/no-such-card/").status_code == 200


def test_a_sync_in_this_process_shows_at_once_even_between_checks(
    client, synced, settings, django_capture_on_commit_callbacks
):
    settings.QUESTIONBANK_BANK_VERSION_CHECK_SECONDS = 3600
    client.get(CARD)
    path = synced.root / "python/fastapi/async-handlers.md"
    path.write_text(path.read_text().replace("When should a FastAPI handler be async?", "Async or not?"))
    with django_capture_on_commit_callbacks(execute=True):
        sync_bank(synced.root)
    assert "Async or not?" in client.get(CARD).content.decode()


def test_between_checks_a_process_keeps_its_token(client, synced, settings):
    """Another process's sync is seen at the next check, not before: the price of not asking every request."""
    settings.QUESTIONBANK_BANK_VERSION_CHECK_SECONDS = 3600
    seen = bank_version()
    BankVersion.objects.filter(pk=1).update(token="changed-elsewhere")
    assert bank_version() == seen
    settings.QUESTIONBANK_BANK_VERSION_CHECK_SECONDS = 0
    assert bank_version() == "changed-elsewhere"
