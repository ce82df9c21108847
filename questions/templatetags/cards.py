from __future__ import annotations

import html
from typing import TYPE_CHECKING

from django import template
from django.template.defaultfilters import capfirst
from django.utils.safestring import SafeString, mark_safe

from questions.titles import plain_title, title_html

if TYPE_CHECKING:
    from questions.browsing import Facet

register = template.Library()


@register.filter
def code_title(title: str) -> SafeString:
    """``{{ card.title|code_title }}``: backtick-quoted parts of a title shown as code."""
    return title_html(str(title))


@register.filter
def plain(title: str) -> str:
    """``{{ card.title|plain }}``: the title without its backticks, for text-only places."""
    return plain_title(str(title))


def _html(value) -> str:
    """``value`` as HTML: escaped, unless it is already safe; what ``format_html`` does to each
    argument, without its lazy-string checks, which were most of its cost in these tags."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


@register.simple_tag
def facet_link(facet: Facet, browse_url: str) -> SafeString:
    """``{% facet_link facet browse_url %}``: one value of a browse facet as a list item linking to its filter.

    A browse page lists some sixty of these; as an include each, with its
    own URL reversed, they were a quarter of a page rendered from scratch.
    """
    shown, current = (" is-active", ' aria-current="true"') if facet.active else ("", "")
    return mark_safe(
        f'<li><a class="facet{shown}" href="{_html(browse_url)}{_html(facet.url)}"{current}>'
        f'<span class="facet-label">{_html(facet.label)}</span> <span class="count">{_html(facet.count)}</span></a></li>\n'
    )


CARD_ITEM = """<li class="card-item">
  <a class="card-item-title" href="{}">{}</a>
  {}
  <div class="card-item-meta">
    {}
    <span class="topic-name">{}</span>
    {}
    {}
  </div>
</li>
"""


@register.simple_tag(takes_context=True)
def card_list_item(context: template.Context, card) -> SafeString:
    """``{% card_list_item card %}``: one card of a result list, the same markup as the include
    ``includes/card_list_item.html`` had. Twenty of those, each including a difficulty badge,
    were a third of a browse page rendered from scratch."""
    snippet = getattr(card, "snippet", "")
    status = (
        "" if context.get("static_export") else f'<span class="card-status" id="card-status-{int(card.pk)}"></span>'
    )
    return mark_safe(
        CARD_ITEM.format(
            _html(card.get_absolute_url()),
            title_html(str(card.title)),
            f'<p class="snippet">{_html(snippet)}</p>' if snippet else "",
            _difficulty_badge(card.difficulty),
            _html(card.topic.name),
            "".join(f'<span class="tag">{_html(tag)}</span>' for tag in card.tag_slugs),
            status,
        )
    )


@register.simple_tag
def link_list(cards) -> SafeString:
    """``{% link_list cards %}``: titles linking to these cards, each with its difficulty badge.

    The related and follow-up lists of a card page rendered from scratch,
    as an include with an include per card, cost more than the rest of its body.
    """
    items = "".join(
        f'<li><a href="{_html(card.get_absolute_url())}">{title_html(str(card.title))}</a> '
        f"{_difficulty_badge(card.difficulty)}</li>"
        for card in cards
    )
    return mark_safe(f'<ul class="link-list">\n  {items}\n</ul>')


def _difficulty_badge(difficulty: str) -> str:
    """What ``includes/difficulty.html`` writes, for the tags that write a card's markup themselves."""
    return f'<span class="badge difficulty-{_html(difficulty)}">{_html(capfirst(difficulty))}</span>'
