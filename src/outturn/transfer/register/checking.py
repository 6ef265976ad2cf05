"""Checking a register file, whole, before anything is written.

Every row of every sheet is read through the engine's parsers (``parse_period``,
``parse_value``, ``to_decimal``) and its references (directorate, indicator, comparator
group, user...) are looked up on the file's own sheets and in the database. Every problem is
collected with its sheet, row and column; :func:`check_register` raises
:class:`RegisterProblems` if there is any, and otherwise returns the rows as typed values,
ready for :mod:`.services` to write.

A column missing from a sheet leaves that field of existing rows as it is (new rows take the
default); a blank cell in a present column clears the field.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from outturn.engine.collection import EntryError, round_quarter_for, value_from_parts
from outturn.engine.periods import Period, PeriodError, PeriodKind, parse_period
from outturn.engine.values import (
    Reading,
    Unit,
    check_plausible,
    plain,
)
from outturn.scorecard.models import (
    Aggregation,
    Committee,
    Frequency,
    Indicator,
    Organisation,
    Outturn,
    OutturnState,
    Polarity,
)
from outturn.scorecard.models.indicators import RATING_FIELDS
from outturn.transfer.register import kinds as k
from outturn.transfer.register.lookups import Context, IndicatorFacts
from outturn.transfer.register.problems import Problem, RegisterProblems
from outturn.transfer.register.reading import Cell, RegisterFile
from outturn.transfer.register.rows import BAD, Bad, RowCells, taken

__all__ = ["CheckedRegister", "Incoming", "check_register"]


@dataclass
class Incoming:
    """One checked row: its key and typed values, by column name (present columns only)."""

    kind: k.Kind
    sheet: str
    row: int
    key: tuple[Any, ...]
    values: dict[str, Any]

    def label(self) -> str:
        return " ".join(str(part) for part in self.key if part not in (None, ""))


@dataclass
class CheckedRegister:
    """A clean register file: its rows by kind, in file order, ready to write."""

    source: str
    rows: dict[str, list[Incoming]] = field(default_factory=dict)

    def of(self, kind: k.Kind) -> list[Incoming]:
        return self.rows.get(kind.slug, [])


# --- the kinds ----------------------------------------------------------------------------


def _simple(
    kind: k.Kind, fields: Callable[[RowCells, Context, dict[str, Any]], None]
) -> Callable[[RowCells, Context], Incoming | None]:
    """A parser for a kind keyed by its own code."""

    def parse(row: RowCells, ctx: Context) -> Incoming | None:
        values: dict[str, Any] = {}
        code = row.code("code")
        taken(values, row, "name", row.text("name", max_length=200))
        fields(row, ctx, values)
        if isinstance(code, Bad) or not row.ok:
            return None
        return Incoming(kind, row.sheet.name, row.row_number, (code,), values)

    return parse


def _directorate(row: RowCells, ctx: Context, values: dict[str, Any]) -> None:
    taken(values, row, "director", ctx.user(row, "director"))


def _service_unit(row: RowCells, ctx: Context, values: dict[str, Any]) -> None:
    directorate = ctx.reference(row, "directorate_code", k.DIRECTORATES)
    taken(values, row, "directorate_code", directorate)
    if isinstance(directorate, str) and isinstance(row.raw("code"), str):
        ctx.file_unit_directorate[str(row.raw("code"))] = directorate
    taken(values, row, "head", ctx.user(row, "head"))
    taken(values, row, "deputy", ctx.user(row, "deputy"))


def _priority(row: RowCells, ctx: Context, values: dict[str, Any]) -> None:
    taken(values, row, "description", row.text("description"))
    taken(values, row, "order", row.whole("order", low=0, high=32767, default=0))


def _portfolio(row: RowCells, ctx: Context, values: dict[str, Any]) -> None:
    taken(values, row, "holder_name", row.text("holder_name", max_length=200))
    taken(values, row, "holder", ctx.user(row, "holder"))


def _committee(row: RowCells, ctx: Context, values: dict[str, Any]) -> None:
    taken(values, row, "kind", row.choice("kind", Committee.Kind.choices, "scrutiny"))


def _group(row: RowCells, ctx: Context, values: dict[str, Any]) -> None:
    taken(values, row, "order", row.whole("order", low=0, high=32767, default=0))


def _organisation(row: RowCells, ctx: Context, values: dict[str, Any]) -> None:
    kind = row.choice("kind", Organisation.Kind.choices, Organisation.Kind.COMPARATOR)
    taken(values, row, "kind", kind)
    if kind == Organisation.Kind.COUNCIL:
        other = (
            Organisation.objects.filter(kind=Organisation.Kind.COUNCIL)
            .exclude(code=row.raw("code"))
            .first()
        )
        if other is not None:
            row.fail(
                "kind",
                f"{other.name} ({other.code}) is already this council in Outturn: only one "
                "organisation may be the council",
            )
        elif ctx.councils:
            row.fail("kind", f"{ctx.councils[0]} is already the council: only one may be")
        ctx.councils.append(str(row.raw("code")))


_UNIT_CHOICES = [(unit.value, unit.value.replace("_", " ")) for unit in Unit]


def _refuse_rating_changes(row: RowCells, existing: Indicator, values: dict[str, Any]) -> None:
    """A published indicator's polarity, unit, frequency or aggregation cannot change:
    it would re-rate periods already reported."""
    proposed = copy.copy(existing)
    for name in RATING_FIELDS:
        if isinstance(values.get(name), str) and values[name]:
            setattr(proposed, name, values[name])
    for name in proposed.rating_changes():
        row.fail(
            name,
            f"{existing.code} has published outturns rated with its {name} "
            f"({getattr(existing, name)}): retire it and add a new indicator instead",
        )


def _indicator(row: RowCells, ctx: Context) -> Incoming | None:
    values: dict[str, Any] = {}
    code = row.code("code")
    existing = ctx.indicators.get(code) if isinstance(code, str) else None
    for column, length in (
        ("title", 300),
        ("description", None),
        ("numerator_label", 200),
        ("denominator_label", 200),
        ("secondary_label", 200),
        ("source", 300),
    ):
        taken(values, row, column, row.text(column, max_length=length))
    taken(values, row, "polarity", row.choice("polarity", _polarity_choices(), ""))
    unit = row.choice("unit", _UNIT_CHOICES, "")
    frequency = row.choice("frequency", Frequency.choices, "")
    taken(values, row, "unit", unit)
    taken(values, row, "frequency", frequency)
    taken(values, row, "aggregation", row.choice("aggregation", _aggregation_choices(), "snapshot"))
    if existing is not None:
        _refuse_rating_changes(row, existing, values)
    decimals = row.whole("decimals", low=0, high=6, default=0)
    taken(values, row, "decimals", decimals)
    taken(values, row, "lag_months", row.whole("lag_months", low=0, high=60, default=0))
    threshold = row.number("direction_threshold")
    if isinstance(threshold, Decimal) and threshold < 0:
        threshold = row.fail("direction_threshold", "the threshold cannot be negative")
    taken(values, row, "direction_threshold", threshold if threshold is not None else Decimal(0))
    directorate = ctx.reference(row, "directorate_code", k.DIRECTORATES)
    unit_code = ctx.reference(row, "service_unit_code", k.SERVICE_UNITS)
    taken(values, row, "directorate_code", directorate)
    taken(values, row, "service_unit_code", unit_code)
    if isinstance(directorate, str) and isinstance(unit_code, str):
        owner = ctx.file_unit_directorate.get(unit_code) or ctx.unit_directorate.get(unit_code)
        if owner is not None and owner != directorate:
            row.fail(
                "service_unit_code",
                f"the service unit {unit_code} belongs to the directorate {owner}, "
                f"not {directorate}",
            )
    taken(values, row, "priority_code", ctx.reference(row, "priority_code", k.PRIORITIES))
    taken(values, row, "portfolio_code", ctx.reference(row, "portfolio_code", k.PORTFOLIOS))
    if row.has("committee_codes"):
        values["committee_codes"] = _committee_codes(row, ctx)
    taken(values, row, "responsible_officer", ctx.user(row, "responsible_officer"))
    taken(values, row, "data_owner", ctx.user(row, "data_owner"))
    taken(values, row, "is_public", row.boolean("is_public"))
    active_from = row.financial_year("active_from")
    active_to = row.financial_year("active_to")
    if (
        isinstance(active_from, Period)
        and isinstance(active_to, Period)
        and active_to < active_from
    ):
        active_to = row.fail("active_to", f"{active_to} is before active_from {active_from}")
    taken(values, row, "active_from", active_from)
    taken(values, row, "active_to", active_to)
    taken(values, row, "order", row.whole("order", low=0, high=2**31 - 1, default=0))
    if not isinstance(code, str):
        return None
    # Later sheets read values in this indicator's unit: the file's definition wins.
    facts = None
    unit_value = unit if isinstance(unit, str) and unit else (existing and existing.unit)
    freq_value = (
        frequency if isinstance(frequency, str) and frequency else (existing and existing.frequency)
    )
    places = decimals if isinstance(decimals, int) else (existing.decimals if existing else 0)
    if unit_value and freq_value and not isinstance(decimals, Bad):
        facts = IndicatorFacts(Unit(unit_value), Frequency(freq_value), places)
    ctx.facts[code] = facts
    if not row.ok:
        return None
    return Incoming(k.INDICATORS, row.sheet.name, row.row_number, (code,), values)


def _polarity_choices() -> list[tuple[str, str]]:
    return [*Polarity.choices, ("up", "higher"), ("down", "lower")]


def _aggregation_choices() -> list[tuple[str, str]]:
    return [*Aggregation.choices, ("cumulative", "year to date")]


def _committee_codes(row: RowCells, ctx: Context) -> tuple[str, ...] | Bad:
    text = row.text("committee_codes")
    if isinstance(text, Bad):
        return text
    codes = [part.strip() for part in text.replace(",", ";").split(";") if part.strip()]
    unknown = [code for code in codes if not ctx.knows(k.COMMITTEES, code)]
    if unknown:
        return row.fail(
            "committee_codes",
            f"no committee has the code {', '.join(unknown)} on the Committees sheet or in Outturn",
        )
    return tuple(dict.fromkeys(codes))


def _benchmark(row: RowCells, ctx: Context) -> Incoming | None:
    code = ctx.indicator(row)
    group = ctx.reference(row, "group_code", k.COMPARATOR_GROUPS)
    organisation = ctx.reference(row, "organisation_code", k.ORGANISATIONS)
    period = row.period("period")
    facts = ctx.facts_for(code) if isinstance(code, str) else None
    value = row.single("value", facts.unit) if facts else BAD
    source = row.text("source", max_length=300)
    if not row.ok or facts is None:
        return None
    if not (isinstance(code, str) and isinstance(group, str) and isinstance(period, Period)):
        return None
    if organisation is None:
        ctx.file_group_benchmarks.add((code, group, period))
    values: dict[str, Any] = {"value": value}
    taken(values, row, "source", source)
    key = (code, group, organisation or "", period)
    return Incoming(k.BENCHMARKS, row.sheet.name, row.row_number, key, values)


def _target(row: RowCells, ctx: Context) -> Incoming | None:
    code = ctx.indicator(row)
    period = row.period("period")
    facts = ctx.facts_for(code) if isinstance(code, str) else None
    if facts is None:
        return None
    if isinstance(period, Period):
        own = facts.frequency.period_kind
        if period.kind not in (own, PeriodKind.FINANCIAL_YEAR):
            row.fail(
                "period",
                f"{period} is a {_kind_name(period.kind)}: a target is for a financial year "
                f"or a {_kind_name(own)}, as {code} is reported {facts.frequency.label.lower()}",
            )
    kind = row.choice("kind", [("value", "value"), ("band", "band"), ("none", "none")], "")
    value = row.single("value", facts.unit)
    low = row.single("band_low", facts.unit)
    high = row.single("band_high", facts.unit)
    figures = _target_figures(row, kind, value, low, high)
    values: dict[str, Any] = {}
    if figures is not None:
        values.update(figures)
    taken(values, row, "basis", row.text("basis", max_length=200))
    if row.has("benchmark_group") or row.has("benchmark_period"):
        values["benchmark"] = _target_benchmark(row, ctx, code)
    if row.has("profiled_from"):
        values["profiled_from"] = _profiled_from(row, ctx, code, period)
    if not row.ok or not isinstance(period, Period) or not isinstance(code, str):
        return None
    return Incoming(k.TARGETS, row.sheet.name, row.row_number, (code, period), values)


def _target_figures(
    row: RowCells, kind: str | Bad, value: Any, low: Any, high: Any
) -> dict[str, Any] | None:
    """The target's kind and figures, which are always set together."""
    if any(isinstance(x, Bad) for x in (kind, value, low, high)):
        return None
    if not kind:
        kind = "value" if value is not None else "band" if (low, high) != (None, None) else "none"
    if kind == "value":
        if value is None:
            row.fail("value", "a target of kind value needs a value")
            return None
        if (low, high) != (None, None):
            row.fail("band_low", "a target of kind value has no band: leave the band blank")
            return None
        return {"kind": kind, "value": value, "band_low": None, "band_high": None}
    if kind == "band":
        if low is None or high is None:
            column = "band_low" if low is None else "band_high"
            row.fail(column, "a band needs both band_low and band_high")
            return None
        if value is not None:
            row.fail("value", "a band target has no single value: leave value blank")
            return None
        if low > high:
            row.fail("band_high", f"the band's top ({high}) is below its bottom ({low})")
            return None
        return {"kind": kind, "value": None, "band_low": low, "band_high": high}
    if (value, low, high) != (None, None, None):
        row.fail("kind", "'none' means no target is set: leave value and the band blank")
        return None
    return {"kind": "none", "value": None, "band_low": None, "band_high": None}


