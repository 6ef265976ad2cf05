"""The indicator page's chart: outturns, target, process limits and special causes, as SVG.

Drawn on the server: no script, and presentation attributes and classes instead of inline
style, so it passes a strict Content-Security-Policy. The SVG is an image with a title and a
description in words; the history table beside it is its full text alternative.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from outturn.engine.periods import Period
from outturn.engine.status import SpcGroupStatus
from outturn.engine.values import Unit, format_value

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 76, 16, 16, 44
MAX_X_LABELS = 8

SPECIAL_CAUSE_WORDS = {
    "special_cause_improvement": "improvement",
    "special_cause_concern": "concern",
    "special_cause_neutral_high": "special cause, higher",
    "special_cause_neutral_low": "special cause, lower",
}


@dataclass(frozen=True)
class ChartPoint:
    period: Period
    value: Decimal
    target: Decimal | None = None
    band: tuple[Decimal, Decimal] | None = None
    point_type: str = "common_cause"
    unpublished: bool = False


@dataclass(frozen=True)
class Chart:
    svg: SafeString
    summary: str
    legend: tuple[tuple[str, str], ...]


_LINE = '<line class="app-chart__{}" x1="{}" x2="{}" y1="{}" y2="{}"/>'
_POINT = '<circle class="app-chart__point app-chart__point--{}{}" cx="{}" cy="{}" r="{}"/>'


def _n(number: float) -> str:
    return f"{number:.1f}"


def _line(css: str, x1: float, x2: float, y1: float, y2: float) -> SafeString:
    return format_html(_LINE, css, _n(x1), _n(x2), _n(y1), _n(y2))


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round numbers covering low..high, for the value axis."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    ticks = []
    tick = first
    while tick <= high + step * 0.001:
        ticks.append(round(tick, 10))
        tick += step
    if ticks[-1] < high:
        ticks.append(round(tick, 10))
    return ticks


def _tick_text(tick: float, unit: Unit, places: int = 6) -> str:
    text = f"{tick:.{places}f}".rstrip("0").rstrip(".")
    return format_value(Decimal(text if text not in ("", "-0") else "0"), unit)


def indicator_chart(
    points: Sequence[ChartPoint],
    groups: Sequence[SpcGroupStatus],
    unit: Unit,
    *,
    title: str,
    chart_id: str = "chart",
) -> Chart | None:
    """The chart of ``points`` (in period order) with the SPC ``groups``; None below two."""
    if len(points) < 2:
        return None
    position = {point.period: i for i, point in enumerate(points)}
    numbers: list[float] = [float(p.value) for p in points]
    numbers += [float(p.target) for p in points if p.target is not None]
    numbers += [float(edge) for p in points if p.band for edge in p.band]
    for group in groups:
        numbers += [x for x in (group.lpl, group.upl, group.mean) if x is not None]
    ticks = _nice_ticks(min(numbers), max(numbers))
    low, high = ticks[0], ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / (len(points) - 1)

    def x(i: float) -> float:
        return LEFT + i * step

    def y(v: float) -> float:
        return TOP + plot_h - (v - low) / (high - low) * plot_h

    parts: list[SafeString] = []
    # Value axis: grid lines and labels.
    for tick in ticks:
        parts.append(
            format_html(
                '<line class="app-chart__grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="app-chart__label" x="{}" y="{}" text-anchor="end">{}</text>',
                LEFT,
                WIDTH - RIGHT,
                _n(y(tick)),
                _n(y(tick)),
                LEFT - 6,
                _n(y(tick) + 4),
                _tick_text(tick, unit),
            )
        )
    # Period axis: evenly spaced labels, always the first and the last.
    every = max(1, math.ceil(len(points) / MAX_X_LABELS))
    labelled = sorted({*range(0, len(points), every), len(points) - 1})
    if len(labelled) > 1 and labelled[-1] - labelled[-2] < every:
        labelled.pop(-2)
    for i in labelled:
        parts.append(
            format_html(
                '<text class="app-chart__label" x="{}" y="{}" text-anchor="{}">{}</text>',
                _n(x(i)),
                HEIGHT - BOTTOM + 18,
                "start" if i == 0 else "end" if i == len(points) - 1 else "middle",
                str(points[i].period),
            )
        )
    # Process limits and mean, one set per rebase group.
    for group in groups:
        start, end = position.get(group.start), position.get(group.end)
        if start is None or end is None:
            continue
        for limit, css in ((group.upl, "limit"), (group.lpl, "limit"), (group.mean, "mean")):
            if limit is None:
                continue
            parts.append(
                _line(
                    css,
                    x(start) - (step / 2 if start else 0),
                    x(end) + (step / 2 if end < len(points) - 1 else 0),
                    y(limit),
                    y(limit),
                )
            )
    # Target: a step line, broken where a period has none.
    for i, point in enumerate(points):
        lines = [point.target] if point.target is not None else list(point.band or ())
        for value in lines:
            parts.append(
                _line(
                    "target",
                    x(i) - (step / 2 if i else 0),
                    x(i) + (step / 2 if i < len(points) - 1 else 0),
                    y(float(value)),
                    y(float(value)),
                )
            )
    # Outturns: the line, then a marker per point; special causes larger, by kind.
    coords = " ".join(f"{x(i):.1f},{y(float(p.value)):.1f}" for i, p in enumerate(points))
    parts.append(format_html('<polyline class="app-chart__line" points="{}"/>', coords))
    for i, point in enumerate(points):
        kind = point.point_type if point.point_type in SPECIAL_CAUSE_WORDS else "common_cause"
        special = kind != "common_cause"
        parts.append(
            format_html(
                _POINT,
                kind.replace("special_cause_", ""),
                " app-chart__point--unpublished" if point.unpublished else "",
                _n(x(i)),
                _n(y(float(point.value))),
                6 if special else 3.5,
            )
        )
    axes = format_html(
        '<line class="app-chart__axis" x1="{}" x2="{}" y1="{}" y2="{}"/>'
        '<line class="app-chart__axis" x1="{}" x2="{}" y1="{}" y2="{}"/>',
        LEFT,
        LEFT,
        TOP,
        TOP + plot_h,
        LEFT,
        WIDTH - RIGHT,
        TOP + plot_h,
        TOP + plot_h,
    )
    summary = _summary(points, groups, unit)
    svg = format_html(
        '<svg class="app-chart" role="img" aria-labelledby="{id}-title {id}-desc" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" focusable="false" '
        'preserveAspectRatio="xMinYMin meet">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{summary}</desc>'
        "{axes}{parts}</svg>",
        id=chart_id,
        w=WIDTH,
        h=HEIGHT,
        title=title,
        summary=summary,
        axes=axes,
        parts=format_html_join("", "{}", ((part,) for part in parts)),
    )
    return Chart(svg=svg, summary=summary, legend=_legend(points, groups))


def _legend(
    points: Sequence[ChartPoint], groups: Sequence[SpcGroupStatus]
) -> tuple[tuple[str, str], ...]:
    items = [("line", "Outturn")]
    if any(p.target is not None or p.band for p in points):
        items.append(("target", "Target"))
    if any(g.mean is not None for g in groups):
        items.append(("mean", "Mean"))
    if any(g.upl is not None or g.lpl is not None for g in groups):
        items.append(("limit", "Process limits"))
    if any(p.unpublished for p in points):
        items.append(("point-unpublished", "Not yet published (dashed outline)"))
    kinds = {p.point_type for p in points}
    for kind, words in SPECIAL_CAUSE_WORDS.items():
        if kind in kinds:
            items.append((kind.replace("special_cause_", "point-"), f"Special cause: {words}"))
    return tuple(items)


def _summary(points: Sequence[ChartPoint], groups: Sequence[SpcGroupStatus], unit: Unit) -> str:
    """The chart in words: span, range, latest against target, limits, special causes."""
    first, last = points[0], points[-1]
    lowest = min(points, key=lambda p: p.value)
    highest = max(points, key=lambda p: p.value)
    sentences = [
        f"{len(points)} values from {first.period} to {last.period}, "
        f"lowest {format_value(lowest.value, unit)} in {lowest.period}, "
        f"highest {format_value(highest.value, unit)} in {highest.period}.",
    ]
    latest = f"Latest {format_value(last.value, unit)} in {last.period}"
    if last.target is not None:
        latest += f" against a target of {format_value(last.target, unit)}"
    elif last.band:
        latest += (
            f" against a target band of {format_value(last.band[0], unit)} "
            f"to {format_value(last.band[1], unit)}"
        )
    sentences.append(latest + ".")
    lpl, upl, mean = (groups[-1].lpl, groups[-1].upl, groups[-1].mean) if groups else (None,) * 3
    if lpl is not None and upl is not None:
        sentences.append(
            f"Process limits {_tick_text(lpl, unit, 2)} to {_tick_text(upl, unit, 2)} "
            f"around a mean of {_tick_text(mean or 0, unit, 2)}."
        )
    special = [p for p in points if p.point_type in SPECIAL_CAUSE_WORDS]
    if special:
        listed = "; ".join(
            f"{p.period} ({SPECIAL_CAUSE_WORDS[p.point_type]})" for p in special[-6:]
        )
        more = f" {len(special) - 6} earlier ones are in the table." if len(special) > 6 else ""
        sentences.append(f"Special-cause points: {listed}.{more}")
    else:
        sentences.append("No special-cause points.")
    return " ".join(sentences)
