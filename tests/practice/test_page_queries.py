"""Each per-person page asks the database as many times for a short history as for a long one."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practice.learners import learner_for
from practice.models import Review
from practice.quiz import Scope, start_quiz
from practice.rebuilding import rebuild_schedules
from questions.models import Card
from questions.sync import sync_bank

from .test_plan_views import PLAN

pytestmark = pytest.mark.django_db


def person_with(reviews: int, cards: list[Card]) -> tuple[Client, str]:
    """A signed-in person with this many reviews over the cards and days, following the plan, with a quiz."""
    user = User.objects.create_user(f"reviewed-{reviews}")
    now = timezone.now()
    Review.objects.bulk_create(
        Review(
            user=user,
            card=cards[n % len(cards)],
            rating=1 + n % 4,
            token=f"t{n}",
            reviewed_at=now - timedelta(hours=7 * (reviews - n)),
        )
        for n in range(reviews)
    )
    rebuild_schedules([user.pk])
    client = Client()
    client.force_login(user)
    day = (now + timedelta(days=10)).date().isoformat()
    assert (
        client.post("/plans/sql-and-fastapi/follow/", {"interview_date": day, "minutes_per_day": 30}).status_code == 302
    )
    asking = SimpleNamespace(user=user, session=client.session)  # what a Learner reads of a request
    quiz = start_quiz(learner_for(asking), Scope(), order="due", size=4)
    return client, str(quiz.public_id)


def pages(quiz: str) -> dict[str, tuple[str, dict]]:
    htmx = {"HX-Request": "true"}
    return {
        "browse": ("/questions/", {}),
        "browse, search": ("/questions/?q=index", {}),
        "card": ("/questions/indexes/", {}),
        "card panel": ("/practice/cards/indexes/", htmx),
        "quiz": (f"/practice/quiz/{quiz}/", htmx),
        "dashboard": ("/progress/", {}),
        "today's plan": ("/today/", {}),
    }


def queries_of(client: Client, quiz: str) -> dict[str, int]:
    counts = {}
    for name, (path, headers) in pages(quiz).items():
        client.get(path, headers=headers)  # sessions and the bank's version settle first
        for cache in ("default", "pages"):
            caches[cache].clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, headers=headers)
        assert response.status_code == 200, name
        counts[name] = len(queries)
    return counts


def test_queries_per_page_do_not_grow_with_the_history(synced):
    synced.write("plans/sql-and-fastapi.yml", PLAN)
    assert sync_bank(synced.root).ok
    cards = list(Card.objects.order_by("pk"))
    short, short_quiz = person_with(10, cards)
    long, long_quiz = person_with(1000, cards)
    assert queries_of(short, short_quiz) == queries_of(long, long_quiz)
