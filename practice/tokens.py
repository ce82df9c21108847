"""One-time tokens for rating forms.

Each rendered form carries a fresh signed token. The token makes a repeated
post (double click, retry) recognisable, and its timestamp says how long the
person spent on the card before rating it.
"""

from __future__ import annotations

import secrets
import time

from django.core import signing

TOKEN_MAX_AGE = 7 * 24 * 3600  # seconds a rendered rating form stays usable
MAX_SECONDS_ON_CARD = 30 * 60  # longer than this, the tab was left open

_signer = signing.TimestampSigner(salt="practice.rating-token")


class InvalidToken(Exception):
    """The token was forged, mangled or is too old to use."""


def new_token() -> str:
    return _signer.sign(secrets.token_urlsafe(12))


def seconds_on_card(token: str, now: float | None = None) -> int:
    """Seconds from the form being rendered to now, capped; raises InvalidToken."""
    try:
        _signer.unsign(token, max_age=TOKEN_MAX_AGE)
        issued = signing.b62_decode(token.rsplit(":", 2)[1])
    except (signing.BadSignature, ValueError, IndexError) as error:
        raise InvalidToken(str(error)) from error
    elapsed = int((now if now is not None else time.time()) - issued)
    return max(0, min(elapsed, MAX_SECONDS_ON_CARD))
