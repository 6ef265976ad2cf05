"""Checking a whole outturn file before anything is written.

Every row is checked and every problem kept, so the user fixes the file once rather
than once per upload. The checks run over the whole frame with Polars; only the cells
that need a judgement (text that is not a plain number, a value worked out from a
numerator and denominator, a figure that may be impossible, a row that is wrong) go one
by one through the engine's parsers and rules, which stay the only place those rules
live. A plain number such as ``-12.5`` is exactly what :func:`parse_value` would read for
every unit, so it is taken as it stands without a round trip through Python.

Whether a value is unusual enough to need an explanation is the entry form's rule,
:func:`outturn.rounds.services.entry_checks_many`, asked once for the whole file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import polars as pl
from django.contrib.auth.models import User

from outturn.accounts.roles import may_enter
from outturn.engine.collection import (
    EntryError,
    check_entry,
    due_periods,
    round_quarter_for,
    value_from_parts,
)
from outturn.engine.periods import Period, PeriodError, financial_year, parse_period
from outturn.engine.values import Unit, ValueParseError, parse_value, to_decimal
from outturn.rounds.models import Round, RoundState
from outturn.rounds.services import entry_checks_many
from outturn.scorecard.models import Frequency, Indicator, Outturn, OutturnState
from outturn.transfer.outturns.columns import FIGURES, REQUIRED, Problem, sort_problems
from outturn.transfer.outturns.reading import Sheet

__all__ = ["CheckedFile", "Scope", "check_outturns"]

#: Text the engine would read as exactly this number in any unit (no sign games, no
#: separators, no % or £), short enough that a float shows its sign and size.
FAST_NUMBER = r"^[+-]?\d{1,40}(\.\d{1,40})?$"
_FAST = re.compile(FAST_NUMBER)

_STATE_PROBLEM = {
    OutturnState.SUBMITTED: (
        "is already submitted: ask the head of service to return it if the figure needs "
        "to change, then import it again."
    ),
    OutturnState.APPROVED: (
        "is already approved, so an import cannot replace it: ask the performance team."
    ),
    OutturnState.PUBLISHED: (
        "is already published: a correction is a restatement, which the performance team records."
    ),
}


@dataclass(frozen=True)
class Scope:
    """Which periods the file may hold.

    ``period``: every row must be for this period (the command's ``--period``).
    ``round_quarter``: every row must be collected by this quarter's round (an upload
    on a round's page). With neither, any period with an open round will do.
    """

    period: Period | None = None
    round_quarter: Period | None = None


@dataclass
class CheckedFile:
    """The outcome: the rows to write, or the problems that stop the file being written.

    ``rows`` has indicator_id, period (its stored text), value, numerator, denominator,
    secondary_value (exact numbers as text), note, explanation (None when the row gives
    none), existing_id (the draft or returned outturn a row replaces) and row.
    """

    rows: pl.DataFrame
    problems: list[Problem] = field(default_factory=list)
    blank_rows: int = 0

    @property
    def clean(self) -> bool:
        return not self.problems


def check_outturns(sheet: Sheet, *, by: User, scope: Scope) -> CheckedFile:
    """Check every row of ``sheet`` for import by ``by``; see the module docstring."""
    return _Checker(sheet, by=by, scope=scope).run()


class _Checker:
    def __init__(self, sheet: Sheet, *, by: User, scope: Scope) -> None:
        self.sheet = sheet
        self.by = by
        self.scope = scope
        self.problems: list[Problem] = list(sheet.problems)
        self.indicators: dict[int, Indicator] = {}
        #: An indicator for each pair of first and last years on the scorecard.
        self.spans: dict[tuple[Period | None, Period | None], Indicator] = {}
        self.periods: dict[str, Period] = {}

    def problem(self, row: int | None, column: str | None, message: str) -> None:
        letter = self.sheet.letters.get(column) if column else None
        self.problems.append(Problem(row, column, message, letter))

    def run(self) -> CheckedFile:
        empty = CheckedFile(rows=pl.DataFrame())
        if not self.sheet.has_header:
            self.problem(
                None,
                None,
                "The file is empty: download the template, fill in your figures and "
                "upload it again.",
            )
            return self._done(empty)
        if self._missing_columns():
            return self._done(empty)
        frame = self.sheet.frame
        filled = pl.any_horizontal(pl.col(name).is_not_null() for name in FIGURES)
        rows = frame.filter(filled)
        blank = frame.height - rows.height
        if rows.height == 0:
            self.problem(
                None,
                None,
                "The file has no figures to import: every row's value, numerator, "
                "denominator, secondary value, note and explanation are blank.",
            )
            return self._done(empty)
        rows = self._indicators(rows)
        rows = self._periods(rows)
        rows = self._numbers(rows)
        rows = self._values(rows)
        self._plausible(rows)
        self._duplicates(rows)
        rows = self._existing(rows)
        self._unusual(rows)
        checked = CheckedFile(
            rows=rows.select(
                "indicator_id",
                pl.col("period_key").alias("period"),
                pl.col("value_final").alias("value"),
                pl.col("numerator_final").alias("numerator"),
                pl.col("denominator_final").alias("denominator"),
                pl.col("secondary_final").alias("secondary_value"),
                pl.col("note").fill_null(""),
                "explanation",
                "existing_id",
                "row",
            ),
            blank_rows=blank,
        )
        return self._done(checked)

    def _done(self, checked: CheckedFile) -> CheckedFile:
        checked.problems = sort_problems(self.problems)
        if checked.problems:
            checked.rows = pl.DataFrame()
        return checked

    # --- the file's shape -------------------------------------------------------------

    def _missing_columns(self) -> bool:
        missing = [name for name in REQUIRED if not self.sheet.has(name)]
        if not self.sheet.has("value") and not (
            self.sheet.has("numerator") and self.sheet.has("denominator")
        ):
            missing.append("value")
        for name in missing:
            self.problem(
                1,
                name,
                f"the required column {name} is missing: add a column headed {name} "
                "to the first row.",
            )
        return bool(missing)

    # --- indicators -------------------------------------------------------------------

    def _indicators(self, rows: pl.DataFrame) -> pl.DataFrame:
        codes = set(rows["indicator_code"].drop_nulls().unique().to_list())
        register = (
            Indicator.objects.filter(code__in=codes)
            if len(codes) < 500
            else Indicator.objects.all()
        )
        found = [indicator for indicator in register if indicator.code in codes]
        self.indicators = {indicator.pk: indicator for indicator in found}
        # Who may enter an indicator's values turns on its data owner: asked once per owner
        # (of a register of thousands) rather than once per indicator.
        allowed = {
            owner: may_enter(self.by, Indicator(data_owner_id=owner))
            for owner in {indicator.data_owner_id for indicator in found}
        }
        # Likewise whether it is on the scorecard in a year turns on its first and last
        # years: one indicator stands for all those that share them.
        for indicator in found:
            self.spans.setdefault((indicator.active_from, indicator.active_to), indicator)
        span_ids = {span: number for number, span in enumerate(self.spans)}
        lookup = pl.DataFrame(
            [
                (
                    indicator.code,
                    indicator.pk,
                    indicator.unit,
                    indicator.decimals,
                    indicator.frequency,
                    allowed[indicator.data_owner_id],
                    span_ids[indicator.active_from, indicator.active_to],
                )
                for indicator in found
            ],
            schema={
                "indicator_code": pl.Utf8,
                "indicator_id": pl.Int64,
                "unit": pl.Utf8,
                "decimals": pl.Int64,
                "frequency": pl.Utf8,
                "may_enter": pl.Boolean,
                "span": pl.Int64,
            },
            orient="row",
        )
        rows = rows.join(lookup, on="indicator_code", how="left", maintain_order="left")
        for row in rows.filter(pl.col("indicator_code").is_null())["row"]:
            self.problem(row, "indicator_code", "enter the indicator's code.")
        unknown = rows.filter(
            pl.col("indicator_code").is_not_null() & pl.col("indicator_id").is_null()
        )
        for row, code in unknown.select("row", "indicator_code").iter_rows():
            self.problem(
                row,
                "indicator_code",
                f"there is no indicator with the code “{code}”: check it against the template.",
            )
        barred = rows.filter(pl.col("may_enter").not_())
        for row, code in barred.select("row", "indicator_code").iter_rows():
            self.problem(
                row,
                "indicator_code",
                f"you do not enter values for {code}: only its data owner or the "
                "performance team may.",
            )
        return rows

    # --- periods ----------------------------------------------------------------------

    def _periods(self, rows: pl.DataFrame) -> pl.DataFrame:
        for row in rows.filter(pl.col("period").is_null())["row"]:
            self.problem(row, "period", "enter the period, for example " + self._example() + ".")
        parsed: dict[str, Period] = {}
        wrong: dict[str, str] = {}
        open_quarters = {
            str(p)
            for p in Round.objects.filter(state=RoundState.OPEN).values_list("period", flat=True)
        }
        for text in rows["period"].drop_nulls().unique().to_list():
            try:
                period = parse_period(text)
            except PeriodError as error:
                wrong[text] = str(error)
                continue
            parsed[text] = period
            message = self._period_scope_problem(period, open_quarters)
            if message:
                wrong[text] = message
        info = pl.DataFrame(
            {
                "period": list(parsed),
                "period_key": [str(p) for p in parsed.values()],
                "period_kind": [p.kind.value for p in parsed.values()],
                "period_year": [p.financial_year().start.year for p in parsed.values()],
            },
            schema={
                "period": pl.Utf8,
                "period_key": pl.Utf8,
                "period_kind": pl.Utf8,
                "period_year": pl.Int64,
            },
        )
        rows = rows.join(info, on="period", how="left", maintain_order="left")
        if wrong:
            bad = rows.filter(pl.col("period").is_in(list(wrong)))
            for row, text in bad.select("row", "period").iter_rows():
                self.problem(row, "period", wrong[text])
        # Whether each indicator is collected for the period: decided once per
        # frequency and period, then joined back.
        pairs = rows.filter(pl.col("frequency").is_not_null() & pl.col("period_key").is_not_null())
        due = pairs.select("frequency", "period", "period_key").unique()
        due = due.with_columns(
            pl.Series(
                "is_due",
                [_is_due(frequency, parsed[text]) for frequency, text, _ in due.iter_rows()],
                dtype=pl.Boolean,
            )
        ).drop("period_key")
        rows = rows.join(due, on=["frequency", "period"], how="left", maintain_order="left")
        not_due = rows.filter(pl.col("is_due").not_() & pl.col("period").is_in(list(wrong)).not_())
        for row, code, frequency, text in not_due.select(
            "row", "indicator_code", "frequency", "period"
        ).iter_rows():
            label = Frequency(frequency).label.lower()
            self.problem(
                row,
                "period",
                f"{code} is collected {_frequency_phrase(label)}: {parsed[text]} is not one "
                "of its periods.",
            )
        # Whether each indicator is on the scorecard in the period's financial year: asked
        # once for each first and last year and period year, then joined back.
        spans = list(self.spans.values())
        years = rows.filter(pl.col("is_due")).select("span", "period_year").unique()
        off = [
            (span, year)
            for span, year in years.iter_rows()
            if not spans[span].is_active_in(financial_year(year))
        ]
        if off:
            inactive = rows.join(
                pl.DataFrame(off, schema={"span": pl.Int64, "period_year": pl.Int64}, orient="row"),
                on=["span", "period_year"],
                how="semi",
                maintain_order="left",
            )
            for row, code, text in inactive.select("row", "indicator_code", "period").iter_rows():
                self.problem(
                    row,
                    "indicator_code",
                    f"{code} is not on the scorecard in {parsed[text].financial_year()}.",
                )
        self.periods = {str(period): period for period in parsed.values()}
        return rows

    def _example(self) -> str:
        if self.scope.period is not None:
            return str(self.scope.period)
        return str(self.scope.round_quarter) if self.scope.round_quarter else "2025/26 Q2"

    def _period_scope_problem(self, period: Period, open_quarters: set[str]) -> str | None:
        if self.scope.period is not None:
            if period != self.scope.period:
                return f"the period is {period}, but this import is for {self.scope.period}."
            return None  # the service has checked the round before reading the file
        quarter = round_quarter_for(period)
        if self.scope.round_quarter is not None:
            if quarter != self.scope.round_quarter:
                return (
                    f"{period} is not collected in the {self.scope.round_quarter} round "
                    f"(it belongs to {quarter})."
                )
            return None
        if str(quarter) not in open_quarters:
            return f"no data round is open for {period} (the {quarter} round)."
        return None

    # --- numbers ----------------------------------------------------------------------

    def _numbers(self, rows: pl.DataFrame) -> pl.DataFrame:
        """Read the value (in the indicator's unit) and the plain numbers beside it."""
        fast = {
            name: pl.col(name).str.contains(FAST_NUMBER)
            for name in ("value", "numerator", "denominator", "secondary_value")
        }
        rows = rows.with_columns(
            pl.when(fast["value"]).then(pl.col("value")).alias("value_read"),
            pl.when(fast["numerator"]).then(pl.col("numerator")).alias("numerator_final"),
            pl.when(fast["denominator"]).then(pl.col("denominator")).alias("denominator_final"),
            pl.when(fast["secondary_value"])
            .then(pl.col("secondary_value"))
            .alias("secondary_final"),
            pl.lit(False).alias("value_slow"),
            pl.lit(False).alias("number_error"),
        )
        slow = rows.filter(
            (pl.col("value").is_not_null() & fast["value"].not_() & pl.col("unit").is_not_null())
            | (pl.col("numerator").is_not_null() & fast["numerator"].not_())
            | (pl.col("denominator").is_not_null() & fast["denominator"].not_())
            | (pl.col("secondary_value").is_not_null() & fast["secondary_value"].not_())
        )
        if slow.height == 0:
            return rows
        fixes: dict[str, list[Any]] = {
            "row": [],
            "value_read": [],
            "numerator_final": [],
            "denominator_final": [],
            "secondary_final": [],
            "number_error": [],
        }
        names = ("row", "unit", "value", "numerator", "denominator", "secondary_value")
        current = ("value_read", "numerator_final", "denominator_final", "secondary_final")
        for record in slow.select(*names, *current).iter_rows(named=True):
            row = record["row"]
            error = False
            value, numerator, denominator, secondary = (record[name] for name in current)
            for name in ("numerator", "denominator", "secondary_value"):
                text = record[name]
                if text is None or _is_fast(text):
                    continue
                try:
                    number = _text(to_decimal(text, what=name.replace("_", " ")))
                except ValueParseError as failure:
                    self.problem(row, name, _sentence(failure))
                    error = True
                    continue
                if name == "numerator":
                    numerator = number
                elif name == "denominator":
                    denominator = number
                else:
                    secondary = number
            text = record["value"]
            if text is not None and record["unit"] is not None and not _is_fast(text):
                try:
                    reading = parse_value(text, Unit(record["unit"]))
                except ValueParseError as failure:
                    self.problem(row, "value", _sentence(failure))
                    error = True
                else:
                    value = _text(reading.value)
                    if reading.secondary is not None:
                        if record["secondary_value"] is not None:
                            self.problem(
                                row,
                                "value",
                                f"“{text}” has a second figure in brackets and the "
                                "secondary_value column is filled in too: keep one of them.",
                            )
                            error = True
                        else:
                            secondary = _text(reading.secondary)
            for name, got in zip(current, (value, numerator, denominator, secondary), strict=True):
                fixes[name].append(got)
            fixes["row"].append(row)
            fixes["number_error"].append(error)
        fixed = pl.DataFrame(
            fixes,
            schema={"row": pl.Int64, **{n: pl.Utf8 for n in current}, "number_error": pl.Boolean},
        )
        rows = rows.update(
            fixed.with_columns(pl.lit(True).alias("value_slow")), on="row", include_nulls=True
        )
        return rows

    def _values(self, rows: pl.DataFrame) -> pl.DataFrame:
        """The value to store: as typed, or worked out from the numerator and denominator."""
        parts = rows.filter(
            pl.col("numerator_final").is_not_null()
            & pl.col("denominator_final").is_not_null()
            & pl.col("unit").is_not_null()
        )
        computed: dict[int, str] = {}
        for row, value, numerator, denominator, unit, decimals in parts.select(
            "row", "value_read", "numerator_final", "denominator_final", "unit", "decimals"
        ).iter_rows():
            try:
                worked_out = value_from_parts(
                    Decimal(numerator), Decimal(denominator), Unit(unit), decimals
                )
            except EntryError as failure:
                column = "denominator" if Decimal(numerator) >= 0 else "numerator"
                self.problem(row, column, _sentence(failure))
                continue
            if value is not None and Decimal(value) != worked_out:
                self.problem(
                    row,
                    "value",
                    f"the value {value} does not match {_text(worked_out)}, worked out from "
                    "the numerator and denominator: correct it, or leave the value blank to "
                    "use the worked-out figure.",
                )
                continue
            computed[row] = _text(worked_out)
        worked_out_column = (
            pl.col("row").replace_strict(computed, default=None, return_dtype=pl.Utf8)
            if computed
            else pl.lit(None, dtype=pl.Utf8)
        )
        rows = rows.with_columns(
            pl.coalesce(pl.col("value_read"), worked_out_column).alias("value_final")
        )
        missing = rows.filter(
            pl.col("value_final").is_null()
            & pl.col("value").is_null()
            & pl.col("number_error").not_()
            & (pl.col("numerator_final").is_null() | pl.col("denominator_final").is_null())
        )
        for (row,) in missing.select("row").iter_rows():
            self.problem(
                row,
                "value",
                "enter a value, or both the numerator and the denominator to work it out from.",
            )
        return rows

    def _plausible(self, rows: pl.DataFrame) -> None:
        """Impossible values (a percentage over 100, a negative count) cannot be stored.

        Only rows the engine might refuse are asked: below zero, a percentage of 100 or
        more, or any value that needed the slow parser. The engine decides.
        """
        number = pl.col("value_final").cast(pl.Float64, strict=False)
        suspect = rows.filter(
            pl.col("value_final").is_not_null()
            & pl.col("unit").is_not_null()
            & (
                pl.col("value_slow")
                | (number < 0)
                | ((pl.col("unit") == Unit.PERCENTAGE.value) & (number >= 100))
                | number.is_null()
            )
        )
        for row, value, unit in suspect.select("row", "value_final", "unit").iter_rows():
            for message in check_entry(Decimal(value), Unit(unit)).errors:
                self.problem(row, "value", message)

    def _duplicates(self, rows: pl.DataFrame) -> None:
        keyed = rows.filter(
            pl.col("indicator_id").is_not_null() & pl.col("period_key").is_not_null()
        )
        keyed = keyed.with_columns(
            pl.col("row").min().over("indicator_id", "period_key").alias("first")
        )
        repeats = keyed.filter(pl.col("row") != pl.col("first"))
        for row, code, period, first in repeats.select(
            "row", "indicator_code", "period_key", "first"
        ).iter_rows():
            self.problem(
                row,
                "indicator_code",
                f"{code} for {period} is already on row {first}: give each indicator and "
                "period one row.",
            )

    # --- what is there already --------------------------------------------------------

    def _existing(self, rows: pl.DataFrame) -> pl.DataFrame:
        keys = rows["period_key"].drop_nulls().unique().to_list()
        ids: list[int] = []
        indicator_ids: list[int] = []
        periods: list[str] = []
        states: list[str] = []
        for key in keys:
            for outturn_id, indicator_id, state in Outturn.objects.filter(period=key).values_list(
                "id", "indicator_id", "state"
            ):
                ids.append(outturn_id)
                indicator_ids.append(indicator_id)
                periods.append(key)
                states.append(state)
        existing = pl.DataFrame(
            {
                "indicator_id": indicator_ids,
                "period_key": periods,
                "existing_id": ids,
                "existing_state": states,
            },
            schema={
                "indicator_id": pl.Int64,
                "period_key": pl.Utf8,
                "existing_id": pl.Int64,
                "existing_state": pl.Utf8,
            },
        )
        rows = rows.join(
            existing, on=["indicator_id", "period_key"], how="left", maintain_order="left"
        )
        locked = rows.filter(pl.col("existing_state").is_in(list(_STATE_PROBLEM)))
        for row, code, period, state in locked.select(
            "row", "indicator_code", "period_key", "existing_state"
        ).iter_rows():
            self.problem(row, "value", f"{code} for {period} {_STATE_PROBLEM[OutturnState(state)]}")
        return rows

    # --- unusual values -----------------------------------------------------------------

    def _unusual(self, rows: pl.DataFrame) -> None:
        """Unusual values need an explanation, as on the entry form.

        A value outside its process limits, or far from the previous period's, is judged
        by the form's own rule (:func:`entry_checks_many`); the row must explain it, unless
        the draft it replaces already does (that explanation is kept). Rows whose value is
        already refused, and repeats of an indicator and period, are not judged again.
        """
        refused = {p.row for p in self.problems if p.column == "value" and p.row is not None}
        candidates = rows.filter(
            pl.col("value_final").is_not_null()
            & pl.col("is_due").fill_null(False)
            & pl.col("row").is_in(list(refused)).not_()
        )
        if candidates.height == 0:
            return
        indicators, periods = self.indicators, self.periods
        first = ["indicator_id", "period_key"]

        def values() -> Iterator[tuple[Indicator, Period, Decimal]]:
            # Read only if some indicator has a history to judge by: fresh ones have none.
            frame = candidates.unique(subset=first, keep="first", maintain_order=True)
            for indicator_id, key, value in zip(
                frame["indicator_id"].to_list(),
                frame["period_key"].to_list(),
                frame["value_final"].to_list(),
                strict=True,
            ):
                yield indicators[indicator_id], periods[key], Decimal(value)

        checks = entry_checks_many(
            values(),
            only_with_history=True,
            indicators=[indicators[i] for i in candidates["indicator_id"].unique().to_list()],
        )
        # Impossible values (errors) are reported by _plausible over the whole file.
        unusual = {
            (indicator_id, str(period)): " ".join(found.warnings)
            for (indicator_id, period), found in checks.items()
            if found.warnings and not found.errors
        }
        if not unusual:
            return
        warned = (
            candidates.join(
                pl.DataFrame(
                    [(i, key, text) for (i, key), text in unusual.items()],
                    schema={"indicator_id": pl.Int64, "period_key": pl.Utf8, "warning": pl.Utf8},
                    orient="row",
                ),
                on=first,
                how="inner",
                maintain_order="left",
            )
            .unique(subset=first, keep="first", maintain_order=True)
            .filter(pl.col("explanation").is_null())
        )
        drafts = warned["existing_id"].drop_nulls().to_list()
        explained = set(
            Outturn.objects.filter(pk__in=drafts)
            .exclude(explanation="")
            .values_list("pk", flat=True)
        )
        for row, existing_id, warning in warned.select("row", "existing_id", "warning").iter_rows():
            if existing_id in explained:
                continue
            self.problem(
                row,
                "value",
                f"{warning} Add an explanation in the explanation column, or enter this "
                "value through the form.",
            )


def _is_fast(text: str) -> bool:
    return _FAST.fullmatch(text) is not None


def _text(number: Decimal) -> str:
    """Exact text for a Decimal, with no exponent (the engine never stores one)."""
    return format(number, "f")


def _sentence(error: Exception) -> str:
    text = str(error).rstrip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _is_due(frequency: str, period: Period) -> bool:
    kind = Frequency(frequency).period_kind
    return period.kind is kind and period in due_periods(kind, round_quarter_for(period))


def _frequency_phrase(label: str) -> str:
    if label.startswith("annual"):
        return "for each financial year"
    if label.startswith("snapshot"):
        return "as a snapshot at the end of each quarter"
    if label == "academic year":
        return "for each academic year"
    return label  # monthly, quarterly, termly
