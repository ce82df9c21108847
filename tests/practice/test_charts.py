"""Chart functions produce valid SVG with the right number of shapes."""

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from practice.charts import Bar, StackedRow, bar_chart, heatmap, stacked_bars

SVG = "{http://www.w3.org/2000/svg}"
END = date(2026, 11, 25)


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text and root.find(f"{SVG}desc").text is not None
    return root


@pytest.mark.parametrize("counts", [{}, {END: 1}, {END - timedelta(days=n): n % 7 for n in range(365)}])
def test_the_heatmap_has_one_square_per_day(counts):
    root = parse(heatmap(counts, end=END, title="Reviews"))
    squares = root.findall(f".//{SVG}rect")
    assert len(squares) == 365
    assert all(square.find(f"{SVG}title") is not None for square in squares)


def test_heatmap_levels_grow_with_the_count_and_titles_say_it():
    root = parse(heatmap({END: 1, END - timedelta(days=1): 8}, end=END, title="Reviews"))
    by_title = {rect.find(f"{SVG}title").text: rect.get("class") for rect in root.iter(f"{SVG}rect")}
    assert by_title["Wed 25 Nov 2026: 1 review"] == "day level-1"
    assert by_title["Tue 24 Nov 2026: 8 reviews"] == "day level-4"
    assert by_title["Mon 23 Nov 2026: 0 reviews"] == "day level-0"


@pytest.mark.parametrize("end", [date(2026, 12, 1), date(2026, 12, 7), END])
def test_the_heatmaps_labels_fit_inside_it_and_clear_the_squares(end):
    root = parse(heatmap({}, end=end, title="Reviews"))
    width = float(root.get("viewBox").split()[2])
    first_column = min(float(rect.get("x")) for rect in root.iter(f"{SVG}rect"))
    texts = list(root.iter(f"{SVG}text"))
    months = [t for t in texts if t.text not in ("Mon", "Wed", "Fri")]
    assert months and all(float(t.get("x")) + 26 <= width for t in months)  # "Dec" is about 24 units at 12px
    days = [t for t in texts if t.text in ("Mon", "Wed", "Fri")]
    assert all(t.get("text-anchor") == "end" and float(t.get("x")) <= first_column - 4 for t in days)


@pytest.mark.parametrize("values", [[], [0, 0, 0, 0], [3, 0, 5, 1]])
def test_bar_charts_have_one_bar_per_value(values):
    root = parse(bar_chart([Bar(str(n), v) for n, v in enumerate(values)], title="T", description="D"))
    rects = root.findall(f".//{SVG}rect")
    assert len(rects) == len(values)
    heights = [float(rect.get("height")) for rect in rects]
    if values and max(values):
        assert heights[values.index(max(values))] == max(heights)


def test_stacked_bars_link_each_part_and_skip_empty_parts():
    rows = [
        StackedRow("SQL", "/q?topic=sql", [(2, "mastery-new", "new", "/n"), (0, "mastery-learning", "learning", "/l")]),
        StackedRow(
            "Git", "/q?topic=git", [(1, "mastery-new", "new", "/n2"), (4, "mastery-mastered", "mastered", "/m")]
        ),
    ]
    root = parse(stacked_bars(rows, title="Mastery", description="per topic"))
    assert len(root.findall(f".//{SVG}rect")) == 3
    assert [a.get("href") for a in root.iter(f"{SVG}a")] == ["/q?topic=sql", "/n", "/q?topic=git", "/n2", "/m"]


def test_a_stacked_rows_label_is_a_line_of_its_own_above_its_bar_whatever_its_length():
    name = "Python / Django REST framework / serializers and viewsets"
    rows = [StackedRow(name, "/t", [(3, "mastery-new", "new", "/n")]), StackedRow("Git", "/g", [(1, "m", "x", "/m")])]
    root = parse(stacked_bars(rows, title="Mastery", description="per topic"))
    for group in root.iter(f"{SVG}g"):
        label = next(t for t in group.iter(f"{SVG}text") if t.get("class") == "bar-label")
        bar = next(group.iter(f"{SVG}rect"))
        assert label.get("x") == "2" and label.get("text-anchor") is None  # starts at the left edge, runs right
        assert float(label.get("y")) < float(bar.get("y")) and float(bar.get("x")) == 0


