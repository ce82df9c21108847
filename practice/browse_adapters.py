"""What lets Browse and the search box filter by a person's own practice, though ``questions``
never imports ``practice``: this app registers its statuses and ratings there, once, at start-up."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import slugify

from questions import personal
from questions.models import Card

from . import scheduler, statuses
from .learners import learner_for

BOOKMARKED = "bookmarked"
# Shorter ways to say a button's words, besides the words themselves ("knew-it").
RATING_ALIASES = {"knew": scheduler.RATING_NAMES[scheduler.GOOD], "nailed": scheduler.RATING_NAMES[scheduler.EASY]}


def in_status(request: HttpRequest, cards: QuerySet[Card], status: str) -> QuerySet[Card]:
    return learner_for(request).filter_cards(cards, status, timezone.now())


def status_counts(request: HttpRequest, cards: QuerySet[Card] | None, scope: str) -> dict[str, int]:
    return learner_for(request).status_counts(cards, timezone.now(), scope)


def badges(request: HttpRequest, card_ids: list[int]) -> list[tuple[int, str, str, bool]]:
    """(card id, status, its label, bookmarked) of each of these cards, in two queries whatever the bank."""
    learner, now = learner_for(request), timezone.now()
    states, interview, marked = learner.states(card_ids), learner.interview_date, learner.bookmarked_among(card_ids)
    return [
        (card_id, status, statuses.STATUS_LABELS[status], card_id in marked)
        for card_id in dict.fromkeys(card_ids)
        for status in [statuses.status(states.get(card_id), now, interview)]
    ]


def rated(request: HttpRequest, cards: QuerySet[Card], name: str) -> QuerySet[Card]:
    value = {label: value for value, label in scheduler.RATING_NAMES.items()}[name]
    return learner_for(request).filter_rated(cards, value)


def register() -> None:
    labels = {**statuses.STATUS_LABELS, BOOKMARKED: "Bookmarked"}
    personal.register_status_filters(
        {
            status: (label, lambda request, cards, status=status: in_status(request, cards, status))
            for status, label in labels.items()
        },
        shown_for=lambda request: learner_for(request).has_practised,
        counts=status_counts,
    )
    personal.register_ratings(
        rated,
        names=tuple(scheduler.RATING_NAMES.values()),
        words={slugify(label): scheduler.RATING_NAMES[value] for value, label in scheduler.RATING_LABELS.items()},
        aliases=RATING_ALIASES,
    )
