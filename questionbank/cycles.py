"""The reference cycles every request makes, broken once its response is done.

Django's authentication and messages middleware, django-htmx and practice's
learner each hang something on the request that holds the request, and a
template context holds a ContextDict for each push, each of which holds the
context. So everything a page touched (its request, its context, the cards
and lazy values the view put there) could only be freed by the cyclic garbage
collector, never by reference counting. Each request left some 150 such
objects behind, and every dozen requests a collection ran in the middle of
one, adding its pause to that request's time. With these cycles broken a page
leaves nothing for the collector, and ``tests/test_cycles.py`` holds every
page to that.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.http import HttpRequest, HttpResponse
from django.template import TemplateDoesNotExist
from django.template.backends import django as django_backend
from django.template.context import make_context


def release_request_cycles(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    """Outermost middleware: once the response is closed, the request drops what it gained on the way.

    That is where the cycles are: the lazy user and its async twin (auth),
    the message storage (messages), HtmxDetails, the learner practice keeps,
    each holding the request. What the request arrived with (its path, its
    headers) stays. Closed, not returned: the server closes the response
    after sending the last byte, so a streamed body, or the handler logging
    an error response, can still read ``request.user``.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        arrived_with = set(request.__dict__)
        response = get_response(request)
        # Django closes a response with the callables on this list; it puts request.close there itself.
        response._resource_closers.append(partial(_release, request, arrived_with))
        return response

    return middleware


def _release(request: HttpRequest, arrived_with: set[str]) -> None:
    for name in set(request.__dict__) - arrived_with:
        del request.__dict__[name]


class Template(django_backend.Template):
    def render(self, context: dict | None = None, request: HttpRequest | None = None) -> str:
        """Django's rendering, with the context's dicts dropped afterwards to break its cycles.

        The test client keeps copies of the context, with lists of their own,
        so ``response.context`` is whole.
        """
        context = make_context(context, request, autoescape=self.backend.engine.autoescape)
        try:
            return self.template.render(context)
        except TemplateDoesNotExist as exc:
            django_backend.reraise(exc, self.backend)
        finally:
            context.dicts.clear()


class DjangoTemplates(django_backend.DjangoTemplates):
    """Django's template engine, whose templates are the ones above."""

    def from_string(self, template_code: str) -> Template:
        return Template(self.engine.from_string(template_code), self)

    def get_template(self, template_name: str) -> Template:
        try:
            return Template(self.engine.get_template(template_name), self)
        except TemplateDoesNotExist as exc:
            django_backend.reraise(exc, self)