def test_text_in_charts_is_escaped():
    svg = bar_chart([Bar("<script>", 1)], title="a & b", description="<x>")
    assert "<script>" not in svg
    parse(svg)


def test_long_bar_charts_label_every_nth_bar_and_hide_zero_values():
    root = parse(bar_chart([Bar(f"d{n}", n % 2) for n in range(14)], title="T", description="D", label_every=7))
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "bar-label"]
    values = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "bar-value"]
    assert [label for label in labels if label] == ["d0", "d7"]
    assert [value for value in values if value] == ["1"] * 7


def test_the_svg_builder_names_attributes_by_keyword_and_escapes_every_value():
    from practice.charts import _tag

    element = _tag("text", "<b> & 1", _tag("tspan", "x"), class_="bar-label", text_anchor="end", x='"0"')
    assert element == (
        '<text class="bar-label" text-anchor="end" x="&quot;0&quot;">&lt;b&gt; &amp; 1<tspan>x</tspan></text>'
    )


def reference_heatmap(counts: dict[date, int], *, end: date, title: str, days: int = 365) -> str:
    """The heatmap as it was built element by element through ``format_html``, before it was made fast."""
    from practice.charts import _join, _svg, _tag

    cell, gap, top, left = 11, 2, 16, 34
    start = end - timedelta(days=days - 1)
    first_column_day = start - timedelta(days=start.weekday())
    weeks = (end - first_column_day).days // 7 + 1
    peak = max(counts.values(), default=0)
    squares, months = [], []
    for offset in range(days):
        day = start + timedelta(days=offset)
        column = (day - first_column_day).days // 7
        count = counts.get(day, 0)
        level = 0 if not count else min(4, 1 + (4 * count - 1) // max(peak, 1))
        x, y = left + column * (cell + gap), top + day.weekday() * (cell + gap)
        noun = "review" if count == 1 else "reviews"
        tip = _tag("title", f"{day:%a %-d %b %Y}: {count} {noun}")
        squares.append(_tag("rect", tip, class_=f"day level-{level}", x=x, y=y, width=cell, height=cell, rx=2))
        if day.day == 1:
            months.append((x, f"{day:%b}"))
    width = max([left + weeks * (cell + gap)] + [x + 28 for x, _ in months])
    height = top + 7 * (cell + gap)
    month_labels = [_tag("text", name, class_="bar-label", x=x, y=10) for x, name in months]
    weekdays = [
        _tag("text", name, class_="bar-label", x=left - 5, y=top + row * (cell + gap) + 9, text_anchor="end")
        for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri"))
    ]
    total = sum(counts.get(start + timedelta(days=n), 0) for n in range(days))
    active = sum(1 for n in range(days) if counts.get(start + timedelta(days=n)))
    description = f"{total} reviews on {active} of the last {days} days, {start:%-d %b %Y} to {end:%-d %b %Y}."
    return _svg("chart heatmap", width, height, title, description, _join(month_labels + weekdays + squares))


@settings(max_examples=150, deadline=None)
@given(
    end=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    offsets=st.dictionaries(st.integers(-30, 400), st.integers(0, 5000), max_size=60),
    days=st.sampled_from([365, 364, 30, 7, 1]),
    title=st.text(max_size=30),
)
def test_the_heatmap_is_byte_identical_to_the_one_built_by_tags(end, offsets, days, title):
    counts = {end - timedelta(days=offset): count for offset, count in offsets.items()}
    assert str(heatmap(counts, end=end, title=title, days=days)) == str(
        reference_heatmap(counts, end=end, title=title, days=days)
    )
