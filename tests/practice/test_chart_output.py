"""The charts' exact bytes for sample input, fixed from the element-by-element ``format_html`` builder.

Drawing them faster must not change a byte: each sample's expected SVG is a
file beside this one, written by that builder. The samples carry text that
needs escaping (``<``, ``&``, quotes) in every place a chart shows or links it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils.safestring import mark_safe

from practice.charts import Bar, Line, StackedRow, bar_chart, burn_up, heatmap, stacked_bars

SAMPLES = Path(__file__).with_name("chart_samples")
DAY = date(2026, 11, 25)
ODD = '<b>"it\'s" & more</b>'
SAFE = mark_safe("<i>already</i> &amp; escaped")


def _bars() -> list[Bar]:
    values = [0, 3, 2.5, 12, 0, 7, 1.25]
    return [
        Bar(f"day {n} {ODD if n == 2 else ''}", value, "due" if n else f'x" {ODD}') for n, value in enumerate(values)
    ]


def _rows() -> list[StackedRow]:
    return [
        StackedRow(
            f"SQL {ODD}", '/q?topic=sql&x="1"', [(2, "mastery-new", "new", "/n?a=1&b=<2>"), (0, "m", "l", "/l")]
        ),
        StackedRow("Git", "/q?topic=git", [(1, "mastery-new", "new", "/n2"), (4, f"m {ODD}", f"mastered {ODD}", "/m")]),
        StackedRow("Empty", "/e", []),
    ]


def _burn_up(**options: object) -> str:
    days = [DAY + timedelta(days=n) for n in range(9)]
    lines = [Line(f"seen {ODD}", [0, 1, 3, 3, 6, 8, 9, 9, 10], "seen"), Line("none", [], "x"), Line("ok", [0, 2], ODD)]
    return burn_up(days, lines, total=12, title=f"Plan {ODD}", description=f"Cards {ODD}", **options)


CHARTS: dict[str, Callable[[], str]] = {
    "bar-chart": lambda: bar_chart(_bars(), title=f"Due {ODD}", description=f"Next week {ODD}"),
    "bar-chart-every-third": lambda: bar_chart(_bars(), title="T", description="D", width=300, label_every=3),
    "bar-chart-empty": lambda: bar_chart([], title="Nothing", description=""),
    "bar-chart-safe-labels": lambda: bar_chart(
        [Bar(SAFE, 2, ODD), Bar(f"{SAFE}!", 1)], title="Safe", description="a label marked safe is left as it is"
    ),
    "bar-chart-zeros": lambda: bar_chart([Bar("a", 0), Bar("b", 0)], title="Zeros", description="z"),
    "heatmap": lambda: heatmap({DAY: 3, DAY - timedelta(days=2): 9, date(2026, 11, 1): 1}, end=DAY, title=ODD, days=40),
    "heatmap-empty": lambda: heatmap({}, end=DAY, title="Reviews", days=3),
    "stacked-bars": lambda: stacked_bars(_rows(), title=f"Mastery {ODD}", description=f"per topic {ODD}"),
    "stacked-bars-empty": lambda: stacked_bars([], title="None", description="none", width=400),
    "burn-up": _burn_up,
    "burn-up-small": lambda: burn_up([DAY], [Line("one", [4], "c")], total=0, title="One", description="d"),
}


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_each_chart_draws_the_same_bytes_as_before(name):
    expected = (SAMPLES / f"{name}.svg").read_text(encoding="utf-8")
    assert str(CHARTS[name]()) == expected