def _target_benchmark(row: RowCells, ctx: Context, code: str | Bad) -> tuple[str, Period] | None:
    group = ctx.reference(row, "benchmark_group", k.COMPARATOR_GROUPS)
    period = row.period("benchmark_period")
    if group is None and period is None:
        return None
    if isinstance(group, Bad) or isinstance(period, Bad) or isinstance(code, Bad):
        return None
    if group is None or period is None:
        column = "benchmark_group" if group is None else "benchmark_period"
        row.fail(column, "a target tied to a benchmark needs both benchmark_group and its period")
        return None
    in_file = (code, group, period) in ctx.file_group_benchmarks
    in_db = (code, group, period) in ctx.db_group_benchmarks
    if not (in_file or in_db):
        row.fail(
            "benchmark_group",
            f"{code} has no {group} benchmark for {period} on the Benchmarks sheet or in Outturn",
        )
        return None
    return (group, period)


def _profiled_from(
    row: RowCells, ctx: Context, code: str | Bad, period: Period | Bad | None
) -> Period | None:
    annual = row.financial_year("profiled_from")
    if annual is None or isinstance(annual, Bad) or isinstance(code, Bad):
        return None
    if isinstance(period, Period):
        if period.kind is PeriodKind.FINANCIAL_YEAR:
            row.fail("profiled_from", "an annual target is not profiled from another")
            return None
        if period.financial_year() != annual:
            row.fail("profiled_from", f"{period} is not in the financial year {annual}")
            return None
    in_file = (code, annual) in ctx.file_annual_targets
    in_db = (code, annual) in ctx.db_annual_targets
    if not (in_file or in_db):
        row.fail(
            "profiled_from",
            f"{code} has no annual target for {annual} on the Targets sheet or in Outturn",
        )
        return None
    return annual


