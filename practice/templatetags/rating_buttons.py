"""The four rating buttons, the same markup under every card: rendered once per prompt and kept."""

from __future__ import annotations

from functools import cache

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from ..scheduler import RATING_BUTTONS

register = template.Library()


@register.simple_tag
def rating_buttons(prompt_id: str) -> SafeString:
    """``practice/rating_buttons.html`` for the prompt with this id.

    Nothing in it depends on the person, the card or the request; rendered
    through the template language on every request, its loop over the ratings
    was a third of the practice panel's render. Under DEBUG it is rendered each
    time, so that an edit to the template shows at once.
    """
    if settings.DEBUG:
        return _render(prompt_id)
    return _kept(prompt_id)


def _render(prompt_id: str) -> SafeString:
    return mark_safe(
        render_to_string("practice/rating_buttons.html", {"prompt_id": prompt_id, "ratings": RATING_BUTTONS})
    )


_kept = cache(_render)
