"""URLs kept per process (``questions.links`` and the ``{% url %}`` builtin) against Django's own reversing."""

from __future__ import annotations

import pytest
from django.template import Context, Engine, Template, TemplateSyntaxError
from django.template.defaulttags import URLNode
from django.test import RequestFactory
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix, set_urlconf
from hypothesis import example, given
from hypothesis import strategies as st

from questions.links import card_url
from questions.templatetags.fixed_urls import FixedURLNode

pytestmark = pytest.mark.one_database


def reversed_or_error(view_name: str, args: list) -> str | type[NoReverseMatch]:
    try:
        return reverse(view_name, args=args)
    except NoReverseMatch:
        return NoReverseMatch


@given(slug=st.text(max_size=30) | st.from_regex(r"[-a-zA-Z0-9_]{1,30}", fullmatch=True))
@example(slug="card-slug-placeholder")
@example(slug="")
@example(slug="a/b")
@example(slug="ünïcode")
def test_a_card_url_is_what_reversing_gives(slug):
    expected = reversed_or_error("questions:card", [slug])
    if expected is NoReverseMatch:
        with pytest.raises(NoReverseMatch):
            card_url(slug)
    else:
        assert card_url(slug) == expected


@pytest.mark.parametrize("prefix", ["/", "/bank/", "/card-slug-placeholder/"])
def test_a_card_url_follows_the_script_prefix(prefix):
    set_script_prefix(prefix)
    try:
        assert card_url("asyncio-basics") == reverse("questions:card", args=["asyncio-basics"])
        assert card_url("asyncio-basics") == f"{prefix}questions/asyncio-basics/"
    finally:
        clear_script_prefix()


def test_a_card_url_follows_a_request_urlconf():
    set_urlconf("tests.urls_mounted")
    try:
        assert card_url("asyncio-basics") == "/mounted/questions/asyncio-basics/"
    finally:
        set_urlconf(None)


def test_a_url_written_out_in_the_template_is_kept_and_one_with_a_variable_is_not():
    fixed = Template("{% url 'questions:browse' %}").nodelist[0]
    variable = Template("{% url 'questions:card' slug %}").nodelist[0]
    assert isinstance(fixed, FixedURLNode)
    assert type(variable) is URLNode
    assert type(Template("{% url name %}").nodelist[0]) is URLNode
    assert type(Template("{% url 'questions:card' 'x'|upper %}").nodelist[0]) is URLNode


@pytest.mark.parametrize(
    "source",
    [
        "{% url 'questions:browse' %}",
        "{% url 'questions:card' 'asyncio-basics' %}",
        "{% url 'questions:card' slug='asyncio-basics' %}",
        "{% url 'questions:browse' as browse %}[{{ browse }}]",
        "{% url 'questions:card' 'a&b' as broken %}[{{ broken }}]",
        "{% url 'practice:start' %}?next={% url 'questions:home' %}",
    ],
)
@pytest.mark.parametrize("prefix", ["/", "/a&b/"])
def test_the_kept_url_tag_renders_what_djangos_renders(source, prefix):
    django_engine = Engine()  # Django's own builtins only
    request = RequestFactory().get("/")
    set_script_prefix(prefix)
    try:
        ours = Template(source).render(Context({"request": request}))
        theirs = django_engine.from_string(source).render(Context({"request": request}))
    finally:
        clear_script_prefix()
    assert ours == theirs
    assert prefix.replace("&", "&amp;") in ours or "[]" in ours


def test_a_fixed_url_that_does_not_reverse_is_an_error_as_in_django():
    with pytest.raises(NoReverseMatch):
        Template("{% url 'questions:no-such-page' %}").render(Context())
    with pytest.raises(TemplateSyntaxError):
        Template("{% url %}")
