"""Someone not signed in: their log, plan and date live in the session, in the shape of the account's.

The log moves into an account, once, when they sign up or log in
(``learners.takeover``). Schedules are replayed from the log when asked for.
"""

from __future__ import annotations

from datetime import date, datetime

import fsrs
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.exceptions import SessionInterrupted
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from questions.models import Card

from .. import community, planner, scheduler, statuses
from ..models import CardStats, Review
from .base import Learner
from .figures import LogFigures
from .followed_plan import Following

SESSION_KEY = "practice_reviews"
INTERVIEW_KEY = "practice_interview_date"
PLAN_KEY = "practice_plan"  # the plan an anonymous visitor follows, and the ones they followed before
MAX_SESSION_REVIEWS = 5000
MAX_SESSION_PLANS = 20


class VisitorLearner(Learner):
    @property
    def entries(self) -> list[dict]:
        return self.session.get(SESSION_KEY, [])

    @property
    def has_practised(self) -> bool:
        return bool(self.entries)

    def history(self, card: Card) -> list[Review]:
        return [review for review in session_reviews(self.session) if review.card_id == card.pk]

    def state(self, card: Card, history: list[Review] | None = None) -> fsrs.Card | None:
        reviews = history if history is not None else self.history(card)
        return scheduler.replay(((review.rating, review.reviewed_at) for review in reviews), self.parameters)

    def record(self, card: Card, *, rating: int, token: str, seconds: int, **details) -> tuple[Review, bool]:
        entries = self.entries
        for entry in entries:
            if entry["token"] == token:
                return review_from_entry(entry), False
        when = details.get("when") or timezone.now()
        entry = {"card": card.pk, "rating": rating, "reviewed_at": when.isoformat(), "seconds": seconds}
        entry |= {"mode": details.get("mode", "browse"), "token": token, "content_hash": card.content_hash}
        entry["answer_text"] = details.get("answer_text", "")
        before = [e["rating"] for e in entries if e["card"] == card.pk]
        self.session[SESSION_KEY] = [*entries, entry][-MAX_SESSION_REVIEWS:]
        self._save_log()
        with transaction.atomic():
            CardStats.shift(card.pk, community.contribution(before), community.contribution([*before, rating]))
        return review_from_entry(entry), True

    def _save_log(self) -> None:
        """Write the session now, before anything else counts the rating.

        A log-in in another request may give the session a new key meanwhile. Saved
        at the end of the request, as Django does, the rating would be refused only
        after the community counters and the quiz had counted it, and sent again as
        the account's it would find its quiz card already rated and be lost. Refused
        here, nothing has counted it yet.
        """
        try:
            self.session.save()
        except UpdateError as error:
            raise SessionInterrupted(
                "The session was given a new key (a log-in) while this rating was made."
            ) from error

    def states(self, card_ids: list[int]) -> dict[int, fsrs.Card]:
        wanted = set(card_ids)
        by_card: dict[int, list[tuple[int, datetime]]] = {}
        for card_id, rating, when in self.log():
            if card_id in wanted:
                by_card.setdefault(card_id, []).append((rating, when))
        return {card_id: scheduler.replay(log, self.parameters) for card_id, log in by_card.items()}

    def all_states(self) -> dict[int, scheduler.CardState]:
        return self.states([entry["card"] for entry in self.entries])

    def log(self) -> list[tuple[int, int, datetime]]:
        # The session keeps ratings as they arrived; one queued offline arrives after later ones.
        rows = [(r.card_id, r.rating, r.reviewed_at) for r in session_reviews(self.session)]
        return sorted(rows, key=lambda row: row[2])

    def plan_log(self, card_ids: list[int]) -> list[tuple[int, int, datetime]]:
        wanted = set(card_ids)
        return [row for row in self.log() if row[0] in wanted]

    def plan_states(self, card_ids: list[int], moment: datetime) -> tuple[dict[int, fsrs.Card], set[int]]:
        log = self.plan_log(card_ids)
        return planner.states_before(log, moment, self.parameters), {card for card, _, when in log if when >= moment}

    def cards_seen_before(self, card_ids: list[int], moment: datetime) -> int:
        return planner.cards_seen_before(self.plan_log(card_ids), moment)

    def recent_seconds(self, count: int = 50) -> list[int]:
        return [entry["seconds"] for entry in self.entries[-count:]]

    @property
    def figures(self) -> LogFigures:
        return LogFigures(self.log())

    def due_cards(self, now: datetime) -> list[int]:
        interview = self.interview_date
        due = sorted(
            (statuses.due_at(state, interview, now), card_id)
            for card_id, state in self.all_states().items()
            if statuses.status(state, now, interview) == statuses.DUE
        )
        active = set(Card.objects.active().filter(pk__in=[card_id for _, card_id in due]).values_list("pk", flat=True))
        return [card_id for _, card_id in due if card_id in active]

    @property
    def interview_date(self) -> date | None:
        stored = self.session.get(INTERVIEW_KEY)
        return date.fromisoformat(stored) if stored else None

    def set_interview_date(self, day: date | None) -> None:
        if day is None:
            self.session.pop(INTERVIEW_KEY, None)
        else:
            self.session[INTERVIEW_KEY] = day.isoformat()

    def following(self) -> Following | None:
        current = self.session.get(PLAN_KEY, {}).get("current")
        return Following.from_json(current) if current else None

    def follow(self, following: Following) -> None:
        self.set_interview_date(following.interview_date)
        stored = self.session.get(PLAN_KEY, {})
        past = [*stored.get("past", []), *([stored["current"]] if stored.get("current") else [])]
        self.session[PLAN_KEY] = {"current": following.as_json(), "past": past[-MAX_SESSION_PLANS:]}

    def leave_plan(self) -> None:
        stored = self.session.get(PLAN_KEY, {})
        if stored.get("current"):
            past = [*stored.get("past", []), stored["current"]]
            self.session[PLAN_KEY] = {"current": None, "past": past[-MAX_SESSION_PLANS:]}

    def filter_cards(self, cards: QuerySet[Card], status: str, now: datetime) -> QuerySet[Card]:
        in_status = self.statuses(now)
        if status == statuses.NEW:
            return cards.exclude(pk__in=list(in_status))
        return cards.filter(pk__in=[card_id for card_id, value in in_status.items() if value == status])

    def statuses(self, now: datetime) -> dict[int, str]:
        """Status of every card this person has rated (cards not listed are new)."""
        interview = self.interview_date
        return {card_id: statuses.status(state, now, interview) for card_id, state in self.all_states().items()}

    def status_counts(self, cards: QuerySet[Card] | None, now: datetime, scope: str = "") -> dict[str, int]:
        cards = Card.objects.active() if cards is None else cards
        in_status = self.statuses(now)
        counts: dict[str, int] = {}
        for card_id in cards.filter(pk__in=list(in_status)).values_list("pk", flat=True):
            counts[in_status[card_id]] = counts.get(in_status[card_id], 0) + 1
        counts[statuses.NEW] = cards.count() - sum(counts.values())
        return counts

    def filter_rated(self, cards: QuerySet[Card], rating: int) -> QuerySet[Card]:
        return cards.filter(pk__in={card_id for card_id, value, _ in self.log() if value == rating})


def review_from_entry(entry: dict) -> Review:
    """An unsaved Review standing for one session log entry."""
    return Review(
        card_id=entry["card"],
        rating=entry["rating"],
        reviewed_at=parse_datetime(entry["reviewed_at"]),
        seconds=entry["seconds"],
        mode=entry["mode"],
        token=entry["token"],
        content_hash=entry.get("content_hash", ""),
        answer_text=entry.get("answer_text", ""),
    )


def session_reviews(session) -> list[Review]:
    return [review_from_entry(entry) for entry in session.get(SESSION_KEY, [])]