def _tolerance(row: RowCells, ctx: Context) -> Incoming | None:
    code = ctx.indicator(row)
    applies_from = row.period("applies_from")
    kind = row.choice("kind", [("absolute", "absolute"), ("relative", "relative")], "")
    facts = ctx.facts_for(code) if isinstance(code, str) else None
    amount: Decimal | Bad | None = BAD
    cell = row.raw("value")
    if kind == "relative" and isinstance(cell, str) and "%" in cell:
        percent = row.single("value", Unit.PERCENTAGE)
        amount = percent.scaleb(-2) if isinstance(percent, Decimal) else percent
    elif kind == "relative":
        amount = row.number("value")
    elif kind == "absolute" and facts is not None:
        amount = row.single("value", facts.unit)
    if isinstance(amount, Decimal) and amount < 0:
        row.fail("value", "a tolerance cannot be negative")
    if not row.ok or facts is None:
        return None
    if not (isinstance(code, str) and isinstance(applies_from, Period)):
        return None
    values = {"kind": kind, "value": amount}
    return Incoming(k.TOLERANCES, row.sheet.name, row.row_number, (code, applies_from), values)


def _outturn(row: RowCells, ctx: Context) -> Incoming | None:
    code = ctx.indicator(row)
    period = row.period("period")
    facts = ctx.facts_for(code) if isinstance(code, str) else None
    if facts is None:
        return None
    if isinstance(period, Period):
        own = facts.frequency.period_kind
        if period.kind is not own:
            hint = (
                " (if you typed a month, Excel may have turned it into a date: format the "
                "column as Text)"
                if period.kind is PeriodKind.SNAPSHOT
                else ""
            )
            row.fail(
                "period",
                f"{period} is a {_kind_name(period.kind)}, but {code} is reported "
                f"{facts.frequency.label.lower()}: give a {_kind_name(own)}{hint}",
            )
        elif round_quarter_for(period) in ctx.open_rounds:
            row.fail(
                "period",
                f"the data round for {round_quarter_for(period)} is open: enter {period} "
                "through the round, not as history",
            )
    reading = row.reading("value", facts.unit)
    numerator = row.number("numerator")
    denominator = row.number("denominator")
    secondary = row.number("secondary_value")
    note = row.text("note")
    published_at = row.moment("published_at")
    value = _outturn_value(row, facts, reading, numerator, denominator)
    if isinstance(reading, Reading) and reading.secondary is not None:
        if isinstance(secondary, Decimal) and secondary != reading.secondary:
            row.fail(
                "secondary_value",
                f"the value's bracketed figure ({plain(reading.secondary)}) differs from "
                f"secondary_value ({plain(secondary)})",
            )
        secondary = reading.secondary
    if not row.ok:
        return None
    if not (isinstance(code, str) and isinstance(period, Period)):
        return None
    values: dict[str, Any] = {"value": value}
    taken(values, row, "numerator", numerator)
    taken(values, row, "denominator", denominator)
    if row.has("secondary_value") or (isinstance(reading, Reading) and reading.secondary):
        values["secondary_value"] = secondary
    taken(values, row, "note", note)
    taken(values, row, "published_at", published_at)
    return Incoming(k.OUTTURNS, row.sheet.name, row.row_number, (code, period), values)


