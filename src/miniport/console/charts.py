"""Server-rendered SVG charts for the dashboard, drawn by pygal (a PyPI dependency).

Charts are SVG inlined in the page, so they need no JavaScript and no asset route,
scale with the layout, and print. pygal embeds a small configuration script in each
SVG for its optional tooltips; we remove it (tooltips would need pygal's JS from a
CDN, which a self-hosted console cannot assume), and every chart on a page comes with
a data table for screen readers and copy-paste.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pygal
from pygal.style import Style

_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL | re.IGNORECASE)
_STYLE = Style(
    background="transparent",
    plot_background="transparent",
    font_family='system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif',
    colors=("#0b6bcb", "#2e7d32", "#b26a00", "#6a1b9a", "#c62828", "#00838f", "#5d4037"),
)


def _common(title: str) -> dict[str, object]:
    return {
        "title": title,
        "style": _STYLE,
        "js": [],
        "disable_xml_declaration": True,
        "width": 720,
        "height": 300,
        "explicit_size": False,
        "legend_at_bottom": True,
        "truncate_legend": -1,
    }


def _svg(chart: pygal.graph.graph.Graph) -> str:
    return _SCRIPT.sub("", chart.render(is_unicode=True))


def bars(title: str, labels: Sequence[str], series: dict[str, Sequence[float]]) -> str:
    """A grouped bar chart: one group per label, one bar per series."""
    chart = pygal.Bar(**_common(title))
    chart.x_labels = list(labels)
    for name, values in series.items():
        chart.add(name, list(values))
    return _svg(chart)


def stacked_bars(title: str, labels: Sequence[str], series: dict[str, Sequence[float]]) -> str:
    """A stacked bar chart: one bar per label, one segment per series (e.g. versions per
    day, so the bar's height is the day's total and its segments are the split)."""
    chart = pygal.StackedBar(x_label_rotation=20, **_common(title))
    chart.x_labels = list(labels)
    for name, values in series.items():
        chart.add(name, list(values))
    return _svg(chart)


def shares_over_time(title: str, moments: Sequence[str], shares: dict[str, Sequence[float]]) -> str:
    """A stacked area chart of percentages (each moment's values add up to 100)."""
    chart = pygal.StackedLine(
        fill=True, range=(0, 100), include_x_axis=True, x_label_rotation=20, **_common(title)
    )
    chart.x_labels = list(moments)
    chart.value_formatter = lambda value: f"{value:.1f}%"
    for name, values in shares.items():
        chart.add(name, list(values))
    return _svg(chart)
