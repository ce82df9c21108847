"""The few facts about a signed-in person that every one of their pages keys on, read in one statement.

Their latest review, interview date, the fit that schedules their cards, how
many active cards they bookmarked and the plan they follow: what
``kept_for_person`` and the kept schedule columns are keyed by, what Browse's
counts add, and whether the dashboard has a plan to chart. Read through the
ORM they were five queries, each costing more to build than to run; one
plain statement of scalar subqueries answers all five.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from django.db import connection

from questions.models import Card, PlanEntry

from ..models import Bookmark, FittedParameters, PlanFollow, Profile, Review

_SQL = """
SELECT
  (SELECT id FROM {review} WHERE user_id = %(user)s ORDER BY id DESC LIMIT 1),
  (SELECT interview_date FROM {profile} WHERE user_id = %(user)s ORDER BY id LIMIT 1),
  (SELECT id FROM {fit}
     WHERE adopted AND (user_id = %(user)s OR user_id IS NULL)
     ORDER BY CASE WHEN user_id IS NULL THEN 1 ELSE 0 END, fitted_at DESC, id DESC LIMIT 1),
  (SELECT COUNT(*) FROM {bookmark} INNER JOIN {card} ON {card}.id = {bookmark}.card_id
     WHERE {bookmark}.user_id = %(user)s AND {card}.archived_at IS NULL),
  (SELECT id FROM {follow} WHERE user_id = %(user)s AND ended_at IS NULL)
"""

_IN_PLAN_SQL = """
SELECT MAX({review}.id) FROM {review}
  INNER JOIN {entry} ON {entry}.card_id = {review}.card_id
  WHERE {review}.user_id = %s AND {entry}.plan_id = %s
"""


@dataclass(frozen=True)
class Stamp:
    latest_review: int | None
    interview_date: date | None
    fit_id: int | None  # as ``FittedParameters.in_use`` picks it; None: the defaults
    bookmarked_active: int
    following_id: int | None  # the current ``PlanFollow``; at most one


def read_stamp(user_id: int) -> Stamp:
    with connection.cursor() as cursor:
        cursor.execute(_statement(_SQL), {"user": user_id})
        latest, interview, fit_id, bookmarked, following_id = cursor.fetchone()
    if isinstance(interview, str):  # SQLite may hand back the stored text
        interview = date.fromisoformat(interview)
    return Stamp(latest, interview, fit_id, bookmarked, following_id)


def latest_review_in_plan(user_id: int, plan_id: int) -> int | None:
    """The person's latest review of one of the plan's cards: what moves the figures of that plan alone."""
    with connection.cursor() as cursor:
        cursor.execute(_statement(_IN_PLAN_SQL), [user_id, plan_id])
        return cursor.fetchone()[0]


@cache
def _statement(template: str) -> str:
    """The statement with the models' own table names, as the ORM would write them."""
    models = {"review": Review, "profile": Profile, "fit": FittedParameters, "bookmark": Bookmark}
    models |= {"card": Card, "follow": PlanFollow, "entry": PlanEntry}
    return template.format(**{name: model._meta.db_table for name, model in models.items()})
