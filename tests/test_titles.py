"""Titles may quote code in backticks: code on pages, plain words wherever HTML is not."""

import pytest

from practice.models import Quiz
from questions.models import Card
from questions.sync import sync_bank
from questions.titles import plain_title, title_html

pytestmark = pytest.mark.django_db

TITLE = "What does `select_related` do, and is `<b>` safe?"


def test_quoted_parts_become_code_and_everything_is_escaped():
    assert title_html(TITLE) == "What does <code>select_related</code> do, and is <code>&lt;b&gt;</code> safe?"
    assert title_html("a <script> `x") == "a &lt;script&gt; `x"
    assert plain_title(TITLE) == "What does select_related do, and is <b> safe?"


@pytest.fixture
def code_title(bank, db):
    bank.write("python/django/sr.md", title=f'"{TITLE}"', tags="[django]")
    bank.write("python/django/other.md", title="Another one", tags="[django]")
    sync_bank(bank.root)
    return Card.objects.get(slug="sr")


def test_the_card_page_shows_code_in_the_heading_and_plain_text_in_the_title(client, code_title):
    body = client.get(code_title.get_absolute_url()).content.decode()
    assert (
        '<h1 id="card-title">What does <code>select_related</code> do, and is <code>&lt;b&gt;</code> safe?</h1>' in body
    )
    assert "<title>What does select_related do, and is &lt;b&gt; safe? · Question Bank</title>" in body
    assert "`" not in body.split("<title>")[1].split("</title>")[0]


def test_browse_and_search_results_show_code(client, code_title):
    for url in ("/questions/", "/questions/?q=select_related"):
        body = client.get(url).content.decode()
        assert "What does <code>select_related</code> do" in body, url


def test_the_quiz_shows_code(client, code_title):
    data = {"order": "due", "mode": "quiz", "size": 5, "timer_minutes": 3, "tags": "django"}
    quiz_url = client.post("/practice/", data)["Location"]
    seen = []
    for _ in range(2):
        body = client.get(quiz_url).content.decode()
        seen.append("<code>select_related</code>" in body)
        assert "`select_related`" not in body
        client.post(quiz_url + "reveal/")
        item = Quiz.objects.get().current_item()
        client.post(quiz_url + "rate/", {"rating": 3, "token": item.token})
    assert any(seen)


def test_anki_and_text_places_drop_the_backticks(code_title):
    assert str(code_title) == "What does select_related do, and is <b> safe?"
