"""The report model: everything a committee report says, as plain frozen data.

:mod:`outturn.reports.build` fills it from the database; the renderers (HTML, Word, PDF,
Excel) turn it into documents without touching the database, so every format says the
same thing and a stored version can be re-rendered from what it held. Nothing here is an
ORM object: figures are exact Decimals beside the text the papers print, and dates are
plain dates.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


def safe_id(text: str) -> str:
    """Text usable in an HTML id or a Word bookmark: letters, digits and hyphens."""
    return "".join(c if c.isascii() and c.isalnum() else "-" for c in text)


# --- the front sheet and closing sections -------------------------------------------------

FRONT_SHEET_FIELDS: tuple[tuple[str, str], ...] = (
    ("report_subject", "Report subject"),
    ("meeting_date", "Meeting date"),
    ("status", "Status"),
    ("executive_summary", "Executive summary"),
    ("recommendations", "Recommendations"),
    ("reason_for_recommendations", "Reason for recommendations"),
    ("portfolio_holders", "Portfolio holder(s)"),
    ("corporate_director", "Corporate director"),
    ("report_authors", "Report authors"),
    ("wards", "Wards"),
    ("classification", "Classification"),
)
"""The front sheet's rows, in the order committee papers print them."""

CLOSING_SECTIONS: tuple[tuple[str, str], ...] = (
    ("options_appraisal", "Options appraisal"),
    ("financial_implications", "Summary of financial implications"),
    ("legal_implications", "Summary of legal implications"),
    ("human_resources_implications", "Summary of human resources implications"),
    ("sustainability_impact", "Summary of sustainability impact"),
    ("public_health_implications", "Summary of public health implications"),
    ("equality_implications", "Summary of equality implications"),
    ("risk_assessment", "Summary of risk assessment"),
    ("background_papers", "Background papers"),
    ("appendices", "Appendices"),
)
"""The sections that close a committee report, in order."""


@dataclass(frozen=True)
class FrontSheetRow:
    label: str
    text: str


@dataclass(frozen=True)
class FrontSheet:
    """The table at the top of a committee paper. Empty rows are left out of documents."""

    committee: str
    rows: tuple[FrontSheetRow, ...]
    is_exempt: bool = False

    def value(self, label: str) -> str:
        return next((row.text for row in self.rows if row.label == label), "")


@dataclass(frozen=True)
class ClosingSection:
    key: str
    heading: str
    text: str


# --- figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One period's outturn: the exact value and the text the papers print."""

    period: str
    value: Decimal | None
    text: str


@dataclass(frozen=True)
class Comparator:
    """A benchmark beside the outturn: ``position`` says where we stand against it."""

    name: str
    period: str
    value: Decimal | None
    text: str
    position: str


@dataclass(frozen=True)
class SpcIcon:
    code: str
    label: str


# --- charts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartPoint:
    period: str
    value: float
    target: float | None = None
    special_cause: str = ""
    """"improvement", "concern", "neutral" or "" (common cause)."""


@dataclass(frozen=True)
class ChartLimits:
    """A stretch of the process limits: from point ``start`` to point ``end`` (indices)."""

    start: int
    end: int
    mean: float | None
    lower: float | None
    upper: float | None


@dataclass(frozen=True)
class Chart:
    """What a chart shows; :mod:`outturn.reports.charts` draws it once and caches the file.

    ``kind`` is "sparkline" (the last few points, for the indicator table) or "full"
    (outturns, target line, process limits and special-cause points, beside an exception
    report). ``alt_text`` is the chart's text alternative in every format.
    """

    kind: str
    indicator_code: str
    period: str
    title: str
    unit_label: str
    alt_text: str
    points: tuple[ChartPoint, ...]
    limits: tuple[ChartLimits, ...] = ()
    higher_is_better: bool | None = None


# --- indicators ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorEntry:
    """One indicator as the report shows it for the period."""

    code: str
    title: str
    description: str
    directorate: str
    service_unit: str
    priority: str
    portfolio: str
    unit: str
    unit_label: str
    polarity_label: str
    frequency_label: str
    decimals: int
    period: str
    outturn: Figure
    previous: Figure
    year_ago: Figure
    numerator: Decimal | None
    denominator: Decimal | None
    secondary_value: Decimal | None
    target_text: str
    target_value: Decimal | None
    target_low: Decimal | None
    target_high: Decimal | None
    target_basis: str
    rag: str
    rag_label: str
    direction: str
    direction_label: str
    direction_year: str
    direction_year_label: str
    variation: SpcIcon | None
    assurance: SpcIcon | None
    comparators: tuple[Comparator, ...]
    commentary: str
    sparkline: Chart | None
    exception_links: tuple[tuple[str, str], ...] = ()
    """(label, anchor) of each of the indicator's exception reports in this report."""

    @property
    def anchor(self) -> str:
        return "indicator-" + safe_id(self.code)

    @property
    def has_data(self) -> bool:
        return self.outturn.value is not None

    @property
    def target_phrase(self) -> str:
        """The target as it reads mid-sentence ("against 60%", "against no target set")."""
        return "no target set" if self.target_text == "No target set" else self.target_text


