"""Browsing by my status: new, learning, due, mastered, bookmarked."""

import random
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from practice.models import Bookmark, Review
from questions.models import Card
from questions.pagecache import forget_bank_version
from questions.sync import sync_bank

from .conftest import rate

pytestmark = pytest.mark.django_db


def slugs(response) -> list[str]:
    return sorted(card.slug for card in response.context["page"].object_list)


def counts(response) -> dict[str, int]:
    return {facet.value: facet.count for facet in response.context["statuses"]}


def test_status_filters_split_the_bank(user_client, user, synced):
    now = timezone.now()
    indexes = Card.objects.get(slug="indexes")
    isolation = Card.objects.get(slug="isolation")
    Review.record(user, indexes, rating=3, token="a", when=now - timedelta(days=10))  # due by now
    Review.record(user, isolation, rating=3, token="b")  # learning, due in minutes
    Bookmark.objects.create(user=user, card=indexes)
    assert slugs(user_client.get("/questions/?status=due")) == ["indexes"]
    assert slugs(user_client.get("/questions/?status=learning")) == ["isolation"]
    assert slugs(user_client.get("/questions/?status=new")) == ["async-handlers", "dependency-injection"]
    assert slugs(user_client.get("/questions/?status=bookmarked")) == ["indexes"]
    assert counts(user_client.get("/questions/")) == {"new": 2, "learning": 1, "due": 1, "mastered": 0, "bookmarked": 1}
    # Each count is what its filter lists, under the other filters too.
    assert counts(user_client.get("/questions/?topic=databases")) == {
        "new": 0,
        "learning": 1,
        "due": 1,
        "mastered": 0,
        "bookmarked": 1,
    }


def test_mastered_cards_are_the_ones_remembered_for_weeks(user_client, user, synced):
    card = Card.objects.get(slug="indexes")
    when = timezone.now() - timedelta(days=400)
    for number in range(6):
        _, schedule, _ = Review.record(user, card, rating=4, token=f"m{number}", when=when)
        when = schedule.due
        if when > timezone.now() - timedelta(days=1):
            break
    response = user_client.get("/questions/?status=mastered")
    assert slugs(response) == ["indexes"]
    assert counts(response) == {"new": 3, "learning": 0, "due": 0, "mastered": 1, "bookmarked": 0}


def test_anonymous_visitors_filter_by_their_session_practice(client, synced):
    assert client.get("/questions/").context["statuses"] == []  # nothing practised yet
    rate(client, "isolation", 3)
    assert slugs(client.get("/questions/?status=learning")) == ["isolation"]
    assert "isolation" not in slugs(client.get("/questions/?status=new"))
    response = client.get("/questions/?status=bookmarked")
    assert slugs(response) == []
    assert counts(response) == {"new": 3, "learning": 1, "due": 0, "mastered": 0, "bookmarked": 0}


def test_an_unknown_status_is_ignored(user_client, synced):
    assert len(slugs(user_client.get("/questions/?status=bogus"))) == 4


def test_signed_in_people_share_the_bank_wide_results_until_the_bank_changes(
    user_client, user, synced, settings, django_assert_max_num_queries
):
    settings.QUESTIONBANK_BANK_VERSION_CHECK_SECONDS = 60
    Review.record(user, Card.objects.get(slug="indexes"), rating=3, token="a")
    first = user_client.get("/questions/?q=index").content.decode()
    # Session, person, the interview date (it says what is due) and three for the status counts;
    # the search's ranking, the list and the other facets are kept from the first request.
    with django_assert_max_num_queries(6):
        again = user_client.get("/questions/?q=index").content.decode()
    results = again.index('<div id="results"')
    assert again[results:] == first[results:]
    assert "1 question" in again and 'href="/questions/indexes/"' in again
    assert re.search(r'Learning</span>\s*<span class="count">1</span>', again)

    synced.write("databases/sql/indexes.md", title="Indexes, edited", difficulty="hard")
    sync_bank(synced.root)
    forget_bank_version()  # what this process does when the sync's transaction commits
    assert "Indexes, edited" in user_client.get("/questions/?q=index").content.decode()


