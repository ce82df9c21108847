"""The card page and its error answers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from questions.models import Card
from questions.sync import sync_bank

pytestmark = pytest.mark.django_db


def test_it_shows_the_card_with_highlighted_code_and_a_table(client, synced):
    response = client.get("/questions/async-handlers/")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<h1 id="card-title">When should a FastAPI handler be async?</h1>' in body
    assert '<span class="k">async</span>' in body
    assert "<table>" in body
    assert 'href="/questions/?tag=fastapi"' in body
    assert "Medium" in body


def test_answers_start_hidden_until_the_person_asks_to_see_them(client, synced):
    body = client.get("/questions/async-handlers/").content.decode()
    assert '<details class="answer-toggle" id="answer">' in body
    client.post("/preferences/show-answers/", {"show": "1", "next": "/questions/async-handlers/"})
    body = client.get("/questions/async-handlers/").content.decode()
    assert '<details class="answer-toggle" id="answer" open>' in body
    assert "Hide answers until I ask" in body


def test_the_preference_redirect_refuses_other_sites(client, synced):
    response = client.post("/preferences/show-answers/", {"show": "1", "next": "https://evil.example/"})
    assert response["Location"] == "/questions/"


def test_the_preference_needs_a_post_but_no_csrf_token(synced):
    """The card page holds no token so that it can be cached; a forged post only flips the preference."""
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.get("/preferences/show-answers/").status_code == 405
    response = strict.post("/preferences/show-answers/", {"show": "1", "next": "https://evil.example/"})
    assert (response.status_code, response["Location"]) == (302, "/questions/")
    assert list(response.cookies) == ["qb_show_answers"]
    assert "csrfmiddlewaretoken" not in strict.get("/questions/async-handlers/").content.decode()


def test_it_links_follow_ups_related_cards_and_neighbours(client, synced):
    response = client.get("/questions/async-handlers/")
    assert [c.slug for c in response.context["follow_ups"]] == ["dependency-injection"]
    assert [c.slug for c in response.context["related"]] == ["dependency-injection"]
    body = response.content.decode()
    assert '<a rel="next" href="/questions/dependency-injection/">' in body
    assert 'rel="prev"' not in body  # the first card of its topic


def test_it_links_to_the_file_for_editing(client, synced, settings):
    settings.QUESTIONBANK_EDIT_URL = "https://code.example/bank/edit/main/content/"
    body = client.get("/questions/indexes/").content.decode()
    assert 'href="https://code.example/bank/edit/main/content/databases/sql/indexes.md"' in body
    assert "Edit this card" in body


def test_an_old_id_redirects_permanently_to_the_current_one(client, synced):
    response = client.get("/questions/old-async-handlers/")
    assert response.status_code == 301
    assert response["Location"] == "/questions/async-handlers/"


def test_the_old_id_redirect_keeps_the_query_string(client, synced):
    response = client.get("/questions/old-async-handlers/?x=1&utm_source=a%20b")
    assert response.status_code == 301
    assert response["Location"] == "/questions/async-handlers/?x=1&utm_source=a%20b"


def test_an_archived_card_is_gone_with_an_explanation(client, synced):
    (synced.root / "databases/sql/isolation.md").unlink()
    sync_bank(synced.root)
    response = client.get("/questions/isolation/")
    assert response.status_code == 410
    assert b"This question was retired" in response.content
    assert b"What are isolation levels?" in response.content


def test_an_unknown_id_is_a_friendly_404(client, synced):
    response = client.get("/questions/no-such-card/")
    assert response.status_code == 404
    assert b"We couldn\xe2\x80\x99t find that page" in response.content
    assert b"There is no card with that id." in response.content


def test_the_page_makes_a_bounded_number_of_queries(client, synced, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get("/questions/async-handlers/")


def test_related_cards_come_from_the_sync_not_a_grouped_query_per_page(client, synced):
    """The sync works out the related cards; a cold card page reads them by key, with no count over the tags."""
    for index in range(60):
        synced.write(f"databases/sql/filler-{index}.md", title=f"Filler {index}", tags=f"[filler{index % 7}, sql]")
    sync_bank(synced.root)
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/questions/indexes/").content.decode()
    assert not [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    assert body.count('href="/questions/filler-') >= 5  # five related, and the neighbour in the topic


def test_card_html_from_a_hostile_file_does_not_run(client, bank, db):
    bank.write("python/evil.md", answer='<script>alert(1)</script><img src=x onerror="alert(2)">Fine.')
    sync_bank(bank.root)
    body = client.get("/questions/evil/").content.decode()
    assert "alert(" not in body
    assert Card.objects.get(slug="evil").answer_html.endswith("Fine.</p>")


def test_pages_forbid_inline_scripts_through_csp(client, synced):
    policy = client.get("/questions/async-handlers/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
