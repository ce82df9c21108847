from django import template
from django.utils.safestring import SafeString

from questions.titles import plain_title, title_html

register = template.Library()


@register.filter
def code_title(title: str) -> SafeString:
    """``{{ card.title|code_title }}``: backtick-quoted parts of a title shown as code."""
    return title_html(str(title))


@register.filter
def plain(title: str) -> str:
    """``{{ card.title|plain }}``: the title without its backticks, for text-only places."""
    return plain_title(str(title))
