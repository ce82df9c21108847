"""Each anonymous page asks the database the same number of questions however big the bank is.

A page whose queries grow with the bank (one per card listed, per tag, per
neighbour) is slow exactly where it matters, so each page is rendered from an
empty page cache at a small bank and again at a larger one.
"""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from questions.models import Card
from questions.sync import sync_bank

pytestmark = pytest.mark.django_db

PAGES = {
    "home": "/",
    "browse": "/questions/",
    "browse, tag filter": "/questions/?tag=t1",
    "browse, two tags and a difficulty": "/questions/?tag=t1&tag=a2&difficulty=hard",
    "browse, search": "/questions/?q=replica+cache",
    "browse, search with operators": "/questions/?q=cache+tag:c1+difficulty:easy",
    "browse, second page": "/questions/?page=2",
    "card": "/questions/card-0003/",
}


def write_cards(bank, count: int) -> None:
    words = ["replica", "cache", "lock", "queue", "index"]
    for n in range(count):
        bank.write(
            f"topic-{n % 4}/card-{n:04d}.md",
            title=f"Question {n} about {words[n % 5]}?",
            difficulty=["easy", "medium", "hard"][n % 3],
            tags=f"[a{n % 3}, t{n % 7}, c{n % 11}]",
            answer=f"The {words[n % 5]} and the {words[(n * 3) % 5]} [see](id:card-{(n + 1) % count:04d}).",
        )


def counts(client) -> dict[str, int]:
    found = {}
    for name, path in PAGES.items():
        caches["pages"].clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200, path
        found[name] = len(queries)
    return found


def test_query_counts_do_not_grow_with_the_bank(client, bank):
    write_cards(bank, 30)
    assert sync_bank(bank.root).ok
    small = counts(client)
    write_cards(bank, 120)
    assert sync_bank(bank.root).ok
    assert Card.objects.active().count() == 120
    assert counts(client) == small
