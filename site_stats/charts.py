"""Charts drawn on the server as inline SVG (统计图表): readable without JavaScript.

Each chart is an ``<svg role="img" aria-labelledby="… …">`` whose ``<title>`` names it and
whose ``<desc>`` states its largest value; the exact numbers are in the data table the template
places right after each chart (the table is the accessible source of the figures, the chart a
picture of it). No ``style`` attribute or ``<style>`` element and no script: colours and fonts
come from ``static/site_stats/stats.css`` through class names, so the pages stay valid under a
strict Content-Security-Policy.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# Geometry of the drawings (viewBox units; the CSS scales the SVG to its container).
WIDTH = 640
COLUMN_CHART_HEIGHT = 260
MARGIN_TOP = 24
MARGIN_BOTTOM = 32
MARGIN_SIDE = 12
ROW_HEIGHT = 28
BAR_THICKNESS = 18
CHAR_WIDTH = 14  # one Han character at font-size 13
LABEL_MAX_CHARS = 14
VALUE_SPACE = 64


class Datum(Protocol):
    label: str
    value: int


def _short(label: str, limit: int = LABEL_MAX_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _number(value: float) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"


def describe(data: Sequence[Datum], unit: str) -> str:
    """The ``<desc>`` text: the total and the largest value, in Chinese."""
    total = sum(d.value for d in data)
    if not data or total == 0:
        return f"各项均为0{unit}。"
    top = max(data, key=lambda d: d.value)
    return f"共{len(data)}项，合计{_number(total)}{unit}，最多的是{top.label}（{_number(top.value)}{unit}）。"


def _frame(chart_id: str, title: str, description: str, width: int, height: int,
           css_class: str, body: SafeString) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="stats-chart {}" role="img" '
        'viewBox="0 0 {} {}" aria-labelledby="{}-title {}-desc" focusable="false">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        css_class, width, height, chart_id, chart_id, chart_id, title, chart_id, description, body,
    )


def column_chart(data: Sequence[Datum], *, chart_id: str, title: str, unit: str = "") -> SafeString:
    """Vertical bars, one per datum in order (e.g. the twelve months), value above each bar."""
    count = max(len(data), 1)
    peak = max((d.value for d in data), default=0) or 1
    plot_height = COLUMN_CHART_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    slot = (WIDTH - 2 * MARGIN_SIDE) / count
    bar_width = slot * 0.6
    baseline = MARGIN_TOP + plot_height
    bars = []
    for index, datum in enumerate(data):
        height = plot_height * datum.value / peak
        x = MARGIN_SIDE + index * slot + (slot - bar_width) / 2
        centre = MARGIN_SIDE + index * slot + slot / 2
        bars.append((
            f"{x:.1f}", f"{baseline - height:.1f}", f"{bar_width:.1f}", f"{height:.1f}",
            f"{centre:.1f}", f"{baseline - height - 6:.1f}", _number(datum.value),
            f"{centre:.1f}", baseline + 20, datum.label,
        ))
    body = format_html(
        '<line class="stats-axis" x1="{}" y1="{}" x2="{}" y2="{}"/>{}',
        MARGIN_SIDE, baseline, WIDTH - MARGIN_SIDE, baseline,
        format_html_join(
            "",
            '<g><rect class="stats-bar" x="{}" y="{}" width="{}" height="{}"/>'
            '<text class="stats-value" x="{}" y="{}" text-anchor="middle">{}</text>'
            '<text class="stats-label" x="{}" y="{}" text-anchor="middle">{}</text></g>',
            bars,
        ),
    )
    return _frame(chart_id, title, describe(data, unit), WIDTH, COLUMN_CHART_HEIGHT,
                  "stats-chart-columns", body)


def bar_chart(data: Sequence[Datum], *, chart_id: str, title: str, unit: str = "") -> SafeString:
    """Horizontal bars, one row per datum (categories: columns, channels, outcomes); long
    labels are shortened with "…" (the table beside the chart has them in full)."""
    label_chars = min(max((len(d.label) for d in data), default=2), LABEL_MAX_CHARS)
    label_width = label_chars * CHAR_WIDTH + 8
    plot_width = WIDTH - 2 * MARGIN_SIDE - label_width - VALUE_SPACE
    peak = max((d.value for d in data), default=0) or 1
    height = max(len(data), 1) * ROW_HEIGHT + 2 * MARGIN_SIDE
    left = MARGIN_SIDE + label_width
    rows = []
    for index, datum in enumerate(data):
        top = MARGIN_SIDE + index * ROW_HEIGHT
        length = plot_width * datum.value / peak
        middle = top + ROW_HEIGHT / 2 + 5
        rows.append((
            left - 8, f"{middle:.1f}", _short(datum.label),
            left, f"{top + (ROW_HEIGHT - BAR_THICKNESS) / 2:.1f}", f"{length:.1f}", BAR_THICKNESS,
            f"{left + length + 6:.1f}", f"{middle:.1f}", _number(datum.value),
        ))
    body = format_html_join(
        "",
        '<g><text class="stats-label" x="{}" y="{}" text-anchor="end">{}</text>'
        '<rect class="stats-bar" x="{}" y="{}" width="{}" height="{}"/>'
        '<text class="stats-value" x="{}" y="{}">{}</text></g>',
        rows,
    )
    return _frame(chart_id, title, describe(data, unit), WIDTH, height, "stats-chart-bars", body)
