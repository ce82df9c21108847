"""What django-axes needs from us: the name it counts failures for, and the page a locked-out person sees."""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .limits import too_many


def normalised_username(request: HttpRequest, credentials: dict | None) -> str:
    """The username as Django compares it (NFKC), case-folded, so lookalikes share one count.

    A fullwidth spelling of ``ada`` logs in as ``ada``; counting it apart would give a
    guesser a fresh set of attempts per spelling.
    """
    raw = (credentials or {}).get("username")
    if raw is None:
        raw = request.POST.get("username", "") if request is not None else ""
    return unicodedata.normalize("NFKC", str(raw))[:150].strip().casefold()


def locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    seconds = settings.QUESTIONBANK_LOGIN_LOCKOUT_SECONDS
    minutes = max(1, seconds // 60)
    return too_many(request, f"Too many failed log-in attempts. Try again in {minutes} minutes.", seconds)
