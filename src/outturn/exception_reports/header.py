"""The header of an exception report as plain data, and its small chart.

Everything here is computed from the scorecard by ``selectors.exception_report_headers``;
nothing is typed by the author. The classes hold only text, numbers and periods (no
model instances), so a page, a Word document or a PDF can all draw the same header.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from outturn.engine.exception_rules import Reason
from outturn.engine.periods import Period
from outturn.scorecard import labels as scorecard_labels

REASON_LABELS: dict[str, str] = {
    Reason.RED: "Off target (red)",
    Reason.SPECIAL_CAUSE_CONCERN: "Special cause of concern in the process control chart",
    Reason.ASSURANCE_FAIL: "The target will not be met without change (assurance)",
    Reason.FORECAST_RED: "The year-end forecast is off target",
    Reason.BEATS_TARGET_MARGIN: "The target was beaten by the positive margin or more",
    Reason.SPECIAL_CAUSE_IMPROVEMENT: "Special cause of improvement in the process control chart",
}

RAG_LABELS = {**scorecard_labels.RAG_LABELS, "not_rated": scorecard_labels.NOT_RATED}
DIRECTION_LABELS = scorecard_labels.DIRECTION_LABELS

SPC_ICON_LABELS = scorecard_labels.SPC_LABELS


def reason_label(code: str) -> str:
    return REASON_LABELS.get(code, code.replace("_", " "))


@dataclass(frozen=True)
class Figure:
    """One period's outturn as the scorecard prints it."""

    period: Period
    text: str

    @property
    def label(self) -> str:
        return str(self.period)


@dataclass(frozen=True)
class SpcIcons:
    """The two Making Data Count icons, as codes (for images) and words."""

    variation: str | None
    assurance: str | None
    provisional: bool
    point_label: str = ""

    @property
    def variation_label(self) -> str:
        if self.variation is None:
            return "Not enough data for process control"
        return SPC_ICON_LABELS.get(self.variation, self.variation)

    @property
    def assurance_label(self) -> str:
        if self.assurance is None:
            return "No assurance icon (no single target to test against)"
        return SPC_ICON_LABELS.get(self.assurance, self.assurance)


@dataclass(frozen=True)
class Chart:
    """A small line chart as inline SVG, with the words that stand in for it."""

    svg: SafeString
    text: str


@dataclass(frozen=True)
class ExceptionReportHeader:
    """What an exception report says about its indicator, drawn from the data."""

    kind: str
    kind_label: str
    indicator_code: str
    indicator_title: str
    indicator_description: str
    directorate: str
    service_unit: str
    polarity_label: str
    period: Period
    outturn_period: Period | None
    outturn_text: str
    previous: tuple[Figure, ...]
    same_period_last_year: Figure | None
    target_text: str
    rag: str
    direction_previous: str
    direction_year: str
    spc: SpcIcons
    forecast_text: str
    reasons: tuple[str, ...]
    chart: Chart

    @property
    def rag_label(self) -> str:
        return RAG_LABELS.get(self.rag, "Not rated")

    @property
    def direction_previous_label(self) -> str:
        return DIRECTION_LABELS.get(self.direction_previous, "Not comparable")

    @property
    def direction_year_label(self) -> str:
        return DIRECTION_LABELS.get(self.direction_year, "Not comparable")

    @property
    def reason_labels(self) -> tuple[str, ...]:
        return tuple(reason_label(code) for code in self.reasons)

    @property
    def last_year_not_listed(self) -> Figure | None:
        """The same period last year, when it is not already among ``previous``."""
        figure = self.same_period_last_year
        if figure is None or any(p.period == figure.period for p in self.previous):
            return None
        return figure

    @property
    def outturn_label(self) -> str:
        """'2025/26 Q2 outturn', or 'June 2026 outturn' for a monthly indicator."""
        return f"{self.outturn_period or self.period} outturn"


# --- the chart ---------------------------------------------------------------------------

WIDTH, HEIGHT = 320, 120
LEFT, RIGHT, TOP, BOTTOM = 8, 8, 10, 22


def line_chart(
    points: Sequence[tuple[Period, Decimal, str]],
    targets: Sequence[Decimal | None],
    *,
    title: str,
    target_text: str,
) -> Chart:
    """Outturns as a line, the target as a dashed line, the latest point marked.

    ``points`` are (period, value, value as printed), oldest first; ``targets`` the value
    target in force at each point (None for none or a band). The text alternative lists
    every figure, so nothing is only in the picture.
    """
    if not points:
        return Chart(SafeString(""), f"{title}: no approved outturns to chart.")
    figures = "; ".join(f"{period} {text}" for period, _, text in points)
    words = (
        f"{title}, {points[0][0]} to {points[-1][0]}: {figures}. Target for the latest "
        f"period: {target_text}."
    )
    values = [float(value) for _, value, _ in points]
    limits = values + [float(t) for t in targets if t is not None]
    low, high = min(limits), max(limits)
    if high == low:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.1
    low, high = low - pad, high + pad
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / max(len(points) - 1, 1)

    def x(i: int) -> float:
        return LEFT + (i * step if len(points) > 1 else inner_w / 2)

    def y(v: float) -> float:
        return TOP + inner_h - (v - low) / (high - low) * inner_h

    line = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
    target_points = [(i, float(t)) for i, t in enumerate(targets) if t is not None]
    target_line = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in target_points)
    parts: list[SafeString] = [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#b1b4b6" stroke-width="1"/>',
            LEFT,
            TOP + inner_h,
            WIDTH - RIGHT,
            TOP + inner_h,
        )
    ]
    if len(target_points) > 1:
        parts.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="#505a5f" stroke-width="1.5" '
                'stroke-dasharray="5 4"/>',
                target_line,
            )
        )
    elif target_points:
        _, v = target_points[0]
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#505a5f" '
                'stroke-width="1.5" stroke-dasharray="5 4"/>',
                LEFT,
                f"{y(v):.1f}",
                WIDTH - RIGHT,
                f"{y(v):.1f}",
            )
        )
    if len(points) > 1:
        parts.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="#1d70b8" stroke-width="2.5" '
                'stroke-linejoin="round" stroke-linecap="round"/>',
                line,
            )
        )
    parts.append(
        format_html_join(
            "",
            '<circle cx="{}" cy="{}" r="{}" fill="#1d70b8"/>',
            (
                (f"{x(i):.1f}", f"{y(v):.1f}", 5 if i == len(values) - 1 else 2.5)
                for i, v in enumerate(values)
            ),
        )
    )
    parts.append(
        format_html(
            '<text x="{}" y="{}" font-size="11" fill="#484949" font-family="arial, sans-serif">'
            "{}</text>"
            '<text x="{}" y="{}" font-size="11" fill="#484949" text-anchor="end" '
            'font-family="arial, sans-serif">{}</text>',
            LEFT,
            HEIGHT - 6,
            str(points[0][0]),
            WIDTH - RIGHT,
            HEIGHT - 6,
            str(points[-1][0]),
        )
    )
    svg = format_html(
        '<svg class="app-exception-chart" xmlns="http://www.w3.org/2000/svg" '
        'viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-label="{}" '
        'focusable="false">{}</svg>',
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        words,
        SafeString("".join(parts)),
    )
    return Chart(svg, words)