def _outturn_value(
    row: RowCells,
    facts: IndicatorFacts,
    reading: Reading | Bad | None,
    numerator: Decimal | Bad | None,
    denominator: Decimal | Bad | None,
) -> Decimal | Bad:
    if isinstance(reading, Bad):
        return reading
    if reading is not None:
        value = reading.value
    elif isinstance(numerator, Decimal) and isinstance(denominator, Decimal):
        try:
            value = value_from_parts(numerator, denominator, facts.unit, facts.decimals)
        except EntryError as error:
            return row.fail("denominator", str(error))
    else:
        if isinstance(numerator, Bad) or isinstance(denominator, Bad):
            return BAD
        return row.fail("value", "enter the value, or both a numerator and a denominator")
    for message in check_plausible(value, facts.unit):
        row.fail("value", message)
    return value


def _kind_name(kind: PeriodKind) -> str:
    return {
        PeriodKind.FINANCIAL_YEAR: "financial year",
        PeriodKind.QUARTER: "quarter",
        PeriodKind.MONTH: "month",
        PeriodKind.ACADEMIC_YEAR: "academic year",
        PeriodKind.TERM: "term",
        PeriodKind.SNAPSHOT: "snapshot date",
    }[kind]


_PARSERS: dict[str, Callable[[RowCells, Context], Incoming | None]] = {
    k.DIRECTORATES.slug: _simple(k.DIRECTORATES, _directorate),
    k.SERVICE_UNITS.slug: _simple(k.SERVICE_UNITS, _service_unit),
    k.PRIORITIES.slug: _simple(k.PRIORITIES, _priority),
    k.PORTFOLIOS.slug: _simple(k.PORTFOLIOS, _portfolio),
    k.COMMITTEES.slug: _simple(k.COMMITTEES, _committee),
    k.COMPARATOR_GROUPS.slug: _simple(k.COMPARATOR_GROUPS, _group),
    k.ORGANISATIONS.slug: _simple(k.ORGANISATIONS, _organisation),
    k.INDICATORS.slug: _indicator,
    k.BENCHMARKS.slug: _benchmark,
    k.TARGETS.slug: _target,
    k.TOLERANCES.slug: _tolerance,
    k.OUTTURNS.slug: _outturn,
}


