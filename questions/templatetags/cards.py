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


def facet_link(facet: Facet, browse_url: str) -> str:
    """One value of a browse facet as a list item linking to its filter."""
    shown, current = (" is-active", ' aria-current="true"') if facet.active else ("", "")
    return (
        f'<li><a class="facet{shown}" href="{_html(browse_url)}{_html(facet.url)}"{current}>'
        f'<span class="facet-label">{_html(facet.label)}</span> <span class="count">{_html(facet.count)}</span></a></li>\n'
    )


@register.simple_tag
def facet_links(facets: list[Facet], browse_url: str, empty: str = "") -> SafeString:
    """``{% facet_links facets browse_url "No tags match." %}``: a facet's values as list items, or ``empty``.

    A browse page lists some sixty of these. As an include each, with its own
    URL reversed, they were a quarter of a page rendered from scratch; as a
    tag each inside a loop, the loop and the tag's own dispatch still cost
    more than writing the items.
    """
    if not facets:
        return mark_safe(f'<li class="empty">{_html(empty)}</li>' if empty else "")
    return mark_safe("".join(facet_link(facet, browse_url) for facet in facets))


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


def card_list_item(card, *, exported: bool = False) -> str:
    """One card of a result list: the markup the include ``includes/card_list_item.html`` had."""
    snippet = getattr(card, "snippet", "")
    status = "" if exported else f'<span class="card-status" id="card-status-{int(card.pk)}"></span>'
    return CARD_ITEM.format(
        _html(card.get_absolute_url()),
        title_html(str(card.title)),
        f'<p class="snippet">{_html(snippet)}</p>' if snippet else "",
        _difficulty_badge(card.difficulty),
        _html(card.topic.name),
        "".join(f'<span class="tag">{_html(tag)}</span>' for tag in card.tag_slugs),
        status,
    )


@register.simple_tag(takes_context=True)
def card_list_items(context: template.Context, cards) -> SafeString:
    """``{% card_list_items cards %}``: the cards of a result list, each as a list item.

    Twenty includes, each including a difficulty badge, were a third of a
    browse page rendered from scratch. A static export has no status slots:
    there is nobody to fill them.
    """
    exported = bool(context.get("static_export"))
    return mark_safe("".join(card_list_item(card, exported=exported) for card in cards))


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
