"""The panel's timeline tag, against the template loop it replaced."""

from __future__ import annotations

from datetime import UTC, datetime

from django.template import Context, Template
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from practice.models import Review
from practice.templatetags.history import history_items

LOOP = Template(
    "{% for review in history %}"
    '<li class="history-item rating-{{ review.name }}" title="{{ review.label }}, '
    '{{ review.reviewed_at|date:\'j M Y H:i\' }}"><span class="history-label">{{ review.label }}</span> '
    '<time datetime="{{ review.reviewed_at|date:\'c\' }}">{{ review.reviewed_at|date:"j M" }}</time></li>'
    "{% if not forloop.last %}\n{% endif %}{% endfor %}"
)

reviews = st.lists(
    st.builds(
        Review,
        rating=st.integers(1, 4),
        reviewed_at=st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1), timezones=st.just(UTC)),
    ),
    max_size=20,
)


@settings(max_examples=100, deadline=None)
@given(history=reviews, zone=st.sampled_from(["UTC", "Asia/Kolkata", "America/St_Johns", "Pacific/Chatham"]))
def test_the_tag_writes_what_the_template_loop_wrote(history, zone):
    with timezone.override(zone):  # the dates are the asker's local time, as the template's were
        assert history_items(history) == LOOP.render(Context({"history": history}))


def test_an_empty_history_is_no_items():
    assert history_items([]) == ""
