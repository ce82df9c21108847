"""What is worked out from a signed-in person's practice, kept until something it is worked out from changes."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.cache import cache

from questions.pagecache import bank_version

if TYPE_CHECKING:
    from .base import Learner

KEPT_SECONDS = 24 * 3600


def kept_for_person[T](
    learner: Learner,
    name: str,
    now: datetime,
    compute: Callable[[], T],
    *,
    plan_id: int | None = None,
    detail: str = "",
    until: Callable[[datetime], datetime | None] | None = None,
) -> T:
    """``compute()``, kept for a signed-in person until they rate (one of the cards of the plan
    ``plan_id``, if given), the bank changes, the day turns, or their interview date or
    FSRS parameters change; and, if ``until(now)`` names a moment, no later than that.

    Besides the clock, those are all a person's figures are worked out from, so
    the key holds each of them. ``until`` is for what the clock alone moves, such
    as a card falling due or a review leaving the last seven days: with it, a
    figure that changes every few minutes is still exact. ``detail`` tells apart
    two values of one name (the filters counted under, say). A visitor's log is
    in their session and cheap to count again, so it is not kept.
    """
    if learner.user is None:
        return compute()
    marker = learner.figures.latest_review_marker(plan_id)
    parts = [marker, str(now.date()), str(learner.interview_date), learner.parameters_key, bank_version(), detail]
    key = f"{name}:{learner.user.pk}:" + hashlib.sha256("\x00".join(parts).encode()).hexdigest()
    found = cache.get(key)
    if found is not None and (found[0] is None or now < found[0]):
        return found[1]
    expires = until(now) if until else None
    value = compute()
    cache.set(key, (expires, value), KEPT_SECONDS)
    return value


def earliest(*moments: datetime | None) -> datetime | None:
    """The first of these moments that is one; None if none is."""
    return min((moment for moment in moments if moment is not None), default=None)


def kept_seconds(learner: Learner) -> int:
    """How long a fragment drawn from a person's kept figures may be cached: not at all for a
    visitor, whose figures are worked out afresh on each view."""
    return KEPT_SECONDS if learner.user else 0
