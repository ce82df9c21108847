"""The browse page: filters, facet counts, htmx fragments, pagination."""

import pytest

from questions.sync import sync_bank

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [card.title for card in response.context["page"].object_list]


def facet_counts(response, name: str) -> dict[str, int]:
    return {facet.value: facet.count for facet in getattr(response.context["facets"], name)}


def test_it_lists_every_active_card(client, synced):
    response = client.get("/questions/")
    assert response.status_code == 200
    assert len(titles(response)) == 4
    assert b"4 questions" in response.content


def test_it_filters_by_tag_and_counts_the_other_facets(client, synced):
    response = client.get("/questions/?tag=fastapi")
    assert titles(response) == ["When should a FastAPI handler be async?", "How does Depends work?"]
    assert facet_counts(response, "difficulties") == {"easy": 0, "medium": 1, "hard": 1}
    assert facet_counts(response, "topics") == {"python/fastapi": 2}
    assert facet_counts(response, "tags")["asyncio"] == 1


def test_several_tags_must_all_match(client, synced):
    response = client.get("/questions/?tag=fastapi&tag=asyncio")
    assert titles(response) == ["When should a FastAPI handler be async?"]


def test_a_facet_counts_its_own_alternatives(client, synced):
    response = client.get("/questions/?difficulty=easy")
    assert titles(response) == ["What are isolation levels?"]
    assert facet_counts(response, "difficulties") == {"easy": 1, "medium": 2, "hard": 1}


def test_it_filters_by_topic_and_its_subtopics(client, synced):
    assert len(titles(client.get("/questions/?topic=python/fastapi"))) == 2
    assert len(titles(client.get("/questions/?topic=python"))) == 2
    assert titles(client.get("/questions/?topic=pyth")) == []


def test_it_searches_title_prompt_and_answer_with_title_matches_first(client, synced):
    synced.write("databases/sql/locks.md", title="Row locks", answer="An index on the key keeps locks narrow.")
    sync_bank(synced.root)
    response = client.get("/questions/?q=index")
    assert titles(response) == ["How does a B-tree index work?", "Row locks"]


def test_search_matches_a_quoted_phrase(client, synced):
    assert titles(client.get('/questions/?q="use async def"')) == ["When should a FastAPI handler be async?"]
    assert titles(client.get('/questions/?q="async use def"')) == []


def test_an_htmx_request_gets_only_the_results_fragment(client, synced):
    response = client.get("/questions/?tag=sql", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results"')
    assert "<html" not in body and "search-form" in body  # hidden inputs point at the form
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_request_gets_the_full_page(client, synced):
    response = client.get("/questions/?tag=sql", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert b"<html" in response.content


def test_an_empty_result_says_how_to_widen_the_search(client, synced):
    response = client.get("/questions/?q=zebra")
    assert b"No questions match" in response.content
    assert b"Nothing matches these filters." in response.content


def test_junk_filters_are_ignored_not_errors(client, synced):
    response = client.get("/questions/?difficulty=impossible&page=abc&tag=")
    assert response.status_code == 200
    assert len(titles(response)) == 4


def test_it_paginates(client, synced, settings):
    settings.QUESTIONBANK_PAGE_SIZE = 3
    first = client.get("/questions/")
    second = client.get("/questions/?page=2")
    beyond = client.get("/questions/?page=99")
    assert len(titles(first)) == 3 and len(titles(second)) == 1
    assert titles(beyond) == titles(second)
    assert b'rel="next" href="/questions/?page=2"' in first.content


def test_archived_cards_are_not_listed(client, synced):
    (synced.root / "databases/sql/isolation.md").unlink()
    sync_bank(synced.root)
    assert "What are isolation levels?" not in titles(client.get("/questions/"))


def test_the_number_of_queries_does_not_grow_with_the_bank(client, synced, settings, django_assert_max_num_queries):
    settings.QUESTIONBANK_BANK_VERSION_CHECK_SECONDS = 60  # read once, as in production
    for index in range(30):
        synced.write(f"databases/sql/extra-{index}.md", title=f"Extra {index}", tags=f"[sql, t{index}]")
    sync_bank(synced.root)
    with django_assert_max_num_queries(11):  # ranking and snippets are two; the bank's version is one
        response = client.get("/questions/?q=extra&tag=sql")
    assert len(titles(response)) == 20


def test_the_header_search_gets_the_whole_page_and_the_cache_keeps_them_apart(client, synced):
    fragment = client.get("/questions/?q=index", headers={"HX-Request": "true", "HX-Target": "results"})
    whole = client.get("/questions/?q=index", headers={"HX-Request": "true", "HX-Target": "main"})
    assert "<html" not in fragment.content.decode()
    assert "<html" in whole.content.decode() and 'id="browse-q"' in whole.content.decode()
    assert "HX-Target" in whole["Vary"]
    again = client.get("/questions/?q=index", headers={"HX-Request": "true", "HX-Target": "results"})
    assert "<html" not in again.content.decode()
