"""Card titles may quote code in backticks: ``What does `select_related` do?``.

Pages show the quoted part as code; every plain-text place (the page's
``<title>``, search, Anki, exports) shows the words without the backticks.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_CODE_SPAN = re.compile(r"`([^`]+)`")


def title_html(title: str) -> SafeString:
    """The title escaped, with each backtick-quoted part in ``<code>``; an unpaired backtick stays text."""
    parts = _CODE_SPAN.split(title)
    # split() puts the quoted parts at odd positions.
    return mark_safe(
        "".join(f"<code>{escape(part)}</code>" if index % 2 else escape(part) for index, part in enumerate(parts))
    )


def plain_title(title: str) -> str:
    return _CODE_SPAN.sub(r"\1", title)
