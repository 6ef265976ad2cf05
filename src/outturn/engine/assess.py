"""``outturn assess``: a JSON document of series in, their status out, as plain data.

Input::

    {
      "rules": {                                   (optional)
        "positive_margin": {"kind": "relative", "value": 0.10},   (default 10% relative)
        "reasons": ["red", "forecast_red", ...]    (enabled reasons; default all)
      },
      "series": [{
        "id": "EX1",
        "polarity": "up" | "down" | "none",
        "tolerance": {"kind": "absolute" | "relative", "value": 2},   (default absolute 0)
        "direction_threshold": 0.5,                (default 0)
        "aggregation": "snapshot" | "cumulative",  (default snapshot)
        "annual_targets": {"2025/26": 400},        (financial years; for the forecast)
        "points": [{"period": "2025/26 Q1", "value": 95, "target": 96,
                    "target_band": [90, 100], "tolerance": {...}}],
        "benchmarks": [{"group": "National", "period": "2024/25", "value": 98}],
        "peers": [{"group": "Statistical neighbours", "period": "2024/25",
                   "values": [97, 99, 101]}],
        "spc": {"improvement_direction": "increase" | "decrease" | "neutral",
                "target": 96, "rebase_at": ["2024/25 Q1"], "fix_after_n_points": 12,
                "screen_outliers": true, "two_in_three_counts_beyond_limits": false}
      }]
    }

Numbers may be JSON numbers or numeric strings; periods may be written in any form
``parse_period`` accepts. A point's ``value`` and ``target`` may be null; a point has a
``target`` or a ``target_band``, not both. Without ``spc.target`` the SPC target is the
latest point's target; an explicit null means none. Unknown fields are refused, so that a
misspelt setting is not silently ignored.

Output, per series: ``periods`` (one entry per point, in period order: period, value,
target, target_band when given, rag, direction_previous, direction_year);
``missing_periods``; ``latest`` (period, rag, direction_previous, direction_year,
benchmarks, forecast, exception, reasons); ``spc`` (groups with start, end (inclusive),
mean, lpl, upl, provisional; points with period, value, special_cause_type, point_type;
variation_icon; assurance_icon; provisional for the latest group).

* A comparator entry in ``latest.benchmarks`` is {group, period, value (theirs), position}:
  our latest value against theirs, ``better``/``worse``/``same`` by polarity, or
  ``higher``/``lower``/``same`` for polarity none. A peer entry is {group, period, value
  (ours for that period, or null), rank, of, quartile}: rank 1 is best (highest for
  polarity none), counting this organisation, ties share the better rank, quartile is
  ceil(4 * rank / of); all three are null without our value or any peer value.
* ``forecast`` is null unless the series is cumulative with an annual target for the
  latest period's financial year, otherwise {period (the financial year), value (the
  year-end forecast, rounded to 6 decimal places), method ("last_year_profile" or
  "linear"), annual_target, rag (against the annual target)}.

Values, targets and other input figures are echoed as plain decimal strings (no exponent,
no trailing zeros); computed statistics (SPC mean and limits) are JSON numbers, and
undefined ones are null. Bad input raises ``AssessInputError`` naming the series and the
field.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, NoReturn, TypeVar

from outturn.engine.benchmarks import PeerRank
from outturn.engine.exception_rules import DEFAULT_MARGIN, ExceptionRules, Reason
from outturn.engine.forecast import Forecast
from outturn.engine.periods import Period, PeriodError, PeriodKind, parse_period
from outturn.engine.rag import Allowance, AllowanceKind, Polarity
from outturn.engine.spc.batch import MIN_FIX_AFTER_N_POINTS
from outturn.engine.status import (
    Aggregation,
    BenchmarkInput,
    ComparatorStatus,
    DecimalRangeError,
    PeerGroupInput,
    PeerStatus,
    PointInput,
    SeriesInput,
    SeriesStatus,
    SpcSettings,
    assess_series,
)
from outturn.engine.values import ValueParseError, plain, to_decimal

T = TypeVar("T")


class AssessInputError(ValueError):
    """Input that cannot be assessed; the message names the series and the field."""


_TOP_FIELDS = {"rules", "series"}
_RULE_FIELDS = {"positive_margin", "reasons"}
_SERIES_FIELDS = {
    "id",
    "polarity",
    "tolerance",
    "direction_threshold",
    "aggregation",
    "annual_targets",
    "points",
    "benchmarks",
    "peers",
    "spc",
}
_POINT_FIELDS = {"period", "value", "target", "target_band", "tolerance"}
_ALLOWANCE_FIELDS = {"kind", "value"}
_BENCHMARK_FIELDS = {"group", "period", "value"}
_PEER_FIELDS = {"group", "period", "values"}
_SPC_FIELDS = {
    "improvement_direction",
    "target",
    "rebase_at",
    "fix_after_n_points",
    "screen_outliers",
    "two_in_three_counts_beyond_limits",
}


def _reject_constant(name: str) -> NoReturn:
    raise AssessInputError(f"{name} is not a number JSON allows")


def load(text: str | bytes) -> Any:
    """Parse JSON text, keeping decimal numbers exact."""
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise AssessInputError(f"the input is not valid JSON: {error}") from None


class _Reader:
    """Reads one part of the document, naming where it is in every error."""

    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, path: str, message: str) -> NoReturn:
        location = f"{self.where}, {path}" if path else self.where
        raise AssessInputError(f"{location}: {message}")

    def obj(self, raw: object, path: str, allowed: set[str]) -> Mapping[str, Any]:
        if not isinstance(raw, dict):
            self.fail(path, f"expected an object, not {_describe(raw)}")
        unknown = sorted(set(raw) - allowed)
        if unknown:
            self.fail(
                _join(path, unknown[0]),
                f"unknown field (expected one of {', '.join(sorted(allowed))})",
            )
        return raw

    def array(self, raw: object, path: str) -> Sequence[Any]:
        if not isinstance(raw, list):
            self.fail(path, f"expected a list, not {_describe(raw)}")
        return raw

    def text(self, raw: object, path: str) -> str:
        if not isinstance(raw, str) or not raw.strip():
            self.fail(path, f"expected some text, not {_describe(raw)}")
        return raw

    def number(self, raw: object, path: str) -> Decimal:
        try:
            return to_decimal(raw, what=path.rsplit(".", 1)[-1])  # type: ignore[arg-type]
        except (ValueParseError, TypeError) as error:
            self.fail(path, _sentence(str(error)))

    def optional_number(self, raw: object, path: str) -> Decimal | None:
        return None if raw is None else self.number(raw, path)

    def not_negative(self, raw: object, path: str) -> Decimal:
        number = self.number(raw, path)
        if number < 0:
            self.fail(path, f"{plain(number)} is negative; it must be 0 or more")
        return number

    def period(self, raw: object, path: str) -> Period:
        try:
            return parse_period(raw)  # type: ignore[arg-type]
        except PeriodError as error:
            self.fail(path, str(error))

    def choice(self, raw: object, path: str, options: Callable[[str], T], names: str) -> T:
        if isinstance(raw, str):
            try:
                return options(raw)
            except (ValueError, KeyError):
                pass
        self.fail(path, f"{_describe(raw)} is not one of {names}")

    def flag(self, raw: object, path: str) -> bool:
        if not isinstance(raw, bool):
            self.fail(path, f"expected true or false, not {_describe(raw)}")
        return raw

    def allowance(self, raw: object, path: str) -> Allowance:
        fields = self.obj(raw, path, _ALLOWANCE_FIELDS)
        if "kind" not in fields or "value" not in fields:
            self.fail(path, 'expected {"kind": "absolute" or "relative", "value": a number}')
        kind = self.choice(
            fields["kind"], _join(path, "kind"), AllowanceKind.from_label, "absolute, relative"
        )
        return Allowance(kind, self.not_negative(fields["value"], _join(path, "value")))


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _describe(raw: object) -> str:
    if raw is None:
        return "null"
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, dict):
        return "an object"
    if isinstance(raw, list):
        return "a list"
    text = repr(raw) if isinstance(raw, str) else str(raw)
    return text if len(text) <= 60 else text[:57] + "..."


def _sentence(message: str) -> str:
    return message[:1].lower() + message[1:] if message.startswith("The ") else message


def parse_rules(raw: object) -> ExceptionRules:
    reader = _Reader("rules")
    if raw is None:
        return ExceptionRules()
    fields = reader.obj(raw, "", _RULE_FIELDS)
    margin = DEFAULT_MARGIN
    if "positive_margin" in fields:
        margin = reader.allowance(fields["positive_margin"], "positive_margin")
    reasons = frozenset(Reason)
    if "reasons" in fields:
        names = ", ".join(reason.value for reason in Reason)
        reasons = frozenset(
            reader.choice(name, f"reasons[{i}]", Reason, names)
            for i, name in enumerate(reader.array(fields["reasons"], "reasons"))
        )
    return ExceptionRules(positive_margin=margin, reasons=reasons)


def parse_series(raw: object, position: int) -> SeriesInput:
    """One series of the document; errors name it by id (or by position without one)."""
    reader = _Reader(f"series[{position}]")
    if not isinstance(raw, dict):
        reader.fail("", f"expected an object, not {_describe(raw)}")
    fields: Mapping[str, Any] = raw
    if "id" not in fields:
        reader.fail("id", "missing; every series needs an id")
    raw_id = fields["id"]
    if isinstance(raw_id, int) and not isinstance(raw_id, bool):
        raw_id = str(raw_id)
    series_id = reader.text(raw_id, "id")
    # Every other error names the series by its id, even an unknown field.
    reader = _Reader(f"series {json.dumps(series_id)}")
    reader.obj(fields, "", _SERIES_FIELDS)
    if "polarity" not in fields:
        reader.fail("polarity", "missing; give up, down or none")
    polarity = reader.choice(fields["polarity"], "polarity", Polarity, "up, down, none")
    tolerance = (
        reader.allowance(fields["tolerance"], "tolerance") if "tolerance" in fields else Allowance()
    )
    threshold = (
        reader.not_negative(fields["direction_threshold"], "direction_threshold")
        if fields.get("direction_threshold") is not None
        else Decimal(0)
    )
    aggregation = Aggregation.SNAPSHOT
    if "aggregation" in fields:
        aggregation = reader.choice(
            fields["aggregation"], "aggregation", Aggregation, "snapshot, cumulative"
        )

    if "points" not in fields:
        reader.fail("points", "missing; a series needs at least one point")
    raw_points = reader.array(fields["points"], "points")
    if not raw_points:
        reader.fail("points", "empty; a series needs at least one point")
    points = [_point(reader, raw, f"points[{i}]") for i, raw in enumerate(raw_points)]
    first_at: dict[Period, int] = {}
    for i, point in enumerate(points):
        if point.period in first_at:
            reader.fail(
                f"points[{i}].period",
                f"{point.period} appears twice (also points[{first_at[point.period]}])",
            )
        first_at[point.period] = i
        if point.period.kind is not points[0].period.kind:
            reader.fail(
                f"points[{i}].period",
                f"{point.period} is a {_kind(point.period)} but points[0] is a "
                f"{_kind(points[0].period)}; a series has periods of one kind",
            )

    annual_targets: dict[Period, Decimal] = {}
    if "annual_targets" in fields:
        targets = fields["annual_targets"]
        if not isinstance(targets, dict):
            reader.fail("annual_targets", f"expected an object, not {_describe(targets)}")
        for key, value in targets.items():
            path = f"annual_targets[{json.dumps(key)}]"
            year = reader.period(key, path)
            if year.kind is not PeriodKind.FINANCIAL_YEAR:
                reader.fail(path, f"{year} is not a financial year, such as 2025/26")
            if year in annual_targets:
                reader.fail(path, f"{year} appears twice")
            annual_targets[year] = reader.number(value, path)

    benchmarks = [
        _benchmark(reader, raw, f"benchmarks[{i}]")
        for i, raw in enumerate(reader.array(fields.get("benchmarks", []), "benchmarks"))
    ]
    peers = [
        _peer_group(reader, raw, f"peers[{i}]")
        for i, raw in enumerate(reader.array(fields.get("peers", []), "peers"))
    ]
    spc = _spc(reader, fields.get("spc"), points[0].period.kind)
    try:
        return SeriesInput(
            id=series_id,
            polarity=polarity,
            points=tuple(points),
            tolerance=tolerance,
            direction_threshold=threshold,
            aggregation=aggregation,
            annual_targets=annual_targets,
            benchmarks=tuple(benchmarks),
            peers=tuple(peers),
            spc=spc,
        )
    except ValueError as error:  # pragma: no cover - the checks above come first
        reader.fail("", str(error))


def _kind(period: Period) -> str:
    return period.kind.replace("_", " ")


def _point(reader: _Reader, raw: object, path: str) -> PointInput:
    fields = reader.obj(raw, path, _POINT_FIELDS)
    if "period" not in fields:
        reader.fail(_join(path, "period"), "missing")
    period = reader.period(fields["period"], _join(path, "period"))
    value = reader.optional_number(fields.get("value"), _join(path, "value"))
    target = reader.optional_number(fields.get("target"), _join(path, "target"))
    band: tuple[Decimal, Decimal] | None = None
    band_path = _join(path, "target_band")
    if fields.get("target_band") is not None:
        pair = reader.array(fields["target_band"], band_path)
        if len(pair) != 2:
            reader.fail(band_path, "expected [low, high]")
        low = reader.number(pair[0], f"{band_path}[0]")
        high = reader.number(pair[1], f"{band_path}[1]")
        if low > high:
            reader.fail(band_path, f"the band is upside down: {plain(low)} is above {plain(high)}")
        if target is not None:
            reader.fail(band_path, "a point has a target or a target band, not both")
        band = (low, high)
    tolerance = None
    if fields.get("tolerance") is not None:
        tolerance = reader.allowance(fields["tolerance"], _join(path, "tolerance"))
    return PointInput(period, value, target, band, tolerance)


def _benchmark(reader: _Reader, raw: object, path: str) -> BenchmarkInput:
    fields = reader.obj(raw, path, _BENCHMARK_FIELDS)
    for name in ("group", "period"):
        if name not in fields:
            reader.fail(_join(path, name), "missing")
    return BenchmarkInput(
        group=reader.text(fields["group"], _join(path, "group")),
        period=reader.period(fields["period"], _join(path, "period")),
        value=reader.optional_number(fields.get("value"), _join(path, "value")),
    )


def _peer_group(reader: _Reader, raw: object, path: str) -> PeerGroupInput:
    fields = reader.obj(raw, path, _PEER_FIELDS)
    for name in ("group", "period", "values"):
        if name not in fields:
            reader.fail(_join(path, name), "missing")
    values_path = _join(path, "values")
    return PeerGroupInput(
        group=reader.text(fields["group"], _join(path, "group")),
        period=reader.period(fields["period"], _join(path, "period")),
        values=tuple(
            reader.optional_number(value, f"{values_path}[{i}]")
            for i, value in enumerate(reader.array(fields["values"], values_path))
        ),
    )


def _spc(reader: _Reader, raw: object, kind: PeriodKind) -> SpcSettings:
    if raw is None:
        return SpcSettings()
    fields = reader.obj(raw, "spc", _SPC_FIELDS)
    direction = None
    if fields.get("improvement_direction") is not None:
        direction = reader.choice(
            fields["improvement_direction"],
            "spc.improvement_direction",
            _improvement_direction,
            "increase, decrease, neutral",
        )
    target: Decimal | str | None = "latest"
    if "target" in fields:
        target = reader.optional_number(fields["target"], "spc.target")
    rebase_at: list[Period] = []
    for i, text in enumerate(reader.array(fields.get("rebase_at", []), "spc.rebase_at")):
        period = reader.period(text, f"spc.rebase_at[{i}]")
        if period.kind is not kind:
            reader.fail(
                f"spc.rebase_at[{i}]",
                f"{period} is a {_kind(period)} but the points are {kind.replace('_', ' ')}s",
            )
        rebase_at.append(period)
    fix = fields.get("fix_after_n_points")
    if fix is not None and (
        isinstance(fix, bool) or not isinstance(fix, int) or fix < MIN_FIX_AFTER_N_POINTS
    ):
        reader.fail(
            "spc.fix_after_n_points",
            f"{_describe(fix)} is not a whole number of at least {MIN_FIX_AFTER_N_POINTS}",
        )
    screen = True
    if "screen_outliers" in fields:
        screen = reader.flag(fields["screen_outliers"], "spc.screen_outliers")
    beyond = False
    if "two_in_three_counts_beyond_limits" in fields:
        beyond = reader.flag(
            fields["two_in_three_counts_beyond_limits"], "spc.two_in_three_counts_beyond_limits"
        )
    return SpcSettings(
        improvement_direction=direction,  # type: ignore[arg-type]
        target=target,  # type: ignore[arg-type]
        rebase_at=tuple(rebase_at),
        fix_after_n_points=fix,
        screen_outliers=screen,
        two_in_three_counts_beyond_limits=beyond,
    )


def _improvement_direction(text: str) -> str:
    if text not in ("increase", "decrease", "neutral"):
        raise ValueError(text)
    return text


def parse_document(document: object) -> tuple[list[SeriesInput], ExceptionRules]:
    """The series and rules of an ``outturn assess`` document."""
    top = _Reader("input")
    fields = top.obj(document, "", _TOP_FIELDS)
    if "series" not in fields:
        top.fail("series", "missing; the input needs a list of series")
    rules = parse_rules(fields.get("rules"))
    raw_series = top.array(fields["series"], "series")
    series = [parse_series(raw, i) for i, raw in enumerate(raw_series)]
    first_at: dict[str, int] = {}
    for i, one in enumerate(series):
        if one.id in first_at:
            raise AssessInputError(
                f"series {json.dumps(one.id)}, id: used by series[{first_at[one.id]}] "
                f"and series[{i}]; ids must be unique"
            )
        first_at[one.id] = i
    return series, rules


def assess_document(document: object) -> dict[str, Any]:
    """Assess a parsed JSON document; the result is ready for ``json.dumps``."""
    series, rules = parse_document(document)
    try:
        statuses = assess_series(series, rules)
    except DecimalRangeError as error:
        raise AssessInputError(str(error)) from None
    return {"series": [render_status(status) for status in statuses]}


# --- output ------------------------------------------------------------------------------


def _text(value: Decimal | None) -> str | None:
    return None if value is None else plain(value)


def render_status(status: SeriesStatus) -> dict[str, Any]:
    periods = []
    for entry in status.periods:
        row: dict[str, Any] = {
            "period": str(entry.period),
            "value": _text(entry.value),
            "target": _text(entry.target),
        }
        if entry.target_band is not None:
            row["target_band"] = [plain(entry.target_band[0]), plain(entry.target_band[1])]
        row["rag"] = entry.rag.value
        row["direction_previous"] = entry.direction_previous.value
        row["direction_year"] = entry.direction_year.value
        periods.append(row)
    latest = status.latest
    chart = status.spc
    return {
        "id": status.id,
        "periods": periods,
        "missing_periods": [str(period) for period in status.missing_periods],
        "latest": None
        if latest is None
        else {
            "period": str(latest.period),
            "rag": latest.rag.value,
            "direction_previous": latest.direction_previous.value,
            "direction_year": latest.direction_year.value,
            "benchmarks": [_benchmark_entry(entry) for entry in latest.benchmarks],
            "forecast": _forecast(latest.forecast),
            "exception": None if latest.exception is None else latest.exception.value,
            "reasons": [reason.value for reason in latest.reasons],
        },
        "spc": {
            "groups": [
                {
                    "start": str(group.start),
                    "end": str(group.end),
                    "mean": group.mean,
                    "lpl": group.lpl,
                    "upl": group.upl,
                    "provisional": group.provisional,
                }
                for group in chart.groups
            ],
            "points": [
                {
                    "period": str(point.period),
                    "value": plain(point.value),
                    "special_cause_type": point.special_cause_type,
                    "point_type": point.point_type,
                }
                for point in chart.points
            ],
            "variation_icon": chart.variation_icon,
            "assurance_icon": chart.assurance_icon,
            "provisional": chart.provisional,
        },
    }


def _benchmark_entry(entry: ComparatorStatus | PeerStatus) -> dict[str, Any]:
    row: dict[str, Any] = {
        "group": entry.group,
        "period": str(entry.period),
        "value": _text(entry.value),
    }
    if isinstance(entry, ComparatorStatus):
        row["position"] = None if entry.position is None else entry.position.value
        return row
    ranking: PeerRank | None = entry.ranking
    row["rank"] = None if ranking is None else ranking.rank
    row["of"] = None if ranking is None else ranking.of
    row["quartile"] = None if ranking is None else ranking.quartile
    return row


def _forecast(forecast: Forecast | None) -> dict[str, Any] | None:
    if forecast is None:
        return None
    return {
        "period": str(forecast.period),
        "value": plain(forecast.value),
        "method": forecast.method.value,
        "annual_target": plain(forecast.annual_target),
        "rag": forecast.rag.value,
    }
