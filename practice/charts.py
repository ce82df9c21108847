"""Charts drawn on the server as SVG: readable without JavaScript, styled by CSS.

Colours come from CSS classes, so the site's light and dark themes apply.
Every chart has a title and a description for screen readers. Elements are
built by ``_tag`` with named attributes, so each value is escaped and a
template never has to be read by counting placeholders.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe

SVG_NAMESPACE = "http://www.w3.org/2000/svg"


def _tag(name: str, *children: object, **attributes: object) -> SafeString:
    """One SVG element with its attributes and text escaped.

    A keyword names its attribute: a trailing ``_`` is dropped (``class_``)
    and other underscores become hyphens (``text_anchor``). Written with
    f-strings over escaped values, not ``format_html``, which formats its
    template again for every element and every attribute; the output is the
    same bytes (``tests/practice/test_chart_output.py``).
    """
    pairs = "".join(f' {_attribute(key)}="{conditional_escape(value)}"' for key, value in attributes.items())
    return mark_safe(f"<{name}{pairs}>{_join(children)}</{name}>")


@cache
def _attribute(keyword: str) -> str:
    return keyword.rstrip("_").replace("_", "-")


def _join(parts: Iterable[object], separator: str = "") -> SafeString:
    return mark_safe(separator.join(conditional_escape(part) for part in parts))


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    css_class: str = ""


def bar_chart(
    bars: list[Bar], *, title: str, description: str, width: int = 480, height: int = 200, label_every: int = 1
) -> SafeString:
    """Vertical bars with their value above and (every ``label_every``-th) label below."""
    top, bottom, side = 24, 28, 8
    plot_height = height - top - bottom
    slot = (width - 2 * side) / max(len(bars), 1)
    bar_width = slot * 0.6
    peak = max((bar.value for bar in bars), default=0) or 1
    shapes = []
    for index, bar in enumerate(bars):
        bar_height = plot_height * bar.value / peak
        x = side + index * slot + (slot - bar_width) / 2
        shown_label = bar.label if index % label_every == 0 else ""
        shown_value = _number(bar.value) if label_every == 1 or bar.value else ""
        shapes.append(
            _bar(bar, x, top + plot_height - bar_height, bar_width, bar_height, shown_label, shown_value, height)
        )
    baseline = top + plot_height
    axis = _tag("line", class_="axis", x1=0, x2=width, y1=baseline, y2=baseline)
    return _svg("chart", width, height, title, description, axis + mark_safe("\n".join(shapes)))


def _bar(bar: Bar, x: float, y: float, width: float, height: float, label: str, value: str, chart_height: int) -> str:
    """One bar of ``bar_chart`` with its value and label, as ``_tag`` would write it, in one f-string.

    A bar chart of a month is thirty of these on each first view of the
    dashboard after a rating, and five elements each through ``_tag`` were
    most of the chart's cost; every text in it is escaped here instead.
    """
    centre, shown = f"{x + width / 2:.1f}", conditional_escape(label)  # a label passed in as safe stays as it is
    return (
        f'<g class="bar {escape(bar.css_class)}"><rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}"'
        f' height="{height:.1f}" rx="3"><title>{escape(bar.label)}: {_number(bar.value)}</title></rect>'
        f'<text class="bar-value" x="{centre}" y="{y - 6:.1f}" text-anchor="middle">{escape(value)}</text>'
        f'<text class="bar-label" x="{centre}" y="{chart_height - 8:.1f}" text-anchor="middle">{shown}</text></g>'
    )


def heatmap(counts: dict[date, int], *, end: date, title: str, days: int = 365) -> SafeString:
    """A contribution calendar: one square a day, weeks as columns, darker for more reviews.

    Its squares are written as plain strings rather than by ``_tag``: every
    value in them is a number or a date, with nothing to escape, and building
    365 of them through ``format_html`` was most of the dashboard's first view.
    """
    cell, gap, top, left = 11, 2, 16, 34
    month_label_width = 28  # room for "May" at the chart's 12px, so a month starting in the last week fits
    start = end - timedelta(days=days - 1)
    first_column_day = start - timedelta(days=start.weekday())  # weeks start on Monday
    weeks = (end - first_column_day).days // 7 + 1
    peak = max(max(counts.values(), default=0), 1)
    squares, months = [], []
    total = active = 0
    for offset in range(days):
        day = start + timedelta(days=offset)
        count = counts.get(day, 0)
        total, active = total + count, active + bool(count)
        level = min(4, 1 + (4 * count - 1) // peak) if count else 0
        x = left + (day - first_column_day).days // 7 * (cell + gap)
        y = top + day.weekday() * (cell + gap)
        noun = "review" if count == 1 else "reviews"
        squares.append(
            f'<rect class="day level-{level}" x="{x}" y="{y}" width="{cell}" height="{cell}" rx="2">'
            f"<title>{day:%a %-d %b %Y}: {count} {noun}</title></rect>"
        )
        if day.day == 1:
            months.append((x, f"{day:%b}"))
    width = max([left + weeks * (cell + gap)] + [x + month_label_width for x, _ in months])
    height = top + 7 * (cell + gap)
    month_labels = [f'<text class="bar-label" x="{x}" y="10">{name}</text>' for x, name in months]
    weekdays = [
        f'<text class="bar-label" x="{left - 5}" y="{top + row * (cell + gap) + 9}" text-anchor="end">{name}</text>'
        for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri"))
    ]
    return _svg(
        "chart heatmap",
        width,
        height,
        title,
        f"{total} reviews on {active} of the last {days} days, {start:%-d %b %Y} to {end:%-d %b %Y}.",
        mark_safe("".join(month_labels + weekdays + squares)),
    )


@dataclass(frozen=True)
class StackedRow:
    label: str
    href: str
    parts: list[tuple[int, str, str, str]]  # (value, css class, label, link)


def stacked_bars(rows: list[StackedRow], *, title: str, description: str, width: int = 560) -> SafeString:
    """One horizontal bar per row, split into parts; each part links somewhere.

    Each row's label is a line of its own above its bar, so a long topic name
    has the chart's whole width, at the phone's larger text too.
    """
    label_height, bar_height, gap = 20, 18, 8
    row_height = label_height + bar_height + gap
    plot = width - 48  # room after the longest bar for its total
    peak = max((sum(value for value, *_ in row.parts) for row in rows), default=0) or 1
    rendered = []
    for index, row in enumerate(rows):
        top = index * row_height + 4
        y, x = top + label_height, 0.0
        segments = []
        for value, css_class, part_label, href in row.parts:
            length = plot * value / peak
            if value:
                tip = _tag("title", f"{row.label}: {value} {part_label}")
                rect = _tag(
                    "rect", tip, class_=css_class, x=f"{x:.1f}", y=y, width=f"{length:.1f}", height=bar_height, rx=2
                )
                segments.append(_tag("a", rect, href=href))
            x += length
        label = _tag("text", row.label, class_="bar-label", x=2, y=top + 14)  # room for a glyph that overhangs
        total = _tag("text", sum(value for value, *_ in row.parts), class_="bar-value", x=f"{x + 6:.1f}", y=y + 14)
        rendered.append(_tag("g", _tag("a", label, href=row.href), *segments, total, class_="stacked-row"))
    height = max(len(rows), 1) * row_height + 4
    # "group", not "img": the bars are links, and an image cannot hold controls.
    return _svg("chart stacked", width, height, title, description, _join(rendered), role="group")


def _svg(
    css_class: str, width: int, height: int, title: str, description: str, body: str, role: str = "img"
) -> SafeString:
    """The chart's frame: a scalable box with a title and a description for screen readers."""
    ident = _slug(title)
    return _tag(
        "svg",
        _tag("title", title, id=f"{ident}-title"),
        _tag("desc", description, id=f"{ident}-desc"),
        body,
        class_=css_class,
        viewBox=f"0 0 {width} {height}",
        role=role,
        aria_labelledby=f"{ident}-title {ident}-desc",
        xmlns=SVG_NAMESPACE,
    )


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _slug(text: str) -> str:
    return "chart-" + "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")[:40]


