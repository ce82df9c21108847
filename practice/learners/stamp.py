"""The few facts about a signed-in person that every one of their pages keys on, read in one statement.

Their latest review, interview date, the fit that schedules their cards and
how many active cards they bookmarked: what ``kept_for_person`` and the kept
schedule columns are keyed by, and what Browse's counts add. Read through
the ORM they were four queries, each costing more to build than to run; one
plain statement of scalar subqueries answers all four.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import connection

_SQL = """
SELECT
  (SELECT id FROM practice_review WHERE user_id = %(user)s ORDER BY id DESC LIMIT 1),
  (SELECT interview_date FROM practice_profile WHERE user_id = %(user)s ORDER BY id LIMIT 1),
  (SELECT id FROM practice_fittedparameters
     WHERE adopted AND (user_id = %(user)s OR user_id IS NULL)
     ORDER BY CASE WHEN user_id IS NULL THEN 1 ELSE 0 END, fitted_at DESC, id DESC LIMIT 1),
  (SELECT COUNT(*) FROM practice_bookmark INNER JOIN questions_card ON questions_card.id = practice_bookmark.card_id
     WHERE practice_bookmark.user_id = %(user)s AND questions_card.archived_at IS NULL)
"""


@dataclass(frozen=True)
class Stamp:
    latest_review: int | None
    interview_date: date | None
    fit_id: int | None  # as ``FittedParameters.in_use`` picks it; None: the defaults
    bookmarked_active: int


def read_stamp(user_id: int) -> Stamp:
    with connection.cursor() as cursor:
        cursor.execute(_SQL, {"user": user_id})
        latest, interview, fit_id, bookmarked = cursor.fetchone()
    if isinstance(interview, str):  # SQLite may hand back the stored text
        interview = date.fromisoformat(interview)
    return Stamp(latest, interview, fit_id, bookmarked)
