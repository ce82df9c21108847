"""The browse page's facet counts, stored at sync or counted under filters, equal a count of the cards themselves."""

from collections import Counter
from pathlib import Path

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from questions.browsing import TAG_FACET_SIZE, Filters, facets
from questions.facetcounts import stored_facet_counts
from questions.models import Card
from questions.search import parse_query, ranked_ids
from questions.sync import sync_bank
from tests.conftest import card_text
from tests.test_neighbours import apply_step, bank_after, write_step

pytestmark = pytest.mark.django_db

NAMES = [f"c{n}" for n in range(8)]
TOPICS = ["t1", "t1/sub", "t2"]
TAGS = ["ta", "tb", "tc", "td"]
DIFFICULTIES = ["easy", "medium", "hard"]

change = st.one_of(
    st.tuples(
        st.just("write"),
        st.sampled_from(NAMES),
        st.sampled_from(TOPICS),
        st.sampled_from(DIFFICULTIES),
        st.sets(st.sampled_from(TAGS), max_size=3),
    ),
    st.tuples(st.just("remove"), st.sampled_from(NAMES)),
    st.tuples(st.just("rename"), st.sampled_from(NAMES), st.sampled_from(NAMES)),
    st.just(("sync",)),
)
shown_filters = st.fixed_dictionaries(
    {},
    optional={
        "topic": st.sampled_from(["t1", "t1/sub", "t2", "t3"]),
        "difficulty": st.sampled_from(DIFFICULTIES),
        "tag": st.lists(st.sampled_from(TAGS), max_size=2),
        "q": st.sampled_from(
            ["tag:ta", "difficulty:hard", "topic:t1", "tag:tb topic:t2", "card", "c1", "used tests", "card tag:ta"]
        ),
    },
)


def apply(root: Path, step: tuple) -> None:
    if step[0] == "write":
        _, name, topic, difficulty, tags = step
        text = card_text(title=name, difficulty=difficulty, tags=f"[{', '.join(sorted(tags))}]")
        write_step(root, name, topic, text)
    else:
        apply_step(root, step)


def counted(query: dict) -> tuple[list, dict, list]:
    """Topic, difficulty and tag counts of the active cards, counted one by one in Python."""
    operators = query.get("q", "").split()
    topics = [query.get("topic")] + [word[6:] for word in operators if word.startswith("topic:")]
    difficulties = [query.get("difficulty")] + [word[11:] for word in operators if word.startswith("difficulty:")]
    tags = list(query.get("tag", [])) + [word[4:] for word in operators if word.startswith("tag:")]
    words = " ".join(word for word in operators if ":" not in word)
    hits = set(ranked_ids(parse_query(words))) if words else None

    def matches(card, card_tags, ignore=""):
        in_topics = all(card.topic_id == t or card.topic_id.startswith(t + "/") for t in topics if t)
        if ignore == "topic":
            in_topics = all(card.topic_id == t or card.topic_id.startswith(t + "/") for t in topics[1:] if t)
        wanted = difficulties[1:] if ignore == "difficulty" else difficulties
        searched = hits is None or card.pk in hits
        return searched and in_topics and all(card.difficulty == d for d in wanted if d) and set(tags) <= card_tags

    cards = [(card, {tag.slug for tag in card.tags.all()}) for card in Card.objects.active().prefetch_related("tags")]
    by_topic = Counter(card.topic_id for card, tags_of in cards if matches(card, tags_of, "topic"))
    by_difficulty = Counter(card.difficulty for card, tags_of in cards if matches(card, tags_of, "difficulty"))
    by_tag = Counter(tag for card, tags_of in cards if matches(card, tags_of) for tag in tags_of)
    top = sorted(by_tag.items(), key=lambda item: (-item[1], item[0]))[:TAG_FACET_SIZE]
    top += [(slug, 0) for slug in dict.fromkeys(query.get("tag", [])) if slug not in dict(top)]
    return sorted(by_topic.items()), {d: by_difficulty.get(d, 0) for d in DIFFICULTIES}, top


def shown(query: dict) -> tuple[list, dict, list]:
    params = QueryDict(mutable=True)
    for key, value in query.items():
        params.setlist(key, value if isinstance(value, list) else [value])
    found = facets(Filters.from_query(params).with_hits(), Card.objects.active())
    return (
        [(facet.value, facet.count) for facet in found.topics],
        {facet.value: facet.count for facet in found.difficulties},
        [(facet.value, facet.count) for facet in found.tags],
    )


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(change, min_size=1, max_size=10), queries=st.lists(shown_filters, max_size=3))
def test_facet_counts_match_a_count_of_the_cards(steps, queries):
    """Searched words alone are counted over the card facts, any other filters by the database."""
    with bank_after(steps, apply):
        assert stored_facet_counts() is not None or not Card.objects.exists()  # a bank never changed stores none
        for query in [{}, {"q": "card"}, {"q": "c1"}, *queries]:
            assert shown(query) == counted(query), query


def test_an_unfiltered_browse_reads_the_stored_counts(client, bank, django_assert_max_num_queries):
    bank.write("python/a.md", tags="[asyncio, testing]", difficulty="hard")
    bank.write("python/b.md", tags="[asyncio]")
    assert sync_bank(bank.root).ok
    Card.objects.filter(slug="b").update(difficulty="medium")  # not through a sync: the stored counts stay
    response = client.get("/questions/")
    facets_shown = response.context["facets"]
    assert {facet.value: facet.count for facet in facets_shown.difficulties} == {"easy": 1, "medium": 0, "hard": 1}
    assert [(facet.value, facet.count) for facet in facets_shown.tags] == [("asyncio", 2), ("testing", 1)]
    filtered = client.get("/questions/?tag=asyncio").context["facets"]
    assert {facet.value: facet.count for facet in filtered.difficulties} == {"easy": 0, "medium": 1, "hard": 1}
