"""A card's status for one person (new, learning, due, mastered), defined once.

The same definitions answer for a card held in memory (``status``, over an
``fsrs.Card`` or a ``scheduler.Snapshot``) and for ``Schedule`` rows in SQL
(``ScheduleQuerySet`` filters with ``due_lookup`` and ``MASTERED_WHEN``), so that
the dashboard, Browse, the home page, the API and the quiz cannot disagree.

"Due" follows the interview rule of ``scheduler.aimed_due`` while a person's
interview date is today or later, and plain FSRS due dates once it has passed.
``Schedule.aimed_due`` stores the first, ``Schedule.due`` the second.
"""

from __future__ import annotations

from datetime import date, datetime

import fsrs

from . import scheduler
from .scheduler import DUE, LEARNING, MASTERED, NEW, STATUS_LABELS

__all__ = ["DUE", "LEARNING", "MASTERED", "MASTERED_WHEN", "NEW", "STATUS_LABELS", "due_lookup", "mastery", "status"]

# Mastered: in review and expected to stay remembered for three weeks, whatever the due date.
# Written as lookups on Schedule's columns; ``_matches`` reads the same lookups of a card in memory.
MASTERED_WHEN = {"state": int(fsrs.State.Review), "stability__gte": scheduler.MASTERED_STABILITY_DAYS}


def aiming_at(interview: date | None, now: datetime) -> date | None:
    """The interview date the schedule aims at now: none once the day has passed."""
    return interview if interview and interview >= scheduler.utc(now).date() else None


def due_field(interview: date | None, now: datetime) -> str:
    """The ``Schedule`` column that says when a card is due for this person now."""
    return "aimed_due" if aiming_at(interview, now) else "due"


def due_at(card: scheduler.CardState, interview: date | None, now: datetime) -> datetime:
    """When the card is due for this person: what ``due_field`` holds, for a card in memory."""
    return scheduler.aimed_due(card, aiming_at(interview, now))


def due_lookup(now: datetime, interview: date | None) -> dict:
    """The lookup on ``Schedule`` of the schedules due at ``now``; ``status`` says the same of one card."""
    return {f"{due_field(interview, now)}__lte": now}


def status(card: scheduler.CardState | None, now: datetime, interview: date | None = None) -> str:
    if card is None:
        return NEW
    if due_at(card, interview, now) <= scheduler.utc(now):
        return DUE
    return mastery(card)


def mastery(card: scheduler.CardState | None) -> str:
    """New, learning or mastered, whatever the due date: how well the card is known."""
    if card is None:
        return NEW
    return MASTERED if _matches(card, MASTERED_WHEN) else LEARNING


def _matches(card: scheduler.CardState, lookups: dict) -> bool:
    """Whether a card in memory passes these Django lookups, as the database would judge its row."""
    for lookup, wanted in lookups.items():
        name, _, operator = lookup.partition("__")
        value = getattr(card, name)
        if operator == "gte":
            if value is None or value < wanted:
                return False
        elif operator:
            raise ValueError(f"no in-memory reading of the lookup {lookup!r}")
        elif value != wanted:
            return False
    return True
