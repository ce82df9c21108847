"""Full-text search and the query language, on whichever database the suite runs on."""

import pytest

from practice.models import Review
from questions.models import Card
from questions.search import parse_query
from questions.sync import sync_bank


def test_words_phrases_and_operators_are_told_apart():
    query = parse_query('Event "event loop" tag:asyncio topic:python/ difficulty:HARD is:due rated:again')
    assert query.words == ["event"]
    assert query.phrases == ["event loop"]
    assert query.filters == {
        "tag": ["asyncio"],
        "topic": ["python"],
        "difficulty": ["hard"],
        "is": ["due"],
        "rated": ["again"],
    }
    assert query.errors == []


def test_rated_takes_the_rating_buttons_words_as_well():
    words = parse_query("rated:didnt-know rated:Shaky rated:knew-it rated:nailed-it")
    assert words.filters == {"rated": ["again", "hard", "good", "easy"]}
    assert parse_query("rated:shaky").filters == parse_query("rated:hard").filters


def test_the_search_help_tells_rated_from_difficulty(client, synced):
    body = client.get("/questions/search-help/").content.decode()
    assert "<code>rated:shaky</code>" in body
    assert "not how hard the question is" in body


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("colour:red", "Unknown filter “colour:”. Use tag:, topic:, difficulty:, is:, rated: or plain words."),
        ("tag:", "“tag:” needs a value, e.g. tag:asyncio."),
        ("difficulty:brutal", "“difficulty:brutal” is not one of: easy, medium, hard."),
        ("is:forgotten", "“is:forgotten” is not one of: new, learning, due, mastered, bookmarked."),
        ("rated:meh", "“rated:meh” is not one of: again, hard, good, easy."),
    ],
)
def test_malformed_queries_get_a_clear_message(text, error):
    assert parse_query(text).errors == [error]


@pytest.mark.parametrize(
    "text", ['"unclosed phrase', '""', "::", "*", "AND OR NOT", "'; DROP TABLE", "a" * 300, "ä ß 中文"]
)
def test_odd_input_never_breaks_parsing(text):
    parse_query(text)


def titles(response):
    return [card.title for card in response.context["page"].object_list]


@pytest.mark.django_db
def test_words_match_forms_and_the_last_word_as_a_prefix(client, synced):
    assert titles(client.get("/questions/?q=indexes")) == ["How does a B-tree index work?"]
    assert titles(client.get("/questions/?q=isol")) == ["What are isolation levels?"]


@pytest.mark.django_db
def test_every_word_must_match(client, synced):
    assert titles(client.get("/questions/?q=depends+btree")) == []


@pytest.mark.django_db
def test_title_matches_rank_first_and_snippets_mark_the_words(client, synced):
    synced.write("databases/sql/locks.md", title="Row locks", answer="An index on the key keeps locks narrow.")
    sync_bank(synced.root)
    response = client.get("/questions/?q=index")
    assert titles(response) == ["How does a B-tree index work?", "Row locks"]
    assert "<mark>index</mark>" in response.content.decode()


@pytest.mark.django_db
def test_snippets_leave_the_title_out_and_keep_code_whole(client, synced):
    synced.write(
        "python/asyncio/gather.md",
        title="Gathering coroutines together",
        prompt="Two coroutines run at once.",
        answer="Await both:\n\n```python\nresults = await asyncio.gather(fetch(a), fetch(b))\n```",
    )
    sync_bank(synced.root)
    card = client.get("/questions/?q=gathering").context["page"].object_list[0]
    assert card.title == "Gathering coroutines together"
    assert "Gathering" not in card.snippet, "the title is shown above the snippet already"
    assert "coroutines run at once. Await both:" in card.snippet
    code = client.get("/questions/?q=gather").context["page"].object_list[0].snippet
    assert "asyncio.<mark>gather</mark>(fetch(a), fetch" in code
    # Found by a word that is only in the code, part of a dotted name.
    (found,) = client.get("/questions/?q=asyncio").context["page"].object_list
    assert "<mark>asyncio</mark>.gather(fetch(a), fetch" in found.snippet


