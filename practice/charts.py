"""Charts drawn on the server as SVG: readable without JavaScript, styled by CSS.

Colours come from CSS classes, so the site's light and dark themes apply.
Every chart has a title and a description for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


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
        y = top + plot_height - bar_height
        centre = x + bar_width / 2
        shown_label = bar.label if index % label_every == 0 else ""
        shown_value = _number(bar.value) if label_every == 1 or bar.value else ""
        shapes.append(
            (
                f"{x:.1f}",
                f"{y:.1f}",
                f"{bar_width:.1f}",
                f"{bar_height:.1f}",
                bar.css_class,
                bar.label,
                _number(bar.value),
                f"{centre:.1f}",
                f"{y - 6:.1f}",
                f"{height - 8:.1f}",
                shown_label,
                shown_value,
            )
        )
    body = format_html_join(
        "\n",
        '<g class="bar {4}"><rect x="{0}" y="{1}" width="{2}" height="{3}" rx="3"><title>{5}: {6}</title></rect>'
        '<text class="bar-value" x="{7}" y="{8}" text-anchor="middle">{11}</text>'
        '<text class="bar-label" x="{7}" y="{9}" text-anchor="middle">{10}</text></g>',
        shapes,
    )
    axis = format_html(
        '<line class="axis" x1="0" x2="{}" y1="{}" y2="{}"></line>', width, top + plot_height, top + plot_height
    )
    return _svg("chart", width, height, title, description, axis + body)


def heatmap(counts: dict[date, int], *, end: date, title: str, days: int = 365) -> SafeString:
    """A contribution calendar: one square a day, weeks as columns, darker for more reviews."""
    cell, gap, top, left = 11, 2, 16, 34
    month_label_width = 28  # room for "May" at the chart's 12px, so a month starting in the last week fits
    start = end - timedelta(days=days - 1)
    first_column_day = start - timedelta(days=start.weekday())  # weeks start on Monday
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
        squares.append((x, y, cell, level, f"{day:%a %-d %b %Y}: {count} {noun}"))
        if day.day == 1:
            months.append((x, f"{day:%b}"))
    width = max([left + weeks * (cell + gap)] + [x + month_label_width for x, _ in months])
    height = top + 7 * (cell + gap)
    total = sum(counts.get(start + timedelta(days=n), 0) for n in range(days))
    active = sum(1 for n in range(days) if counts.get(start + timedelta(days=n)))
    return _svg(
        "chart heatmap",
        width,
        height,
        title,
        f"{total} reviews on {active} of the last {days} days, {start:%-d %b %Y} to {end:%-d %b %Y}.",
        format_html_join("", '<text class="bar-label" x="{}" y="10">{}</text>', months)
        + format_html_join(
            "",
            '<text class="bar-label" x="{}" y="{}" text-anchor="end">{}</text>',
            [(left - 5, top + row * (cell + gap) + 9, name) for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri"))],
        )
        + format_html_join(
            "",
            '<rect class="day level-{3}" x="{0}" y="{1}" width="{2}" height="{2}" rx="2"><title>{4}</title></rect>',
            squares,
        ),
    )


@dataclass(frozen=True)
class StackedRow:
    label: str
    href: str
    parts: list[tuple[int, str, str, str]]  # (value, css class, label, link)


def stacked_bars(rows: list[StackedRow], *, title: str, description: str, width: int = 560) -> SafeString:
    """One horizontal bar per row, split into parts; each part links somewhere."""
    label_width, row_height, bar_height = 170, 26, 18
    plot = width - label_width - 40
    peak = max((sum(value for value, *_ in row.parts) for row in rows), default=0) or 1
    rendered = []
    for index, row in enumerate(rows):
        y = index * row_height + 4
        x = label_width
        segments = []
        for value, css_class, part_label, href in row.parts:
            length = plot * value / peak
            if value:
                segments.append(
                    format_html(
                        '<a href="{}"><rect class="{}" x="{}" y="{}" width="{}" height="{}" rx="2">'
                        "<title>{}: {} {}</title></rect></a>",
                        href,
                        css_class,
                        f"{x:.1f}",
                        y,
                        f"{length:.1f}",
                        bar_height,
                        row.label,
                        value,
                        part_label,
                    )
                )
            x += length
        total = sum(value for value, *_ in row.parts)
        rendered.append(
            format_html(
                '<g class="stacked-row"><a href="{}"><text class="bar-label" x="{}" y="{}" text-anchor="end">{}</text></a>'
                '{}<text class="bar-value" x="{}" y="{}">{}</text></g>',
                row.href,
                label_width - 8,
                y + 13,
                row.label,
                format_html_join("", "{}", ((s,) for s in segments)),
                f"{x + 6:.1f}",
                y + 13,
                total,
            )
        )
    height = max(len(rows), 1) * row_height + 8
    body = format_html_join("", "{}", ((r,) for r in rendered))
    # "group", not "img": the bars are links, and an image cannot hold controls.
    return _svg("chart stacked", width, height, title, description, body, role="group")


def _svg(
    css_class: str, width: int, height: int, title: str, description: str, body: str, role: str = "img"
) -> SafeString:
    """The chart's frame: a scalable box with a title and a description for screen readers."""
    ident = _slug(title)
    return format_html(
        '<svg class="{}" viewBox="0 0 {} {}" role="{}" aria-labelledby="{}-title {}-desc" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        css_class,
        width,
        height,
        role,
        ident,
        ident,
        ident,
        title,
        ident,
        description,
        body,
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

    polylines = format_html_join(
        "",
        '<polyline class="burn-line {}" fill="none" points="{}"><title>{}</title></polyline>',
        (
            (
                line.css_class,
                " ".join(f"{left + i * step:.1f},{y(v):.1f}" for i, v in enumerate(line.values)),
                line.label,
            )
            for line in lines
            if line.values
        ),
    )
    legend = format_html_join(
        "",
        '<g class="burn-legend"><line class="burn-line {0}" x1="{1}" x2="{2}" y1="{3}" y2="{3}"></line>'
        '<text class="bar-label" x="{4}" y="{5}">{6}</text></g>',
        (
            (
                line.css_class,
                left + n * 170,
                left + n * 170 + 24,
                height - 10,
                left + n * 170 + 30,
                height - 6,
                line.label,
            )
            for n, line in enumerate(lines)
        ),
    )
    labels = format_html_join(
        "",
        '<text class="bar-label" x="{}" y="{}" text-anchor="middle">{}</text>',
        (
            (f"{left + i * step:.1f}", top + plot_h + 16, f"{day:%-d %b}")
            for i, day in enumerate(days)
            if i % max(1, len(days) // 6) == 0
        ),
    )
    frame = format_html(
        '<line class="axis" x1="{0}" x2="{1}" y1="{2}" y2="{2}"></line>'
        '<line class="burn-total" x1="{0}" x2="{1}" y1="{3}" y2="{3}"></line>'
        '<text class="bar-value" x="{4}" y="{5}" text-anchor="end">{6}</text>'
        '<text class="bar-value" x="{4}" y="{2}" text-anchor="end">0</text>',
        left,
        left + plot_w,
        top + plot_h,
        y(total),
        left - 4,
        y(total) + 4,
        total,
    )
    return _svg("chart burn-up", width, height, title, description, frame + labels + polylines + legend)
