"""Public reads: cards with the browse filters and search, one card, topics, tags, plans."""

import pytest
from django.test import Client

from practice.tokens import seconds_on_card

from .conftest import detail

pytestmark = pytest.mark.django_db


def test_anyone_lists_cards_in_the_bank_order_with_their_tags(synced):
    body = Client().get("/api/v1/cards").json()
    assert body["count"] == 4 and body["pages"] == 1
    assert [card["id"] for card in body["results"]] == [
        "indexes",
        "isolation",
        "async-handlers",
        "dependency-injection",
    ]
    first = body["results"][0]
    assert first["tags"] == ["indexes", "sql"] and first["url"] == "/questions/indexes/"
    assert first["topic"] == "databases/sql"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"topic": "python"}, ["async-handlers", "dependency-injection"]),
        ({"tag": ["fastapi", "di"]}, ["dependency-injection"]),
        ({"difficulty": "easy"}, ["isolation"]),
        ({"q": "tag:sql difficulty:medium"}, ["indexes"]),
        ({"q": "B-tree"}, ["indexes"]),
    ],
)
def test_the_browse_filters_and_the_search_language(synced, query, expected):
    body = Client().get("/api/v1/cards", query).json()
    assert [card["id"] for card in body["results"]] == expected


def test_a_text_search_gives_snippets_with_marks(synced):
    result = Client().get("/api/v1/cards", {"q": "context"}).json()["results"][0]
    assert "<mark>context</mark>" in result["snippet"].lower()  # snippets come from the text; titles match apart


def test_pages_of_cards(synced):
    second = Client().get("/api/v1/cards", {"page_size": 3, "page": 2}).json()
    assert (second["count"], second["page"], second["pages"]) == (4, 2, 2)
    assert [card["id"] for card in second["results"]] == ["dependency-injection"]
    assert "only 2 pages" in detail(Client().get("/api/v1/cards", {"page_size": 3, "page": 3}))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"q": "colour:red"}, "Unknown filter “colour:”"),
        ({"page": "first"}, "page"),
        ({"page_size": 1000}, "page_size"),
        ({"page": 0}, "page"),
    ],
)
def test_bad_queries_are_400_with_a_message(synced, query, message):
    response = Client().get("/api/v1/cards", query)
    assert response.status_code == 400
    assert message in detail(response)


def test_one_card_with_its_answer_and_links(synced):
    card = Client().get("/api/v1/cards/async-handlers").json()
    assert card["title"] == "When should a FastAPI handler be async?"
    assert "<table>" in card["answer_html"] and card["prompt_html"] == "<p>Some context.</p>"
    assert card["links"] == ["dependency-injection"]
    assert card["rating_token"] is None  # anonymous callers cannot rate through the API


def test_an_earlier_id_finds_the_card_under_its_current_id(synced):
    assert Client().get("/api/v1/cards/old-async-handlers").json()["id"] == "async-handlers"


def test_a_signed_in_caller_gets_a_working_rating_token(api, synced):
    token = api.get("/api/v1/cards/indexes").json()["rating_token"]
    assert seconds_on_card(token) == 0


def test_an_unknown_or_archived_card_is_a_json_404(synced, bank):
    assert "no card with the id 'nope'" in detail(Client().get("/api/v1/cards/nope"))
    (bank.root / "databases/sql/isolation.md").unlink()
    from questions.sync import sync_bank

    sync_bank(bank.root)
    response = Client().get("/api/v1/cards/isolation")
    assert response.status_code == 404
    assert "isolation" not in [c["id"] for c in Client().get("/api/v1/cards").json()["results"]]


def test_topics_and_tags_with_their_counts(synced):
    topics = Client().get("/api/v1/topics").json()
    assert {"path": "python/fastapi", "name": "Python / FastAPI", "card_count": 2} in topics
    tags = {tag["slug"]: tag["card_count"] for tag in Client().get("/api/v1/tags").json()}
    assert tags["fastapi"] == 2 and tags["sql"] == 2 and tags["di"] == 1


def test_plans_and_one_plan_by_section(synced, bank):
    from questions.sync import sync_bank

    bank.write(
        "plans/backend.yml",
        "title: Backend basics\ndescription: Two weeks of the essentials.\n"
        "sections:\n  - title: Databases\n    cards: [indexes, isolation]\n  - title: APIs\n    cards: [async-handlers]\n",
    )
    assert sync_bank(bank.root).ok
    plans = Client().get("/api/v1/plans").json()
    assert [(plan["id"], plan["card_count"]) for plan in plans] == [("backend", 3)]
    plan = Client().get("/api/v1/plans/backend").json()
    assert plan["sections"] == [
        {"title": "Databases", "cards": ["indexes", "isolation"]},
        {"title": "APIs", "cards": ["async-handlers"]},
    ]
    assert Client().get("/api/v1/plans/nope").status_code == 404


def test_a_revoked_token_is_refused_even_where_no_token_is_needed(api, ada, synced):
    ada.access_tokens.get().revoke()
    response = api.get("/api/v1/cards")
    assert response.status_code == 401
    assert "revoked" in detail(response)
