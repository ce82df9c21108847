"""What every view asks of the person practising, whoever they are.

``AccountLearner`` answers from the database for a signed-in person;
``VisitorLearner`` from the session, in the same shape, for anyone else.
``learner_for`` picks one per request, and nothing else needs to know which.
"""

from __future__ import annotations

import secrets
from abc import ABC, abstractmethod
from collections import Counter
from datetime import date, datetime
from functools import cached_property

import fsrs
from django.db.models import QuerySet
from django.http import HttpRequest

from questions.models import Card

from .. import progress, scheduler
from ..models import FittedParameters, Note, Quiz, Review
from .figures import Figures
from .followed_plan import Following

OWNER_KEY = "practice_owner"  # ties an anonymous visitor's saved quizzes to their session
TAKEN_OVER_KEY = "practice_taken_over"  # the visitors' owner markers this signed-in session took over


def _active_cards() -> QuerySet:
    """(card id, topic) of every active card, in the bank's order: what the figures' pure functions walk."""
    return Card.objects.active().values_list("pk", "topic_id")


class Learner(ABC):
    user = None  # the account, for a signed-in person

    def __init__(self, request: HttpRequest):
        # The session, not the request: the request keeps its learner, and a
        # learner holding it back would leave both to the garbage collector.
        # (A request made by hand, in a test or a script, may have no session until one is needed.)
        self.session = getattr(request, "session", None)

    @cached_property
    def fitted(self) -> FittedParameters | None:
        """The fit that schedules this person's cards (an anonymous visitor gets the site's); None: the defaults."""
        return FittedParameters.in_use(self.user.pk if self.user else None)

    @cached_property
    def parameters(self) -> scheduler.Parameters:
        return tuple(self.fitted.parameters) if self.fitted else None

    # The log

    @property
    @abstractmethod
    def has_practised(self) -> bool:
        """Signed in, or has rated something in this session: "my status" filters mean something."""

    @abstractmethod
    def history(self, card: Card) -> list[Review]: ...

    @abstractmethod
    def state(self, card: Card, history: list[Review] | None = None) -> fsrs.Card | None: ...

    @abstractmethod
    def record(self, card: Card, *, rating: int, token: str, seconds: int, **details) -> tuple[Review, bool]:
        """Log a rating once per token; returns the review and whether it is new.

        ``details``: ``mode``, ``answer_text``, and ``when`` for a rating made
        earlier and sent later (offline); now otherwise.
        """

    @abstractmethod
    def states(self, card_ids: list[int]) -> dict[int, fsrs.Card]:
        """FSRS state of each of these cards this person has rated."""

    @abstractmethod
    def all_states(self) -> dict[int, scheduler.CardState]:
        """Every card this person has rated, with what the figures need of its state."""

    def mastery_by_topic(self) -> dict[str, Counter]:
        """New, learning and mastered active cards per topic, for the dashboard."""
        return progress.mastery_by_topic(_active_cards(), self.all_states())

    def forecast(self, now: datetime) -> tuple[list[tuple[date, int]], int]:
        return progress.forecast(self.all_states(), self.interview_date, now)

    def readiness(self) -> dict[str, float]:
        """Mean predicted recall of the active cards of each topic on the interview day; asked only when there is one."""
        return progress.readiness(_active_cards(), self.all_states(), self.interview_date)

    @abstractmethod
    def log(self) -> list[tuple[int, int, datetime]]:
        """Every (card id, rating, when) of this person, oldest first."""

    @abstractmethod
    def plan_log(self, card_ids: list[int]) -> list[tuple[int, int, datetime]]:
        """(card id, rating, when) of this person's reviews of these cards, oldest first."""

    @abstractmethod
    def plan_states(self, card_ids: list[int], moment: datetime) -> tuple[dict[int, fsrs.Card], set[int]]:
        """These cards' FSRS states from their ratings before ``moment`` (a plan's day holds still), and those rated since."""

    @abstractmethod
    def cards_seen_before(self, card_ids: list[int], moment: datetime) -> int: ...

    @abstractmethod
    def recent_seconds(self, count: int = 50) -> list[int]:
        """Time spent on each of the latest reviews, oldest first (0 where it was not measured)."""

    @property
    @abstractmethod
    def figures(self) -> Figures:
        """The dashboard's counts of this person's log."""

    # Due cards, by the rules of ``statuses``

    @abstractmethod
    def due_cards(self, now: datetime) -> list[int]:
        """The active cards due at ``now``, the longest overdue first."""

    def due_count(self, now: datetime) -> int:
        """Active cards due at ``now``, exactly as Browse → Due and ``is:due`` count them."""
        return len(self.due_cards(now))

    # The interview and the plan

    @property
    @abstractmethod
    def interview_date(self) -> date | None: ...

    @abstractmethod
    def set_interview_date(self, day: date | None) -> None: ...

    @abstractmethod
    def following(self) -> Following | None: ...

    @abstractmethod
    def follow(self, following: Following) -> None:
        """Follow a plan from today; the one followed before, if any, is kept as history."""

    @abstractmethod
    def leave_plan(self) -> None:
        """Stop following; every rating stays, and the plan stays in the history."""

    # Saved quizzes and per-card extras

    def anonymous_owner(self, create: bool = False) -> str:
        owner = self.session.get(OWNER_KEY, "")
        if not owner and create:
            owner = self.session[OWNER_KEY] = secrets.token_urlsafe(24)
        return owner

    def quizzes(self) -> QuerySet[Quiz]:
        return Quiz.objects.owned_by(self.user, self.anonymous_owner())

    def quiz(self, public_id) -> Quiz | None:
        return self.quizzes().filter(public_id=public_id).first()

    def bookmarked(self, card: Card) -> bool:
        return card.pk in self.bookmarked_among([card.pk])

    def bookmarked_among(self, card_ids: list[int]) -> set[int]:
        """Which of these cards are bookmarked: none for an anonymous visitor."""
        return set()

    def note(self, card: Card) -> Note | None:
        return None

    # Browse (see ``practice.browse_adapters``)

    @abstractmethod
    def filter_cards(self, cards: QuerySet[Card], status: str, now: datetime) -> QuerySet[Card]:
        """The cards in this status ("new", "due", ... or "bookmarked")."""

    @abstractmethod
    def status_counts(self, cards: QuerySet[Card] | None, now: datetime, scope: str = "") -> dict[str, int]:
        """How many of these cards (``None``: every active card) are in each status, as ``filter_cards`` sorts them;
        ``scope`` names the cards while the bank is unchanged (their filters), so that the counts can be kept."""

    @abstractmethod
    def filter_rated(self, cards: QuerySet[Card], rating: int) -> QuerySet[Card]:
        """Cards this person has rated this way at least once ("rated:again")."""
