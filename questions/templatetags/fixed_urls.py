"""``{% url %}`` as Django has it, except that a link whose name and arguments are all
written in the template is reversed once per process, not on every render.

The header and footer of every page hold a dozen such links; reversed each
time, they were a tenth of a card page rendered from scratch. Loaded as a
builtin after Django's own, so every template's ``{% url %}`` is this one.
"""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, Variable
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from questions.links import reversed_url

register = template.Library()


def _fixed(expression: FilterExpression) -> bool:
    """Whether the expression is a literal, the same on every render."""
    return not isinstance(expression.var, Variable) and not expression.filters


class FixedURLNode(URLNode):
    def render(self, context: template.Context) -> str:
        try:
            url = reversed_url(
                self.view_name.var,
                tuple(arg.var for arg in self.args),
                tuple((name, value.var) for name, value in self.kwargs.items()),
                _current_app(context),
            )
        except NoReverseMatch:
            if self.asvar is None:
                raise
            url = ""
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


def _current_app(context: template.Context) -> str | None:
    """The namespace ``{% url %}`` reverses in, found as Django's tag finds it."""
    request = getattr(context, "request", None)
    if hasattr(request, "current_app"):
        return request.current_app
    match = getattr(request, "resolver_match", None)
    return getattr(match, "namespace", None)


@register.tag
def url(parser: template.base.Parser, token: template.base.Token) -> URLNode:
    node = django_url(parser, token)
    expressions = [node.view_name, *node.args, *node.kwargs.values()]
    if all(_fixed(expression) for expression in expressions):
        return FixedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
    return node
