"""Inline SVG charts for the HTML report: plain functions from numbers to SVG text.

The report opens offline from the warehouse folder, so charts are drawn here as SVG (no JavaScript
library, no CDN). Every label is escaped; every chart is a `<svg class="chart" data-chart=...>`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif"
INK = "#1f2933"
MUTED = "#7b8794"
GRID = "#e4e7eb"

STAGE_COLOURS = ["#3e4c59", "#2f80ed", "#27ae60", "#f2994a", "#9b51e0"]
TIER_COLOURS = {"cold": "#56ccf2", "warm": "#f2c94c", "hot": "#eb5757"}


@dataclass(frozen=True)
class Segment:
    """One part of a stacked bar: its legend label, colour and value."""

    label: str
    colour: str
    value: float


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def percent(value: float | None) -> str:
    """A 0..1 rate as a whole percentage; "n/a" when there is no rate (no denominator)."""
    return "n/a" if value is None or math.isnan(value) else f"{value * 100:.0f}%"


def _svg(name: str, title: str, width: int, height: int, body: list[str]) -> Markup:
    return Markup(
        f'<svg class="chart" data-chart="{escape(name)}" role="img" aria-label="{escape(title)}"'
        f' xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        f' style="{FONT};max-width:100%;height:auto">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: int = 12, colour: str = INK,
          weight: str = "normal") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="{colour}"'
        f' font-weight="{weight}">{escape(text)}</text>'
    )


def _rect(x: float, y: float, width: float, height: float, colour: str, tooltip: str, mark: str) -> str:
    return (
        f'<rect class="mark" data-mark="{escape(mark)}" x="{x:.1f}" y="{y:.1f}" width="{max(width, 0):.1f}"'
        f' height="{height:.1f}" rx="2" fill="{colour}"><title>{escape(tooltip)}</title></rect>'
    )


def empty_chart(name: str, title: str, message: str = "No data yet") -> Markup:
    return _svg(name, title, 640, 60, [_text(320, 35, message, anchor="middle", colour=MUTED)])


def funnel_chart(stages: Sequence[tuple[str, int]], name: str = "funnel") -> Markup:
    """Centred bars, one per stage, with the count and the conversion from the stage above."""
    title = "Lead funnel"
    if not stages or not stages[0][1]:
        return empty_chart(name, title)
    width, row, top, label_width = 760, 46, 10, 130
    bar_space = width - label_width - 150
    largest = max(count for _, count in stages) or 1
    body: list[str] = []
    for index, (stage, count) in enumerate(stages):
        y = top + index * row
        bar = max(bar_space * count / largest, 2)
        x = label_width + (bar_space - bar) / 2
        colour = STAGE_COLOURS[index % len(STAGE_COLOURS)]
        body.append(_text(label_width - 10, y + 24, stage, anchor="end", weight="bold"))
        body.append(_rect(x, y + 6, bar, row - 12, colour, f"{stage}: {count:,}", stage))
        body.append(_text(label_width + bar_space / 2, y + 28, f"{count:,}", anchor="middle", size=13,
                          colour="#ffffff" if bar > 60 else INK, weight="bold"))
        if index:
            previous = stages[index - 1][1]
            rate = count / previous if previous else None
            body.append(_text(label_width + bar_space + 12, y + 24, f"{percent(rate)} of {stages[index - 1][0]}",
                              colour=MUTED))
    return _svg(name, title, width, top * 2 + row * len(stages), body)


def bar_chart(bars: Sequence[tuple[str, float, str]], name: str, title: str, *, value_format=_number,
              reference: tuple[float, str] | None = None) -> Markup:
    """Horizontal bars: (label, value, colour). `reference` draws a dashed line (value, label)."""
    if not bars:
        return empty_chart(name, title)
    width, row, top, label_width = 760, 28, 24 if reference else 8, 170
    bar_space = width - label_width - 90
    largest = max([value for _, value, _ in bars] + ([reference[0]] if reference else [])) or 1
    body: list[str] = []
    for index, (label, value, colour) in enumerate(bars):
        y = top + index * row
        bar = bar_space * value / largest
        body.append(_text(label_width - 8, y + 18, label, anchor="end"))
        body.append(_rect(label_width, y + 5, max(bar, 1), row - 10, colour, f"{label}: {value_format(value)}", label))
        body.append(_text(label_width + max(bar, 1) + 6, y + 18, value_format(value), colour=MUTED))
    height = top + row * len(bars) + 8
    if reference:
        x = label_width + bar_space * reference[0] / largest
        body.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 4}" stroke="{INK}"'
                    ' stroke-dasharray="4 3" stroke-width="1"/>')
        body.append(_text(x, top - 8, reference[1], anchor="middle", size=11, colour=MUTED))
    return _svg(name, title, width, height, body)


def grouped_bar_chart(groups: Sequence[tuple[str, Sequence[float | None]]], series: Sequence[tuple[str, str]],
                      name: str, title: str, *, value_format=percent, maximum: float | None = None) -> Markup:
    """Horizontal groups of bars: (group label, one value per series); series are (label, colour)."""
    if not groups:
        return empty_chart(name, title)
    width, bar_height, gap, top, label_width = 760, 14, 12, 30, 170
    bar_space = width - label_width - 70
    values = [value for _, row in groups for value in row if value is not None]
    largest = maximum or max(values + [0]) or 1
    body = _legend(series, label_width, 14)
    group_height = bar_height * len(series) + gap
    for index, (label, row_values) in enumerate(groups):
        y = top + index * group_height
        body.append(_text(label_width - 8, y + group_height / 2 + 2, label, anchor="end"))
        for position, ((series_label, colour), value) in enumerate(zip(series, row_values)):
            bar_y = y + position * bar_height
            bar = bar_space * (value or 0) / largest
            body.append(_rect(label_width, bar_y, max(bar, 1), bar_height - 2, colour,
                              f"{label}, {series_label}: {value_format(value)}", f"{label}:{series_label}"))
            body.append(_text(label_width + max(bar, 1) + 5, bar_y + bar_height - 4, value_format(value),
                              size=10, colour=MUTED))
    return _svg(name, title, width, top + group_height * len(groups) + 4, body)


def stacked_bar_chart(rows: Sequence[tuple[str, Sequence[Segment]]], name: str, title: str) -> Markup:
    """Horizontal stacked bars, one per row label; the legend comes from the first row's segments."""
    if not rows:
        return empty_chart(name, title)
    width, row, top, label_width = 760, 28, 30, 170
    bar_space = width - label_width - 60
    largest = max(sum(segment.value for segment in segments) for _, segments in rows) or 1
    body = _legend([(segment.label, segment.colour) for segment in rows[0][1]], label_width, 14)
    for index, (label, segments) in enumerate(rows):
        y = top + index * row
        x = float(label_width)
        body.append(_text(label_width - 8, y + 18, label, anchor="end"))
        for segment in segments:
            if segment.value <= 0:
                continue
            bar = bar_space * segment.value / largest
            body.append(_rect(x, y + 5, bar, row - 10, segment.colour,
                              f"{label}, {segment.label}: {_number(segment.value)}", f"{label}:{segment.label}"))
            x += bar
        body.append(_text(x + 6, y + 18, _number(sum(segment.value for segment in segments)), colour=MUTED))
    return _svg(name, title, width, top + row * len(rows) + 8, body)


