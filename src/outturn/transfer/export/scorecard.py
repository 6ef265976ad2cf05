"""The whole scorecard for a quarter as XLSX or CSV, with a data dictionary.

One row per indicator, showing what the quarter's scorecard shows: the period reported (the
quarter, or the latest month, term or year reported by it), its outturn with the previous
period's, the target in force and its basis, and the status the web scorecard gives (RAG,
direction of travel, SPC icons), rated through ``scorecard.status.assess_histories`` so the
file and the pages never disagree.

Who sees what: the public gets published figures of public indicators; any signed-in user
published figures of every indicator; the performance team may ask for unpublished figures
too (each row then says its state).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from outturn.accounts.roles import is_performance_team, may_see_private
from outturn.engine.periods import Period, reported_period
from outturn.engine.status import PeriodStatus, SeriesStatus, SpcPointStatus
from outturn.engine.values import Unit, format_value
from outturn.scorecard.models import Outturn, OutturnState, Target, TargetKind
from outturn.scorecard.selectors import (
    PUBLISHED,
    IndicatorHistory,
    indicator_histories,
    indicators_for,
)
from outturn.scorecard.status import assess_histories, target_for
from outturn.transfer.export.tables import Table, csv_bytes, workbook_bytes

if TYPE_CHECKING:
    from outturn.accounts.roles import AnyUser

__all__ = [
    "COLUMNS",
    "Audience",
    "ExportColumn",
    "audience_for",
    "dictionary_table",
    "scorecard_csv",
    "scorecard_dictionary_csv",
    "scorecard_table",
    "scorecard_workbook",
]

RAG_LABELS = {
    "green": "On target",
    "amber": "Within tolerance",
    "red": "Off target",
    "not_rated": "Not rated (no target or no value)",
}
DIRECTIONS = {
    "improving": "better than the period compared with, by the indicator's polarity",
    "worsening": "worse than the period compared with",
    "no_change": "no change beyond the indicator's direction threshold",
    "not_comparable": "no value to compare with",
    "increased": "higher, for an indicator with no polarity",
    "decreased": "lower, for an indicator with no polarity",
}
VARIATION_ICONS = {
    "common_cause": "common cause: no significant change",
    "improvement_high": "special cause of improvement, higher",
    "improvement_low": "special cause of improvement, lower",
    "concern_high": "special cause of concern, higher",
    "concern_low": "special cause of concern, lower",
    "neutral_high": "special cause, higher (no polarity)",
    "neutral_low": "special cause, lower (no polarity)",
}
ASSURANCE_ICONS = {
    "consistent_pass": "the process will meet the target consistently",
    "consistent_fail": "the process will not meet the target without change",
    "inconsistent": "hit and miss: the target may or may not be met",
}


@dataclass(frozen=True)
class ExportColumn:
    name: str
    description: str
    values: str = ""


def _codes(mapping: dict[str, str]) -> str:
    return "; ".join(f"{code} ({meaning})" for code, meaning in mapping.items())


COLUMNS: tuple[ExportColumn, ...] = (
    ExportColumn("priority", "The corporate priority the indicator sits under."),
    ExportColumn("directorate", "The directorate that owns the indicator."),
    ExportColumn("service_unit", "The service unit that owns the indicator."),
    ExportColumn("indicator_code", "The indicator's code."),
    ExportColumn("indicator_title", "The indicator's title, phrased as an aim."),
    ExportColumn("polarity", "Which direction is better.", "up; down; none"),
    ExportColumn("unit", "The unit of the values.", ", ".join(u.value for u in Unit)),
    ExportColumn("frequency", "How often the indicator is reported."),
    ExportColumn(
        "aggregation", "snapshot (value at the period's end) or cumulative (year to date)."
    ),
    ExportColumn(
        "period",
        "The period whose value this quarter's scorecard shows: the quarter itself, the "
        "latest month or date in it, or the latest term or year ended by it. Blank if none.",
    ),
    ExportColumn("value", "The outturn, exactly as entered (every digit)."),
    ExportColumn("value_shown", "The outturn as printed in reports, to the indicator's decimals."),
    ExportColumn("secondary_value", "The second figure reported alongside, if any."),
    ExportColumn("numerator", "The numerator the value was worked out from, if any."),
    ExportColumn("denominator", "The denominator the value was worked out from, if any."),
    ExportColumn(
        "state",
        "Where the value is in the data round; only the performance team's export includes "
        "values that are not yet published.",
        ", ".join(OutturnState.values),
    ),
    ExportColumn("previous_period", "The period before, of the same kind."),
    ExportColumn("previous_value", "The outturn for the period before, if there is one."),
    ExportColumn("target", "The target value in force for the period, if it is a single value."),
    ExportColumn("target_band_low", "The bottom of the target band, for a band target."),
    ExportColumn("target_band_high", "The top of the target band, for a band target."),
    ExportColumn("target_shown", "The target as printed, with its basis in brackets."),
    ExportColumn("target_basis", "Where the target comes from, e.g. 'National average'."),
    ExportColumn("rag", "The rating against the target.", _codes(RAG_LABELS)),
    ExportColumn("rag_label", "The rating in words."),
    ExportColumn(
        "direction_previous",
        "Direction of travel against the previous period.",
        _codes(DIRECTIONS),
    ),
    ExportColumn(
        "direction_year",
        "Direction of travel against the same period a year before.",
        "as direction_previous",
    ),
    ExportColumn(
        "spc_variation",
        "Statistical process control: the variation icon for the latest point up to this "
        "quarter (NHS 'Making Data Count'). Blank without values.",
        _codes(VARIATION_ICONS),
    ),
    ExportColumn(
        "spc_assurance",
        "Statistical process control: the assurance icon (will the target be met). Blank "
        "without a target or for an indicator with no polarity.",
        _codes(ASSURANCE_ICONS),
    ),
    ExportColumn(
        "spc_special_cause",
        "The special-cause rule the period's point meets, if any (e.g. 'Above UCL').",
    ),
    ExportColumn("note", "The commentary on the figure, as it goes to committee reports."),
    ExportColumn("is_public", "yes if the indicator is on the public scorecard.", "yes; no"),
)


class Audience(enum.Enum):
    """Whose export it is, which decides the indicators and values it holds."""

    PUBLIC = "public"  # published figures of public indicators
    SIGNED_IN = "signed_in"  # published figures of every indicator
    UNPUBLISHED = "unpublished"  # every figure, whatever its state: the performance team

    @property
    def public_only(self) -> bool:
        return self is Audience.PUBLIC

    @property
    def states(self) -> tuple[str, ...]:
        return tuple(OutturnState.values) if self is Audience.UNPUBLISHED else tuple(PUBLISHED)


def audience_for(user: AnyUser, *, include_unpublished: bool = False) -> Audience:
    """The export ``user`` may have; PermissionDenied if they ask for more."""
    if include_unpublished:
        if not is_performance_team(user):
            raise PermissionDenied("Only the performance team exports unpublished values.")
        return Audience.UNPUBLISHED
    return Audience.SIGNED_IN if may_see_private(user) else Audience.PUBLIC


def _target_shown(target: Target | None, unit: Unit) -> str:
    if target is None or target.kind == TargetKind.NONE:
        return "No target set"
    if (
        target.kind == TargetKind.BAND
        and target.band_low is not None
        and target.band_high is not None
    ):
        text = f"{format_value(target.band_low, unit)} to {format_value(target.band_high, unit)}"
    elif target.value is not None:
        text = format_value(target.value, unit)
    else:
        return "No target set"
    return f"{text} ({target.basis})" if target.basis else text


def _row(history: IndicatorHistory, quarter: Period, series: SeriesStatus | None) -> list[object]:
    indicator = history.indicator
    unit = Unit(indicator.unit)
    period = reported_period(quarter, (o.period for o in history.outturns))
    outturn: Outturn | None = history.outturn_for(period) if period else None
    status: PeriodStatus | None = None
    point: SpcPointStatus | None = None
    if series is not None and period is not None:
        status = next((s for s in series.periods if s.period == period), None)
        point = next((p for p in series.spc.points if p.period == period), None)
    previous = period.previous() if period else None
    before = history.outturn_for(previous) if previous else None
    target = target_for(history, period) if period else None
    value: Decimal | None = outturn.value if outturn else None
    rag = status.rag.value if status else "not_rated"
    return [
        indicator.priority.name,
        indicator.directorate.name,
        indicator.service_unit.name,
        indicator.code,
        indicator.title,
        indicator.polarity,
        indicator.unit,
        indicator.frequency,
        indicator.aggregation,
        period,
        value,
        format_value(value, unit, indicator.decimals) if value is not None else None,
        outturn.secondary_value if outturn else None,
        outturn.numerator if outturn else None,
        outturn.denominator if outturn else None,
        outturn.state if outturn else None,
        previous,
        before.value if before else None,
        target.value if target else None,
        target.band_low if target else None,
        target.band_high if target else None,
        _target_shown(target, unit) if period else None,
        target.basis if target else None,
        rag,
        RAG_LABELS[rag],
        status.direction_previous.value if status else None,
        status.direction_year.value if status else None,
        series.spc.variation_icon if series and period else None,
        series.spc.assurance_icon if series and period else None,
        point.special_cause_type if point and point.special_cause_type != "Common Cause" else None,
        outturn.note if outturn else None,
        indicator.is_public,
    ]


def scorecard_table(*, quarter: Period, audience: Audience) -> Table:
    """Every indicator active in ``quarter``'s year that ``audience`` sees, with its status."""
    indicators = [
        indicator
        for indicator in indicators_for(public_only=audience.public_only)
        if indicator.is_active_in(quarter)
    ]
    indicators.sort(
        key=lambda i: (i.priority.order, i.priority.name, i.directorate.name, i.order, i.code)
    )
    histories = indicator_histories(indicators, states=audience.states)
    statuses = assess_histories(histories, until=quarter)
    rows = [_row(h, quarter, statuses.get(h.indicator.code)) for h in histories]
    return Table(f"Scorecard {quarter}".replace("/", "-"), [c.name for c in COLUMNS], rows)


def dictionary_table() -> Table:
    return Table(
        "Data dictionary",
        ("column", "description", "values"),
        [(c.name, c.description, c.values) for c in COLUMNS],
        wrap=True,
    )


def scorecard_workbook(*, quarter: Period, audience: Audience) -> bytes:
    """The scorecard sheet and its "Data dictionary" sheet."""
    table = scorecard_table(quarter=quarter, audience=audience)
    return workbook_bytes([table, dictionary_table()])


def scorecard_csv(*, quarter: Period, audience: Audience) -> bytes:
    """The scorecard as one CSV file; its dictionary is :func:`scorecard_dictionary_csv`."""
    return csv_bytes(scorecard_table(quarter=quarter, audience=audience))


def scorecard_dictionary_csv() -> bytes:
    return csv_bytes(dictionary_table())


def rows_by_column(table: Table) -> list[dict[str, object]]:
    """The table's rows as dictionaries by column name (for tests and scripts)."""
    names: Sequence[str] = table.header
    return [dict(zip(names, row, strict=True)) for row in table.rows]