@pytest.mark.django_db
def test_operators_filter_with_or_without_words(client, synced):
    assert titles(client.get("/questions/?q=tag:fastapi+depends")) == ["How does Depends work?"]
    assert len(titles(client.get("/questions/?q=topic:python"))) == 2
    assert titles(client.get("/questions/?q=difficulty:hard")) == ["How does Depends work?"]


@pytest.mark.django_db
def test_personal_operators_use_the_persons_practice(client, synced):
    from django.contrib.auth.models import User

    user = User.objects.create_user("nia", password="x-long-password-5")
    client.force_login(user)
    Review.record(user, Card.objects.get(slug="indexes"), rating=1, token="a")
    Review.record(user, Card.objects.get(slug="isolation"), rating=3, token="b")
    assert titles(client.get("/questions/?q=rated:again")) == ["How does a B-tree index work?"]
    assert len(titles(client.get("/questions/?q=is:new"))) == 2
    assert titles(client.get("/questions/?q=is:learning+isolation")) == ["What are isolation levels?"]


@pytest.mark.django_db
def test_an_unknown_operator_is_explained_not_a_500(client, synced):
    response = client.get("/questions/?q=colour:red+index")
    assert response.status_code == 200
    assert "Unknown filter “colour:”" in response.content.decode()


@pytest.mark.django_db
def test_the_index_follows_edits_and_archiving(client, synced):
    synced.write("databases/sql/indexes.md", title="How does a B-tree index work?", answer="Fan-out and zebra pages.")
    sync_bank(synced.root)
    assert titles(client.get("/questions/?q=zebra")) == ["How does a B-tree index work?"]
    assert titles(client.get("/questions/?q=card+used+by+the+tests+indexes")) == []
    (synced.root / "databases/sql/indexes.md").unlink()
    sync_bank(synced.root)
    assert titles(client.get("/questions/?q=zebra")) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text", ['"unclosed', "'; DROP TABLE questions_card; --", "AND", "NEAR(a b)", "*", "a:b:c", "ä"]
)
def test_hostile_or_odd_search_text_answers_200(client, synced, text):
    assert client.get("/questions/", {"q": text}).status_code == 200


@pytest.mark.django_db
def test_the_help_page_documents_the_operators(client, db):
    body = client.get("/questions/search-help/").content.decode()
    for operator in ("tag:asyncio", "topic:python/fastapi", "difficulty:hard", "is:due", "rated:shaky"):
        assert operator in body


@pytest.mark.django_db
def test_snippets_are_of_the_cards_asked_for_and_no_others(synced):
    from questions.search import snippets

    for name in ("alpha", "bravo", "charlie"):
        synced.write(f"databases/locks/{name}.md", title=f"Locks {name}", answer=f"A lock held by {name} waits.")
    sync_bank(synced.root)
    ids = dict(Card.objects.filter(slug__in=["alpha", "bravo", "charlie"]).values_list("slug", "pk"))
    found = snippets(parse_query("loc"), [ids["alpha"], ids["charlie"]])
    assert sorted(found) == sorted([ids["alpha"], ids["charlie"]])
    assert "alpha" in found[ids["alpha"]]
    assert "charlie" in found[ids["charlie"]]
    assert "\x02lock\x03" in found[ids["alpha"]]


@pytest.mark.django_db
def test_the_default_order_is_called_best_match_when_searching_and_bank_order_otherwise(client, synced):
    searched = client.get("/questions/?q=index&difficulty=medium").context["sorts"]
    assert next((sort["label"], sort["active"]) for sort in searched) == ("Best match", True)
    browsed = client.get("/questions/?difficulty=medium").context["sorts"]
    assert next((sort["label"], sort["active"]) for sort in browsed) == ("Bank order", True)
    assert "Sort: <a" in client.get("/questions/?q=index").content.decode()
    assert ">Best match</a>" in client.get("/questions/?q=index").content.decode()
