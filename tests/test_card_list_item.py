"""The result list's tags, against the include and the ``format_html`` they replaced."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from hypothesis import given, settings
from hypothesis import strategies as st

from questions.browsing import Facet, highlight
from questions.models import Card, Topic
from questions.templatetags.cards import facet_link

INCLUDE = Template(
    """<li class="card-item">
  <a class="card-item-title" href="{{ card.get_absolute_url }}">{{ card.title|code_title }}</a>
  {% if card.snippet %}<p class="snippet">{{ card.snippet }}</p>{% endif %}
  <div class="card-item-meta">
    <span class="badge difficulty-{{ card.difficulty }}">{{ card.difficulty|capfirst }}</span>
    <span class="topic-name">{{ card.topic.name }}</span>
    {% for tag in card.tag_slugs %}<span class="tag">{{ tag }}</span>{% endfor %}
    {% if not static_export %}<span class="card-status" id="card-status-{{ card.pk }}"></span>{% endif %}
  </div>
</li>
"""
)
TAG = Template("{% card_list_items cards %}")
text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=40)


def spaced(html: str) -> str:
    """Runs of white space as one space: what a browser shows of them."""
    return re.sub(r"\s+", " ", html).strip()


@settings(max_examples=100, deadline=None)
@given(
    title=text,
    snippet=st.none() | text,
    difficulty=st.sampled_from(["easy", "medium", "hard"]),
    topic=text,
    tags=st.lists(st.from_regex(r"[a-z0-9-]{1,12}", fullmatch=True), max_size=4),
    exported=st.booleans(),
    pk=st.integers(1, 10**6),
)
def test_the_tag_writes_what_the_include_wrote(title, snippet, difficulty, topic, tags, exported, pk):
    card = Card(pk=pk, slug=f"card-{pk}", title=title, difficulty=difficulty)
    card.topic = Topic(path="t", name=topic)
    card.tag_slugs = tags
    if snippet is not None:
        card.snippet = highlight(snippet.replace("a", "\x02a\x03"))
    context = {"card": card, "cards": [card], "static_export": {"search_url": "search.html"} if exported else None}
    assert spaced(TAG.render(Context(context))) == spaced(INCLUDE.render(Context(context)))


@pytest.mark.django_db
def test_browse_lists_each_card_with_its_badge_topic_tags_and_status_slot(client, synced):
    page = client.get("/questions/?q=depends").content.decode()
    item = page[page.index('<li class="card-item">') : page.index("</li>", page.index('<li class="card-item">'))]
    assert 'href="/questions/dependency-injection/"' in item and "How does Depends work?" in item
    assert '<span class="badge difficulty-hard">Hard</span>' in item
    assert '<span class="tag">di</span><span class="tag">fastapi</span>' in item
    assert 'id="card-status-' in item
    assert '<p class="snippet">Some <mark>context</mark>' in client.get("/questions/?q=context").content.decode()


def facet_link_as_it_was(facet: Facet, browse_url: str) -> str:
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


@settings(max_examples=100, deadline=None)
@given(
    label=text, count=st.integers(0, 10**6), url=text, active=st.booleans(), browse_url=st.sampled_from(["/q/", "a&b"])
)
def test_a_facet_link_is_what_format_html_wrote(label, count, url, active, browse_url):
    facet = Facet(label, label, count, url, active)
    assert facet_link(facet, browse_url) == facet_link_as_it_was(facet, browse_url)


@settings(max_examples=50, deadline=None)
@given(labels=st.lists(text, max_size=5), empty=st.sampled_from(["", "No tags match."]))
def test_a_facet_list_is_its_links_or_the_empty_note(labels, empty):
    facets = [Facet(label, label, n, f"?tag={n}", n == 0) for n, label in enumerate(labels)]
    context = Context({"facets": facets, "browse_url": "/questions/", "empty": empty})
    html = Template("{% facet_links facets browse_url empty %}").render(context)
    if facets:
        assert html == "".join(facet_link_as_it_was(facet, "/questions/") for facet in facets)
    else:
        assert html == (f'<li class="empty">{empty}</li>' if empty else "")


LINK_LIST_INCLUDE = Template(
    """<ul class="link-list">
  {% for other in cards %}<li><a href="{{ other.get_absolute_url }}">{{ other.title|code_title }}</a> <span class="badge difficulty-{{ other.difficulty }}">{{ other.difficulty|capfirst }}</span>
</li>{% endfor %}
</ul>"""
)


@settings(max_examples=100, deadline=None)
@given(
    cards=st.lists(
        st.tuples(text, st.sampled_from(["easy", "medium", "hard"]), st.integers(1, 10**6)),
        max_size=6,
        unique_by=lambda c: c[2],
    )
)
def test_a_link_list_is_what_its_include_wrote(cards):
    """The related and follow-up lists of a card page: titles (escaped, code in backticks) and badges."""
    context = Context(
        {"cards": [Card(pk=pk, slug=f"card-{pk}", title=title, difficulty=level) for title, level, pk in cards]}
    )
    tag, include = (
        spaced(html).replace(" </li>", "</li>")
        for html in [Template("{% link_list cards %}").render(context), LINK_LIST_INCLUDE.render(context)]
    )
    assert tag == include  # but for the include's line break before each </li>, which shows as nothing