def _check_existing_outturns(rows: list[Incoming], problems: list[Problem]) -> None:
    """Values still in a data round are not overwritten as history."""
    if not rows:
        return
    codes = {row.key[0] for row in rows}
    states = {
        (code, period): state
        for code, period, state in Outturn.objects.filter(indicator__code__in=codes)
        .exclude(state=OutturnState.PUBLISHED)
        .values_list("indicator__code", "period", "state")
    }
    for row in rows:
        state = states.get(row.key)
        if state is not None:
            problems.append(
                Problem(
                    row.sheet,
                    row.row,
                    "period",
                    f"{row.key[0]} {row.key[1]} is {OutturnState(state).label.lower()} in a data "
                    "round: finish it there rather than importing it as history",
                )
            )


def _raw_key(kind: k.Kind, cells: dict[str, Cell]) -> tuple[str, ...]:
    """A row's key as typed, periods in their canonical form, to find repeated rows."""
    parts = []
    for column in kind.key:
        cell = cells.get(column)
        text = "" if cell is None else plain(cell) if isinstance(cell, Decimal) else str(cell)
        if column in ("period", "applies_from") and text:
            with contextlib.suppress(PeriodError):
                text = str(parse_period(text))
        parts.append(text)
    return tuple(parts)


def check_register(register: RegisterFile) -> CheckedRegister:
    """Check every row of ``register``; raise :class:`RegisterProblems` listing every problem."""
    problems = list(register.problems)
    ctx = Context(register, problems)
    checked = CheckedRegister(source=register.source)
    for kind in k.KINDS:
        sheet = register.sheet(kind)
        if sheet is None:
            continue
        seen: dict[tuple[str, ...], int] = {}
        rows: list[Incoming] = []
        for number, cells in sheet.rows:
            key = _raw_key(kind, cells)
            if key in seen:
                shown = " ".join(part for part in key if part)
                problems.append(
                    Problem(
                        sheet.name,
                        number,
                        kind.key[-1],
                        f"{shown} is already on row {seen[key]}: give each one row only",
                    )
                )
                continue
            seen[key] = number
            incoming = _PARSERS[kind.slug](RowCells(sheet, number, cells, problems), ctx)
            if incoming is not None:
                rows.append(incoming)
        checked.rows[kind.slug] = rows
    _check_existing_outturns(checked.of(k.OUTTURNS), problems)
    if problems:
        raise RegisterProblems(problems)
    return checked
