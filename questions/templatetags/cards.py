from __future__ import annotations

from typing import TYPE_CHECKING

from django import template
from django.template.defaultfilters import capfirst
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

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


@register.simple_tag
def facet_link(facet: Facet, browse_url: str) -> SafeString:
    """``{% facet_link facet browse_url %}``: one value of a browse facet as a list item linking to its filter.

    A browse page lists some sixty of these; as an include each, with its
    own URL reversed, they were a quarter of a page rendered from scratch.
    """
    active = facet.active
    return format_html(
        '<li><a class="facet{}" href="{}{}"{}><span class="facet-label">{}</span> <span class="count">{}</span></a></li>\n',
        " is-active" if active else "",
        browse_url,
        facet.url,
        SafeString(' aria-current="true"') if active else "",
        facet.label,
        facet.count,
    )


CARD_ITEM = """<li class="card-item">
  <a class="card-item-title" href="{}">{}</a>
  {}
  <div class="card-item-meta">
    <span class="badge difficulty-{}">{}</span>
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
    return format_html(
        CARD_ITEM,
        card.get_absolute_url(),
        title_html(str(card.title)),
        format_html('<p class="snippet">{}</p>', snippet) if snippet else "",
        card.difficulty,
        capfirst(card.difficulty),
        card.topic.name,
        format_html_join("", '<span class="tag">{}</span>', ((tag,) for tag in card.tag_slugs)),
        ""
        if context.get("static_export")
        else format_html('<span class="card-status" id="card-status-{}"></span>', card.pk),
    )