@pytest.mark.parametrize("seed", range(5))
def test_counts_over_the_whole_bank_are_the_sum_of_its_topics(user_client, user, synced, seed):
    """The bank-wide counts leave out archived cards' schedules, as the counts under a filter do."""
    rng = random.Random(seed)
    now = timezone.now()
    cards = list(Card.objects.order_by("pk"))
    for n in range(rng.randrange(12)):
        card = rng.choice(cards)
        Review.record(
            user, card, rating=rng.randrange(1, 5), token=f"r{n}", when=now - timedelta(days=rng.randrange(60))
        )
    for card in rng.sample(cards, rng.randrange(3)):
        Bookmark.objects.get_or_create(user=user, card=card)
    for card in rng.sample(cards, rng.randrange(3)):
        (synced.root / card.source_path).unlink()
    sync_bank(synced.root)
    forget_bank_version()
    whole = counts(user_client.get("/questions/"))
    by_topic = [counts(user_client.get(f"/questions/?topic={topic}")) for topic in ("python", "databases")]
    assert whole == {status: sum(part[status] for part in by_topic) for status in whole}
    assert sum(whole[status] for status in ("new", "learning", "due", "mastered")) == Card.objects.active().count()


def test_results_filtered_by_status_are_never_shared_between_people(client, user, other_user, synced):
    Review.record(user, Card.objects.get(slug="indexes"), rating=3, token="a")
    client.force_login(user)
    assert "indexes" not in slugs(client.get("/questions/?q=is:new"))
    client.force_login(other_user)
    assert "indexes" in slugs(client.get("/questions/?q=is:new"))


def status_badges(client, response) -> str:
    """The fragment the browse page asks for, with the person's status of each listed card."""
    (query,) = re.findall(r'hx-get="/practice/statuses/\?([^"]*)"', response.content.decode())
    return client.get(
        f"/practice/statuses/?{query.replace('&amp;', '&')}", headers={"HX-Request": "true"}
    ).content.decode()


def test_each_listed_card_shows_the_persons_status_from_a_fragment_of_its_own(
    user_client, user, synced, django_assert_num_queries
):
    indexes = Card.objects.get(slug="indexes")
    Review.record(user, indexes, rating=3, token="a", when=timezone.now() - timedelta(days=10))
    Bookmark.objects.create(user=user, card=indexes)
    response = user_client.get("/questions/")
    assert f'<span class="card-status" id="card-status-{indexes.pk}"></span>' in response.content.decode()
    with django_assert_num_queries(5):  # session, user, schedules, interview date, bookmarks
        badges = status_badges(user_client, response)
    assert re.search(rf'id="card-status-{indexes.pk}" hx-swap-oob="true">Due · .*Bookmarked</span>', badges)
    isolation = Card.objects.get(slug="isolation")
    assert f'id="card-status-{isolation.pk}" hx-swap-oob="true">New</span>' in badges


def test_the_status_fragment_costs_the_same_whatever_the_size_of_the_bank(
    user_client, user, synced, django_assert_num_queries
):
    Review.record(user, Card.objects.get(slug="indexes"), rating=3, token="a")
    for number in range(60):
        synced.write(f"databases/more/card-{number}.md", title=f"Card {number}")
    sync_bank(synced.root)
    forget_bank_version()
    user_client.get("/questions/")  # fills the shared fragments
    # Session, user; the person's stamp (latest review, interview date, fit in use, bookmarks), which
    # with the bank's version says whether the kept status counts still hold; the bank's version
    # twice more: the list and its cards, and the counts, come from the cache.
    with django_assert_num_queries(6):
        response = user_client.get("/questions/")
    with django_assert_num_queries(5):
        badges = status_badges(user_client, response)
    assert badges.count("hx-swap-oob") == 20  # the page's cards


def test_anonymous_visitors_who_never_rated_ask_for_no_statuses(client, synced):
    assert "/practice/statuses/" not in client.get("/questions/").content.decode()
    assert client.get("/practice/statuses/?card=x").status_code == 400
    assert client.get("/practice/statuses/?" + "&".join(["card=1"] * 101)).status_code == 400
