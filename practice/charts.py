"""Charts drawn on the server as SVG: readable without JavaScript, styled by CSS.

Colours come from CSS classes, so the site's light and dark themes apply.
Every chart has a title and a description for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    css_class: str = ""


def bar_chart(bars: list[Bar], *, title: str, description: str, width: int = 480, height: int = 200) -> SafeString:
    """Vertical bars with their value above and their label below."""
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
            )
        )
    body = format_html_join(
        "\n",
        '<g class="bar {4}"><rect x="{0}" y="{1}" width="{2}" height="{3}" rx="3"><title>{5}: {6}</title></rect>'
        '<text class="bar-value" x="{7}" y="{8}" text-anchor="middle">{6}</text>'
        '<text class="bar-label" x="{7}" y="{9}" text-anchor="middle">{5}</text></g>',
        shapes,
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
        '<line class="axis" x1="0" x2="{}" y1="{}" y2="{}"></line>{}</svg>',
        width,
        height,
        _slug(title),
        _slug(title),
        _slug(title),
        title,
        _slug(title),
        description,
        width,
        top + plot_height,
        top + plot_height,
        body,
    )


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _slug(text: str) -> str:
    return "chart-" + "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")[:40]