@dataclass(frozen=True)
class Line:
    label: str
    values: list[int]
    css_class: str


def burn_up(
    days: list[date],
    lines: list[Line],
    *,
    total: int,
    title: str,
    description: str,
    width: int = 600,
    height: int = 220,
) -> SafeString:
    """Lines rising towards ``total`` over ``days``, with the total as a dashed ceiling and a legend."""
    top, bottom, left, right = 20, 44, 32, 12
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(days) - 1, 1)
    peak = max(total, 1)

    def y(value: float) -> float:
        return top + plot_h - plot_h * value / peak

    polylines = [
        _tag(
            "polyline",
            _tag("title", line.label),
            class_=f"burn-line {line.css_class}",
            fill="none",
            points=" ".join(f"{left + i * step:.1f},{y(v):.1f}" for i, v in enumerate(line.values)),
        )
        for line in lines
        if line.values
    ]
    legend = []
    for n, line in enumerate(lines):
        x = left + n * 170
        swatch = _tag("line", class_=f"burn-line {line.css_class}", x1=x, x2=x + 24, y1=height - 10, y2=height - 10)
        text = _tag("text", line.label, class_="bar-label", x=x + 30, y=height - 6)
        legend.append(_tag("g", swatch, text, class_="burn-legend"))
    labels = [
        _tag(
            "text",
            f"{day:%-d %b}",
            class_="bar-label",
            x=f"{left + i * step:.1f}",
            y=top + plot_h + 16,
            text_anchor="middle",
        )
        for i, day in enumerate(days)
        if i % max(1, len(days) // 6) == 0
    ]
    right_edge, baseline, ceiling = left + plot_w, top + plot_h, y(total)
    frame = [
        _tag("line", class_="axis", x1=left, x2=right_edge, y1=baseline, y2=baseline),
        _tag("line", class_="burn-total", x1=left, x2=right_edge, y1=ceiling, y2=ceiling),
        _tag("text", total, class_="bar-value", x=left - 4, y=ceiling + 4, text_anchor="end"),
        _tag("text", "0", class_="bar-value", x=left - 4, y=baseline, text_anchor="end"),
    ]
    return _svg("chart burn-up", width, height, title, description, _join(frame + labels + polylines + legend))
