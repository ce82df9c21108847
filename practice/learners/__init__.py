"""The person practising, signed in or not: ``learner_for(request)`` gives the one to talk to."""

from __future__ import annotations

from django.http import HttpRequest

from .account import AccountLearner
from .base import Learner
from .followed_plan import Following
from .visitor import SESSION_KEY, VisitorLearner

__all__ = ["SESSION_KEY", "AccountLearner", "Following", "Learner", "VisitorLearner", "learner_for"]


def learner_for(request: HttpRequest) -> Learner:
    """The database's log for a signed-in person, the session's for anyone else; chosen once per request.

    Kept on the request (for the person it was made for: logging in changes that), so that
    Browse's filters, counts and badges ask the same learner and read the interview date once.
    """
    who = request.user.pk if request.user.is_authenticated else None
    kept = getattr(request, "_practice_learner", None)
    if kept is None or kept[0] != who:
        kept = who, AccountLearner(request) if who is not None else VisitorLearner(request)
        request._practice_learner = kept
    return kept[1]
