"""Who is asking the API: a personal access token, or the site's own session.

A bearer token that is wrong or revoked is refused outright rather than
treated as no token, so a script with a dead token learns it at once.
Session authentication checks the CSRF token on writes, as the site's forms
do; a token needs none, since no browser sends it by itself.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer

from .models import AccessToken


class BadToken(AuthenticationError):
    """A bearer token was sent, and it is not a live one."""


class TokenAuth(HttpBearer):
    """``Authorization: Bearer qbt_…``: a personal access token made on the account's token page."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = AccessToken.find(token)
        if found is None:
            raise BadToken()
        request.user = found.user
        return found.user


class SessionAuth(APIKeyCookie):
    """The session cookie of a signed-in person; writes need the CSRF token in ``X-CSRFToken``."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if key and request.user.is_authenticated else None


class SessionLearner(SessionAuth):
    """Any session, a visitor's too: for the quizzes a visitor started without an account."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if request.user.is_authenticated else bool(key)


def anyone(request: HttpRequest) -> bool:
    """Public reads: no credentials needed, but a token sent is still checked (see ``PUBLIC``)."""
    return True


token_auth = TokenAuth()
PERSONAL = [token_auth, SessionAuth()]
QUIZ_OWNER = [token_auth, SessionLearner()]
PUBLIC = [token_auth, anyone]