@dataclass(frozen=True)
class DirectorateSection:
    name: str
    indicators: tuple[IndicatorEntry, ...]


# --- the summary --------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusCounts:
    green: int = 0
    amber: int = 0
    red: int = 0
    not_rated: int = 0
    improving: int = 0
    worsening: int = 0

    @property
    def total(self) -> int:
        return self.green + self.amber + self.red + self.not_rated


@dataclass(frozen=True)
class GroupCounts:
    name: str
    counts: StatusCounts


@dataclass(frozen=True)
class IconCount:
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class Summary:
    overall: StatusCounts
    by_priority: tuple[GroupCounts, ...]
    by_directorate: tuple[GroupCounts, ...]
    variation: tuple[IconCount, ...]
    assurance: tuple[IconCount, ...]


# --- exception reports and restatements ---------------------------------------------------


@dataclass(frozen=True)
class ExceptionReportEntry:
    """An approved exception report with every field of the council's form and its sign-off."""

    kind: str
    kind_label: str
    indicator_code: str
    indicator_title: str
    indicator_description: str
    period: str
    outturn: Figure
    earlier: tuple[Figure, ...]
    target_text: str
    rag_label: str
    service_unit: str
    reason_for_performance: str
    actions: str
    learnings: str
    significance: str
    completed_by: str
    completed_by_role: str
    completed_on: date | None
    approved_by: str
    approved_by_role: str
    approved_on: date | None
    chart: Chart | None

    @property
    def is_positive(self) -> bool:
        return self.kind == "positive"

    @property
    def anchor(self) -> str:
        return f"exception-{safe_id(self.indicator_code)}-{safe_id(self.period)}"

    @property
    def sections(self) -> tuple[tuple[str, str], ...]:
        """The form's questions and answers, as the council's two forms ask them."""
        if self.is_positive:
            return (
                (
                    "Reason for level of performance (what drove success?)",
                    self.reason_for_performance,
                ),
                ("Actions and next steps", self.actions),
                ("Learnings to share", self.learnings),
                ("Reason for significance", self.significance),
            )
        return (
            ("Reason for level of performance", self.reason_for_performance),
            ("Actions taken or planned to improve performance", self.actions),
        )


@dataclass(frozen=True)
class RestatementEntry:
    indicator_code: str
    indicator_title: str
    period: str
    previous_text: str
    new_text: str
    previous_value: Decimal | None
    new_value: Decimal | None
    reason: str
    restated_by: str
    restated_on: date


# --- the whole report ---------------------------------------------------------------------


@dataclass(frozen=True)
class ReportScope:
    """Whose indicators: ``kind`` is council, directorate or committee."""

    kind: str
    code: str
    name: str

    @property
    def key(self) -> str:
        return "council" if self.kind == "council" else f"{self.kind}:{self.code}"


@dataclass(frozen=True)
class ReportModel:
    council: str
    title: str
    period: str
    period_start: date
    period_end: date
    scope: ReportScope
    front_sheet: FrontSheet
    introduction: tuple[str, ...]
    summary: Summary
    sections: tuple[DirectorateSection, ...]
    exception_reports: tuple[ExceptionReportEntry, ...]
    restatements: tuple[RestatementEntry, ...]
    restatements_since: date | None
    closing_sections: tuple[ClosingSection, ...]
    built_at: datetime
    version: int | None = None
    is_demo: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)

    def indicators(self) -> Iterator[IndicatorEntry]:
        for section in self.sections:
            yield from section.indicators

    @property
    def negative_reports(self) -> tuple[ExceptionReportEntry, ...]:
        return tuple(r for r in self.exception_reports if not r.is_positive)

    @property
    def positive_reports(self) -> tuple[ExceptionReportEntry, ...]:
        return tuple(r for r in self.exception_reports if r.is_positive)

    def charts(self) -> Iterator[Chart]:
        """Every chart the documents show, each once."""
        for indicator in self.indicators():
            if indicator.sparkline is not None:
                yield indicator.sparkline
        for report in self.exception_reports:
            if report.chart is not None:
                yield report.chart
