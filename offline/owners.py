"""Who a rating queued offline belongs to, as the device's script names them.

A queued rating keeps its owner, so that a rating made by one person is
never sent while another is signed in on the same device. A signed-in person
is ``user:<id>``; a visitor without an account is ``visitor:`` and a hash of
the marker their session ties their quizzes to (the marker itself stays in
the session). A visitor's quizzes become the account's when they sign in;
the markers taken over are listed so their queued ratings go with them.
"""

from __future__ import annotations

import hashlib

from django.http import HttpRequest

from practice.learners.base import OWNER_KEY, TAKEN_OVER_KEY


def visitor(marker: str) -> str:
    return "visitor:" + hashlib.sha256(marker.encode()).hexdigest()[:20]


def current(request: HttpRequest) -> dict:
    """The person asking, their name to show others, and the visitors whose practice they took over."""
    session = request.session
    if request.user.is_authenticated:
        owner, name = f"user:{request.user.pk}", request.user.get_username()
    else:
        marker = session.get(OWNER_KEY, "")
        owner, name = (visitor(marker) if marker else ""), ""
    return {"owner": owner, "name": name, "took_over": [visitor(marker) for marker in session.get(TAKEN_OVER_KEY, [])]}
