"""Choosing and ordering the cards of a quiz.

``order_cards`` is pure: card ids and FSRS states in, an ordered list out.
``start_quiz`` is the edge that reads the bank and writes the saved quiz.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, time
from itertools import zip_longest

import fsrs
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from questions.models import Card

from . import scheduler, statuses
from .models import Bookmark, CardStats, Quiz, QuizItem
from .tokens import new_token

MIN_SIZE, MAX_SIZE, DEFAULT_SIZE = 5, 50, 10
DEFAULT_TIMER_MINUTES = 3


@dataclass(frozen=True)
class Scope:
    """Which cards a quiz draws from; empty fields mean "any"."""

    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    difficulties: tuple[str, ...] = ()
    bookmarked: bool = False

    @classmethod
    def from_json(cls, data: dict) -> Scope:
        return cls(
            topics=tuple(data.get("topics", ())),
            tags=tuple(data.get("tags", ())),
            difficulties=tuple(data.get("difficulties", ())),
            bookmarked=bool(data.get("bookmarked", False)),
        )

    def as_json(self) -> dict:
        return {key: list(value) if isinstance(value, tuple) else value for key, value in asdict(self).items()}

    def cards(self, user) -> QuerySet[Card]:
        cards = Card.objects.active()
        if self.topics:
            in_topics = Q()
            for topic in self.topics:
                in_topics |= Q(topic_id=topic) | Q(topic__path__startswith=topic + "/")
            cards = cards.filter(in_topics)
        if self.tags:
            cards = cards.filter(tags__slug__in=self.tags).distinct()
        if self.difficulties:
            cards = cards.filter(difficulty__in=self.difficulties)
        if self.bookmarked:
            cards = cards.filter(pk__in=Bookmark.objects.filter(user=user).values("card_id")) if user else cards.none()
        return cards

    def describe(self) -> str:
        parts = []
        if self.topics:
            parts.append("topics " + ", ".join(self.topics))
        if self.tags:
            parts.append("tags " + ", ".join(self.tags))
        if self.difficulties:
            parts.append(" or ".join(self.difficulties))
        if self.bookmarked:
            parts.append("bookmarked only")
        return "; ".join(parts) or "the whole bank"


def interleave(card_ids: list[int], groups: dict[int, tuple[str, str]], rng: random.Random) -> list[int]:
    """The cards taking turns between topics and, within each topic, between difficulties.

    In bank order a newcomer's first quiz is ten cards from the first folder.
    Here each (topic, difficulty) pile is shuffled, and the piles of a topic,
    then the topics, take turns in an order drawn from ``rng``: the first cards
    span as many topics as there are, and one seed always gives one order.
    """
    piles: dict[str, dict[str, list[int]]] = {}
    for card in card_ids:
        topic, difficulty = groups[card]
        piles.setdefault(topic, {}).setdefault(difficulty, []).append(card)
    topics = []
    for topic in sorted(piles):
        by_difficulty = [rng.sample(pile, len(pile)) for _, pile in sorted(piles[topic].items())]
        rng.shuffle(by_difficulty)
        topics.append(_take_turns(by_difficulty))
    rng.shuffle(topics)
    return _take_turns(topics)


def _take_turns(lists: list[list[int]]) -> list[int]:
    return [item for turn in zip_longest(*lists) for item in turn if item is not None]


def order_cards(
    card_ids: list[int],
    states: dict[int, fsrs.Card],
    order: str,
    size: int,
    now: datetime,
    rng: random.Random | None = None,
    interview_at: datetime | None = None,
    groups: dict[int, tuple[str, str]] | None = None,
    hardness: dict[int, float] | None = None,
) -> list[int]:
    """The first ``size`` cards in the quiz's order; ``card_ids`` come in bank order.

    With ``groups`` (each card's topic and difficulty) the cards are first
    interleaved, so that new cards, and cards equally weak, come mixed rather
    than a folder at a time. "interview" puts first the cards that
    ``scheduler.aimed_due`` makes due now, then the rest by how little they are
    predicted to be remembered on the interview day. "hardest" puts first the
    cards most people didn't know the first time (``hardness``: that share, for
    cards enough people rated), then the rest.
    """
    rng = rng or random.Random()
    if groups is not None:
        card_ids = interleave(card_ids, groups, rng)
    if order == "new":
        chosen = [card for card in card_ids if card not in states]
    elif order == "due":
        interview = interview_at.date() if interview_at else None
        due_at = {c: statuses.due_at(states[c], interview, now) for c in card_ids if c in states}
        due = sorted((c for c, when in due_at.items() if when <= now), key=due_at.__getitem__)
        new = [c for c in card_ids if c not in states]
        later = sorted((c for c, when in due_at.items() if when > now), key=due_at.__getitem__)
        chosen = due + new + later
    elif order == "weakest":
        chosen = sorted(card_ids, key=lambda c: scheduler.retrievability(states.get(c), now))
    elif order == "interview":
        if interview_at is None:
            raise ValueError("the interview order needs an interview date")
        day = interview_at.date()

        def aimed(card: int) -> tuple[bool, float]:
            state = states.get(card)
            due_now = state is not None and statuses.due_at(state, day, now) <= now
            return not due_now, scheduler.retrievability(state, interview_at)

        chosen = sorted(card_ids, key=aimed)
    elif order == "hardest":
        hardness = hardness or {}
        chosen = sorted(card_ids, key=lambda card: -hardness.get(card, -1.0))
    elif order == "random":
        chosen = rng.sample(card_ids, len(card_ids))
    else:
        raise ValueError(f"unknown order {order!r}")
    return chosen[:size]


def start_quiz(
    learner, scope: Scope, *, order: str, size: int, mode: str = "quiz", timer_seconds: int = 0
) -> Quiz | None:
    """Save a new quiz for this person; None when the scope holds no cards for that order.

    The quiz's own id seeds the order, so the same quiz always has the same cards.
    """
    rows = scope.cards(learner.user).order_by("topic_id", "source_path").values_list("pk", "topic_id", "difficulty")
    groups = {pk: (topic, difficulty) for pk, topic, difficulty in rows}
    card_ids = list(groups)
    interview = learner.interview_date
    interview_at = datetime.combine(interview, time(12), tzinfo=UTC) if interview else None
    public_id = uuid.uuid4()
    chosen = order_cards(
        card_ids,
        learner.states(card_ids),
        order,
        size,
        timezone.now(),
        rng=random.Random(public_id.int),
        interview_at=interview_at,
        groups=groups,
        hardness=CardStats.hardness(card_ids) if order == "hardest" else None,
    )
    return create_quiz(
        learner, chosen, scope=scope, order=order, mode=mode, timer_seconds=timer_seconds, public_id=public_id
    )


@transaction.atomic
def create_quiz(
    learner,
    card_ids: list[int],
    *,
    scope: Scope,
    order: str,
    mode: str,
    timer_seconds: int,
    public_id: uuid.UUID | None = None,
) -> Quiz | None:
    """Save a quiz of exactly these cards, in this order."""
    if not card_ids:
        return None
    quiz = Quiz.objects.create(
        public_id=public_id or uuid.uuid4(),
        user=learner.user,
        anonymous_owner="" if learner.user else learner.anonymous_owner(create=True),
        mode=mode,
        order=order,
        scope=scope.as_json(),
        timer_seconds=timer_seconds if mode == "mock" else 0,
        item_count=len(card_ids),
    )
    QuizItem.objects.bulk_create(
        QuizItem(quiz=quiz, position=position, card_id=card_id, token=new_token())
        for position, card_id in enumerate(card_ids)
    )
    return quiz
