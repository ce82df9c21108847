"""Signed links that confirm a new e-mail address.

Nothing is stored until the link is opened: the link itself carries who asked,
the new address and the address it replaces, signed and timestamped. Checking
the old address on use makes each link work once, and retires older links as
soon as any change goes through.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

SALT = "accounts.email-change"
MAX_AGE = 3 * 24 * 3600  # seconds a confirmation link stays usable


@dataclass(frozen=True)
class EmailChange:
    user_id: int
    email: str
    replaces: str


def make_token(user, email: str) -> str:
    return signing.dumps({"user": user.pk, "email": email, "replaces": user.email}, salt=SALT, compress=True)


def read_token(token: str) -> EmailChange | None:
    """The change a link asks for; None if it is forged, mangled or older than ``MAX_AGE``."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        change = EmailChange(user_id=data["user"], email=data["email"], replaces=data["replaces"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if not isinstance(change.user_id, int) or not isinstance(change.email, str) or not isinstance(change.replaces, str):
        return None
    return change