def column_chart(columns: Sequence[tuple[str, Sequence[float]]], series: Sequence[tuple[str, str]], name: str,
                 title: str) -> Markup:
    """Vertical grouped columns over ordered categories (months): (label, one value per series)."""
    if not columns:
        return empty_chart(name, title)
    width, height, left, top, bottom = 760, 220, 40, 30, 30
    plot_height = height - top - bottom
    largest = max([value for _, values in columns for value in values] + [1])
    slot = (width - left - 10) / len(columns)
    column_width = min(28.0, (slot - 10) / len(series))
    body = _legend(series, left, 14)
    body.append(f'<line x1="{left}" y1="{top + plot_height}" x2="{width - 10}" y2="{top + plot_height}"'
                f' stroke="{GRID}"/>')
    for index, (label, values) in enumerate(columns):
        x0 = left + index * slot + (slot - column_width * len(series)) / 2
        for position, ((series_label, colour), value) in enumerate(zip(series, values)):
            column = plot_height * value / largest
            x = x0 + position * column_width
            body.append(_rect(x, top + plot_height - column, column_width - 2, max(column, 0.5), colour,
                              f"{label}, {series_label}: {_number(value)}", f"{label}:{series_label}"))
            body.append(_text(x + (column_width - 2) / 2, top + plot_height - column - 4, _number(value),
                              anchor="middle", size=10, colour=MUTED))
        body.append(_text(left + index * slot + slot / 2, height - 10, label, anchor="middle", size=11))
    return _svg(name, title, width, height, body)


def _legend(series: Sequence[tuple[str, str]], x: float, y: float) -> list[str]:
    body: list[str] = []
    for label, colour in series:
        body.append(f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="10" height="10" rx="2" fill="{colour}"/>')
        body.append(_text(x + 14, y, label, size=11, colour=MUTED))
        x += 24 + 7 * len(label)
    return body
