"""URLs that would otherwise be reversed afresh for every link on every page.

Reversing a URL walks the resolver's possibilities for the name, matches each
argument against its converter and quotes the result: the same work, with
the same answer, each time a page links to the same place. The answer
depends only on the name and arguments, the URLconf and the script prefix,
so those are the key of what is kept here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse

# What ``<slug:slug>`` accepts; anything else goes to ``reverse``, which refuses it.
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_PLACEHOLDER = "card-slug-placeholder"


def reversed_url(view_name: str, args: tuple = (), kwargs: tuple = (), current_app: str | None = None) -> str:
    """``reverse()`` of a name and fixed arguments, kept per URLconf and script prefix.

    For links whose arguments come from a template's text (the site's header
    and footer), so that the kept answers are bounded by the templates.
    ``kwargs`` is a tuple of pairs, to be hashable.
    """
    return _reversed(get_urlconf(), get_script_prefix(), view_name, args, kwargs, current_app)


@lru_cache(maxsize=512)
def _reversed(urlconf, prefix: str, view_name: str, args: tuple, kwargs: tuple, current_app: str | None) -> str:
    return reverse(view_name, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app)


def card_url(slug: str) -> str:
    """A card page's URL: what ``reverse("questions:card", args=[slug])`` gives, without reversing per card.

    A slug the route accepts is made only of characters that reversing leaves
    unquoted, so the URL is the reversed route with the slug put in.
    """
    if not _SLUG.fullmatch(slug):
        return reverse("questions:card", args=[slug])
    before, after = _card_url_around(get_urlconf(), get_script_prefix())
    return f"{before}{slug}{after}"


@lru_cache(maxsize=64)
def _card_url_around(urlconf, prefix: str) -> tuple[str, str]:
    before, _, after = reverse("questions:card", urlconf=urlconf, args=[_PLACEHOLDER]).rpartition(_PLACEHOLDER)
    return before, after
