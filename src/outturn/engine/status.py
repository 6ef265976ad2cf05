"""The status engine's one entry point: everything DOMAIN.md's "Status" derives from outturns.

For each series (one indicator's outturns over periods, each with the target and tolerance
in force for its period) ``assess_series`` gives, per period, the RAG and the direction of
travel against the previous period and the same period a year before; for the latest
period, the benchmarks, the year-end forecast and the exception decision; and the SPC
chart (limits, special causes and icons). Web pages, data rounds, exception flags, reports
and ``outturn assess`` all call it, so every rule is applied in one place.

The work is done on Polars frames, all series at once (``assess_frames``); the dataclasses
here are a convenience over them, and a batch gives the same results as each series alone.
Large callers (the benchmark, imports of a whole benchmarking club) may build the frames
themselves and call ``assess_frames`` directly; ``series_frames`` shows their layout.

Decisions worth knowing:

* Periods of a series must all be of one kind. The latest period is the last point, in
  period order, whether or not it has a value. Missing periods are the calendar periods
  (``periods_between``) from the first point to the last that have no point.
* SPC sees only points with a value; ``gap_before`` is set where the calendar period just
  before a point has no value, so no moving range or rule window spans a gap. A rebase
  period starts a new group at the first point at or after it. The SPC target defaults to
  the latest point's value target (none when it has a band) and the improvement direction
  to the polarity's.
* Comparisons with targets, tolerances, thresholds and margins are exact: the decimals
  become whole-number mantissas at a common scale, compared in 64-bit integers (128-bit
  when the numbers need it, rationals beyond that). Only SPC works in floats.
* Decimal columns hold at most 37 digits: in one batch, the digits before the point of the
  largest number plus the digits after the point of the most precise one. A batch that does
  not fit is assessed series by series; a single series that does not fit is refused with a
  ``DecimalRangeError`` (a ``ValueError``).
* The exception decision and the forecast are described in ``exception_rules`` and
  ``forecast``; the forecast is rated with the tolerance in force for the latest period.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

import polars as pl

from outturn.engine import spc as spc_engine
from outturn.engine.benchmarks import (
    PeerRank,
    Position,
    position_expr,
    rank_frame,
)
from outturn.engine.direction import (
    DIRECTION_LABELS,
    Direction,
    direction_code_expr,
    directions_frame,
)
from outturn.engine.exception_rules import (
    ExceptionFacts,
    ExceptionKind,
    ExceptionRules,
    Reason,
    beats_margin_expr,
    beats_target_margin,
    decide_frame,
)
from outturn.engine.forecast import Forecast, forecast_year_end, year_position
from outturn.engine.periods import Period, PeriodError, PeriodKind, periods_between
from outturn.engine.rag import (
    MAX_DECIMAL_DIGITS,
    NO_TOLERANCE,
    RAG_LABELS,
    RATE_NUMBERS,
    Allowance,
    AllowanceKind,
    Polarity,
    Rag,
    decimal_scale,
    mantissas,
    rag_code_expr,
    rag_headroom,
    rate_frame,
)
from outturn.engine.spc.batch import MIN_FIX_AFTER_N_POINTS

__all__ = [
    "Aggregation",
    "BenchmarkInput",
    "ComparatorStatus",
    "DecimalRangeError",
    "ExceptionFacts",
    "ExceptionRules",
    "LatestStatus",
    "PeerGroupInput",
    "PeerStatus",
    "PeriodStatus",
    "PeriodTable",
    "PointInput",
    "SeriesFrames",
    "SeriesInput",
    "SeriesStatus",
    "SpcGroupStatus",
    "SpcPointStatus",
    "SpcSettings",
    "SpcStatus",
    "StatusFrames",
    "assess_frames",
    "assess_series",
    "series_frames",
]

ImprovementDirection = Literal["increase", "decrease", "neutral"]
LatestTarget = Literal["latest"]

_DIRECTION_SIGN: dict[str, int] = {"increase": 1, "decrease": -1, "neutral": 0}


class Aggregation(StrEnum):
    SNAPSHOT = "snapshot"
    CUMULATIVE = "cumulative"


# --- inputs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PointInput:
    """One period's outturn with the target (or band) and, if it differs, the tolerance."""

    period: Period
    value: Decimal | None
    target: Decimal | None = None
    target_band: tuple[Decimal, Decimal] | None = None
    tolerance: Allowance | None = None

    def __post_init__(self) -> None:
        if self.target_band is not None:
            low, high = self.target_band
            if low > high:
                raise ValueError(f"the band {low} to {high} is upside down")
            if self.target is not None:
                raise ValueError("a point has either a target or a target band, not both")


@dataclass(frozen=True)
class BenchmarkInput:
    """A comparator's value (national, statistical neighbours...) for a period."""

    group: str
    period: Period
    value: Decimal | None


@dataclass(frozen=True)
class PeerGroupInput:
    """The individual values of a group of peer organisations for a period."""

    group: str
    period: Period
    values: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class SpcSettings:
    """How to chart a series. ``None`` and ``"latest"`` defaults are described in the module."""

    improvement_direction: ImprovementDirection | None = None
    target: Decimal | LatestTarget | None = "latest"
    rebase_at: tuple[Period, ...] = ()
    fix_after_n_points: int | None = None
    screen_outliers: bool = True
    two_in_three_counts_beyond_limits: bool = False

    def __post_init__(self) -> None:
        direction = self.improvement_direction
        if direction is not None and direction not in _DIRECTION_SIGN:
            raise ValueError(f"{direction!r} is not increase, decrease or neutral")
        fix = self.fix_after_n_points
        if fix is not None and fix < MIN_FIX_AFTER_N_POINTS:
            raise ValueError(f"fix_after_n_points must be at least {MIN_FIX_AFTER_N_POINTS}")
        object.__setattr__(self, "rebase_at", tuple(self.rebase_at))


DEFAULT_SPC = SpcSettings()
DEFAULT_RULES = ExceptionRules()


@dataclass(frozen=True)
class SeriesInput:
    """One indicator's outturns and the settings that rate them."""

    id: str
    polarity: Polarity
    points: tuple[PointInput, ...]
    tolerance: Allowance = NO_TOLERANCE
    direction_threshold: Decimal = Decimal(0)
    aggregation: Aggregation = Aggregation.SNAPSHOT
    annual_targets: Mapping[Period, Decimal] = field(default_factory=dict)
    benchmarks: tuple[BenchmarkInput, ...] = ()
    peers: tuple[PeerGroupInput, ...] = ()
    spc: SpcSettings = DEFAULT_SPC

    def __post_init__(self) -> None:
        object.__setattr__(self, "polarity", Polarity(self.polarity))
        object.__setattr__(self, "aggregation", Aggregation(self.aggregation))
        for name in ("points", "benchmarks", "peers"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        if self.direction_threshold < 0:
            raise ValueError(f"series {self.id!r}: the direction threshold may not be negative")
        seen: set[Period] = set()
        for point in self.points:
            if point.period in seen:
                raise ValueError(f"series {self.id!r}: {point.period} appears more than once")
            if point.period.kind is not self.points[0].period.kind:
                raise ValueError(
                    f"series {self.id!r}: {point.period} is a {point.period.kind} but "
                    f"{self.points[0].period} is a {self.points[0].period.kind}"
                )
            seen.add(point.period)


# --- outputs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodStatus:
    period: Period
    value: Decimal | None
    target: Decimal | None
    target_band: tuple[Decimal, Decimal] | None
    rag: Rag
    direction_previous: Direction
    direction_year: Direction


@dataclass(frozen=True)
class ComparatorStatus:
    """Our latest value against a comparator's: ``value`` is the comparator's."""

    group: str
    period: Period
    value: Decimal | None
    position: Position | None


@dataclass(frozen=True)
class PeerStatus:
    """Our standing in a peer group: ``value`` is ours for the group's period."""

    group: str
    period: Period
    value: Decimal | None
    ranking: PeerRank | None


@dataclass(frozen=True)
class LatestStatus:
    period: Period
    rag: Rag
    direction_previous: Direction
    direction_year: Direction
    benchmarks: tuple[ComparatorStatus | PeerStatus, ...]
    forecast: Forecast | None
    exception: ExceptionKind | None
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class SpcGroupStatus:
    """One rebase group: ``start`` and ``end`` are its first and last periods."""

    start: Period
    end: Period
    mean: float | None
    lpl: float | None
    upl: float | None
    provisional: bool


@dataclass(frozen=True)
class SpcPointStatus:
    period: Period
    value: Decimal
    special_cause_type: str
    point_type: str


@dataclass(frozen=True)
class SpcStatus:
    """The chart. Without any value there are no groups, no icons and ``provisional``."""

    groups: tuple[SpcGroupStatus, ...]
    points: tuple[SpcPointStatus, ...]
    variation_icon: str | None
    assurance_icon: str | None
    provisional: bool


@dataclass(frozen=True)
class SeriesStatus:
    id: str
    periods: tuple[PeriodStatus, ...]
    missing_periods: tuple[Period, ...]
    latest: LatestStatus | None
    spc: SpcStatus


# --- frames ----------------------------------------------------------------------------


def _decimal(scale: int = 0) -> pl.Decimal:
    return pl.Decimal(MAX_DECIMAL_DIGITS, scale)


POINT_SCHEMA: dict[str, pl.DataType] = {
    "series": pl.Int64(),
    "period": pl.Int64(),
    "value": _decimal(),
    "target": _decimal(),
    "band_low": _decimal(),
    "band_high": _decimal(),
    "tolerance_kind": pl.Int8(),
    "tolerance_value": _decimal(),
}
"""Points: ``series`` indexes the series frame, ``period`` the period table; a null
tolerance means the series' own. Decimal columns may have any scale."""

SERIES_SCHEMA: dict[str, pl.DataType] = {
    "series": pl.Int64(),
    "polarity": pl.Int8(),
    "tolerance_kind": pl.Int8(),
    "tolerance_value": _decimal(),
    "direction_threshold": _decimal(),
    "cumulative": pl.Boolean(),
    "spc_direction": pl.Int8(),
    "spc_target": pl.Float64(),
    "spc_target_latest": pl.Boolean(),
    "fix_after_n_points": pl.Int64(),
    "screen_outliers": pl.Boolean(),
    "two_in_three_beyond": pl.Boolean(),
}
"""Series, one row each, ``series`` numbered 0, 1, 2... in row order. ``spc_direction``
null means the polarity's; ``spc_target_latest`` true means the latest point's target."""

BENCHMARK_SCHEMA: dict[str, pl.DataType] = {
    "series": pl.Int64(),
    "entry": pl.Int64(),
    "group": pl.String(),
    "period": pl.Int64(),
    "value": _decimal(),
}
PEER_SCHEMA: dict[str, pl.DataType] = {
    "series": pl.Int64(),
    "entry": pl.Int64(),
    "group": pl.String(),
    "period": pl.Int64(),
    "values": pl.List(_decimal()),
}
ANNUAL_TARGET_SCHEMA: dict[str, pl.DataType] = {
    "series": pl.Int64(),
    "period": pl.Int64(),
    "target": _decimal(),
}
REBASE_SCHEMA: dict[str, pl.DataType] = {"series": pl.Int64(), "period": pl.Int64()}


def _empty(schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(schema=dict(schema))


class PeriodTable:
    """Every period a batch mentions, numbered in period order, with calendar links.

    For each kind of period the table holds every calendar period from the earliest
    mentioned to the latest, so that consecutive periods of a kind are neighbours and
    ``previous`` and ``year_before`` can be looked up by number.
    """

    def __init__(self, periods: Iterable[Period]) -> None:
        seen = set(periods)
        by_kind: dict[str, list[Period]] = {}
        for period in seen:
            by_kind.setdefault(period.kind, []).append(period)
        for same_kind in by_kind.values():
            seen.update(periods_between(min(same_kind), max(same_kind)))
        self.periods: tuple[Period, ...] = tuple(sorted(seen))
        self.index: dict[Period, int] = {period: i for i, period in enumerate(self.periods)}
        ordinal: dict[Period, int] = {}
        counts: dict[str, int] = {}
        for period in self.periods:
            ordinal[period] = counts.get(period.kind, 0)
            counts[period.kind] = ordinal[period] + 1
        years_before = [self._linked(p, Period.year_before) for p in self.periods]
        self.frame = pl.DataFrame(
            {
                "period": range(len(self.periods)),
                "previous": [self._linked(p, Period.previous) for p in self.periods],
                "year_before": years_before,
                # How many periods of its kind back the year before is: a series with no
                # gaps has its value that many rows up.
                "year_back": [
                    None if other is None else ordinal[p] - ordinal[self.periods[other]]
                    for p, other in zip(self.periods, years_before, strict=True)
                ],
            },
            schema={
                "period": pl.Int64,
                "previous": pl.Int64,
                "year_before": pl.Int64,
                "year_back": pl.Int64,
            },
        )
        self._spans: dict[tuple[int, int], tuple[int, ...]] = {}

    def _linked(self, period: Period, link: Callable[[Period], Period]) -> int | None:
        try:
            other = link(period)
        except PeriodError:  # before the first year a period may start in
            return None
        return self.index.get(other)

    def __len__(self) -> int:
        return len(self.periods)

    def id(self, period: Period) -> int:
        return self.index[period]

    def between(self, first: int, last: int) -> tuple[int, ...]:
        """Numbers of the calendar periods from ``first`` to ``last`` inclusive."""
        span = self._spans.get((first, last))
        if span is None:
            span = tuple(
                self.index[p] for p in periods_between(self.periods[first], self.periods[last])
            )
            self._spans[first, last] = span
        return span


@dataclass(frozen=True)
class SeriesFrames:
    """The status engine's input as frames (schemas above).

    Every period column holds numbers from ``periods``; every ``series`` column numbers
    from the series frame. The points of one series must all be of one kind of period and
    no period may appear twice in a series (``SeriesInput`` checks both; here only the
    second is checked). Points need not be sorted.
    """

    periods: PeriodTable
    points: pl.DataFrame
    series: pl.DataFrame
    benchmarks: pl.DataFrame = field(default_factory=lambda: _empty(BENCHMARK_SCHEMA))
    peers: pl.DataFrame = field(default_factory=lambda: _empty(PEER_SCHEMA))
    annual_targets: pl.DataFrame = field(default_factory=lambda: _empty(ANNUAL_TARGET_SCHEMA))
    rebases: pl.DataFrame = field(default_factory=lambda: _empty(REBASE_SCHEMA))


@dataclass(frozen=True)
class StatusFrames:
    """The status engine's output as frames; period columns are PeriodTable numbers.

    * ``points``: series, period, row (the point's row in the input frame), rag,
      direction_previous, direction_year, in (series, period) order;
    * ``missing``: series, period;
    * ``latest``: one row per series with points: series, period, rag,
      direction_previous, direction_year, forecast_rag, exception, reasons;
    * ``forecasts``: series number -> Forecast, for series that have one;
    * ``comparators``: series, entry, group, period, value, position;
    * ``peers``: series, entry, group, period, value (ours), rank, of, quartile;
    * ``spc_points``: series, period, row, value (Float64), mean, lpl, upl,
      special_cause_type, point_type;
    * ``spc_series``: series, variation_icon, assurance_icon, provisional;
    * ``spc_groups``: series, start, end (periods, inclusive), mean, lpl, upl,
      provisional, in time order.
    """

    points: pl.DataFrame
    missing: pl.DataFrame
    latest: pl.DataFrame
    forecasts: dict[int, Forecast]
    comparators: pl.DataFrame
    peers: pl.DataFrame
    spc_points: pl.DataFrame
    spc_series: pl.DataFrame
    spc_groups: pl.DataFrame


class DecimalRangeError(ValueError):
    """Numbers that do not fit the 38 digits of a decimal column together."""


def _decimal_column(name: str, values: Sequence[Decimal | None]) -> pl.Series:
    """A decimal column holding ``values`` exactly, at the scale of the most precise.

    Polars turns a number that does not fit its column into null without a word, so the
    digits are counted first.
    """
    scale = 0
    whole_digits = 1
    for value in values:
        if value is not None:
            _, digits, exponent = value.as_tuple()
            if not isinstance(exponent, int):
                raise ValueError(f"{name}: {value} is not a finite number")
            scale = max(scale, -exponent)
            whole_digits = max(whole_digits, len(digits) + exponent)
    if scale + whole_digits > MAX_DECIMAL_DIGITS - 1:
        raise DecimalRangeError(
            f"{name}: these numbers need more than {MAX_DECIMAL_DIGITS - 1} digits together"
        )
    column = pl.Series(name, values, dtype=pl.Decimal) if scale or whole_digits > 1 else None
    if column is None or column.dtype != _decimal(scale):
        column = pl.Series(name, values, dtype=_decimal(scale))
    return column


def series_frames(series: Sequence[SeriesInput]) -> SeriesFrames:
    """The frames ``assess_frames`` reads, for a batch of series (numbered in order)."""
    mentioned: set[Period] = set()
    for one in series:
        mentioned.update(point.period for point in one.points)
        mentioned.update(benchmark.period for benchmark in one.benchmarks)
        mentioned.update(peer.period for peer in one.peers)
        mentioned.update(one.annual_targets)
        mentioned.update(one.spc.rebase_at)
    table = PeriodTable(mentioned)
    ids = table.index

    point_series: list[int] = []
    point_period: list[int] = []
    values: list[Decimal | None] = []
    targets: list[Decimal | None] = []
    lows: list[Decimal | None] = []
    highs: list[Decimal | None] = []
    tolerance_kinds: list[int | None] = []
    tolerance_values: list[Decimal | None] = []
    for number, one in enumerate(series):
        for point in one.points:
            point_series.append(number)
            point_period.append(ids[point.period])
            values.append(point.value)
            targets.append(point.target)
            band = point.target_band
            lows.append(None if band is None else band[0])
            highs.append(None if band is None else band[1])
            tolerance = point.tolerance
            tolerance_kinds.append(None if tolerance is None else int(tolerance.kind))
            tolerance_values.append(None if tolerance is None else tolerance.value)
    points = pl.DataFrame(
        [
            pl.Series("series", point_series, dtype=pl.Int64),
            pl.Series("period", point_period, dtype=pl.Int64),
            _decimal_column("value", values),
            _decimal_column("target", targets),
            _decimal_column("band_low", lows),
            _decimal_column("band_high", highs),
            pl.Series("tolerance_kind", tolerance_kinds, dtype=pl.Int8),
            _decimal_column("tolerance_value", tolerance_values),
        ]
    )

    spc_targets = [one.spc.target for one in series]
    series_frame = pl.DataFrame(
        [
            pl.Series("series", range(len(series)), dtype=pl.Int64),
            pl.Series("polarity", [one.polarity.sign for one in series], dtype=pl.Int8),
            pl.Series("tolerance_kind", [int(one.tolerance.kind) for one in series], dtype=pl.Int8),
            _decimal_column("tolerance_value", [one.tolerance.value for one in series]),
            _decimal_column("direction_threshold", [one.direction_threshold for one in series]),
            pl.Series(
                "cumulative",
                [one.aggregation is Aggregation.CUMULATIVE for one in series],
                dtype=pl.Boolean,
            ),
            pl.Series(
                "spc_direction",
                [
                    None
                    if one.spc.improvement_direction is None
                    else _DIRECTION_SIGN[one.spc.improvement_direction]
                    for one in series
                ],
                dtype=pl.Int8,
            ),
            pl.Series(
                "spc_target",
                [None if t is None or t == "latest" else float(t) for t in spc_targets],
                dtype=pl.Float64,
            ),
            pl.Series("spc_target_latest", [t == "latest" for t in spc_targets], dtype=pl.Boolean),
            pl.Series(
                "fix_after_n_points", [one.spc.fix_after_n_points for one in series], dtype=pl.Int64
            ),
            pl.Series(
                "screen_outliers", [one.spc.screen_outliers for one in series], dtype=pl.Boolean
            ),
            pl.Series(
                "two_in_three_beyond",
                [one.spc.two_in_three_counts_beyond_limits for one in series],
                dtype=pl.Boolean,
            ),
        ]
    )

    benchmark_rows = [
        (number, entry, benchmark.group, ids[benchmark.period], benchmark.value)
        for number, one in enumerate(series)
        for entry, benchmark in enumerate(one.benchmarks)
    ]
    peer_rows = [
        (number, entry, peer.group, ids[peer.period], list(peer.values))
        for number, one in enumerate(series)
        for entry, peer in enumerate(one.peers)
    ]
    annual_rows = [
        (number, ids[period], target)
        for number, one in enumerate(series)
        for period, target in one.annual_targets.items()
    ]
    rebase_rows = [
        (number, ids[period]) for number, one in enumerate(series) for period in one.spc.rebase_at
    ]
    peer_values = [value for row in peer_rows for value in row[4]]
    peer_scale = _decimal_column("peers", peer_values).dtype
    return SeriesFrames(
        periods=table,
        points=points,
        series=series_frame,
        benchmarks=_rows_frame(benchmark_rows, BENCHMARK_SCHEMA, decimal_at=4),
        peers=pl.DataFrame(
            peer_rows, schema={**PEER_SCHEMA, "values": pl.List(peer_scale)}, orient="row"
        ),
        annual_targets=_rows_frame(annual_rows, ANNUAL_TARGET_SCHEMA, decimal_at=2),
        rebases=pl.DataFrame(rebase_rows, schema=REBASE_SCHEMA, orient="row"),
    )


def _rows_frame(
    rows: Sequence[tuple[Any, ...]], schema: Mapping[str, pl.DataType], *, decimal_at: int
) -> pl.DataFrame:
    names = list(schema)
    columns = [
        _decimal_column(name, [row[i] for row in rows])
        if i == decimal_at
        else pl.Series(name, [row[i] for row in rows], dtype=schema[name])
        for i, name in enumerate(names)
    ]
    return pl.DataFrame(columns)


# --- the engine on frames ---------------------------------------------------------------

_OVERFLOW = (pl.exceptions.ComputeError, pl.exceptions.InvalidOperationError)


def assess_frames(inputs: SeriesFrames, rules: ExceptionRules = DEFAULT_RULES) -> StatusFrames:
    """Rate every series in ``inputs`` at once. See StatusFrames for the output."""
    table = inputs.periods
    series = _checked_series(inputs.series)
    points = _prepared_points(inputs.points, series, table)

    lookup = _KeyLookup(points, len(table))
    points = pl.concat([points, _rate_and_travel(points, lookup)], how="horizontal")

    last_of_series = (pl.col("series") != pl.col("series").shift(-1)).fill_null(True)
    latest = points.filter(last_of_series)
    spc_points, spc_series, spc_groups = _spc(points, latest, series, inputs.rebases)
    latest = _latest_spc_facts(latest, spc_points, spc_series)
    latest = latest.with_columns(_beats_margin(latest, rules).alias("beats_target_margin"))

    forecasts = _forecasts(latest, series, inputs.annual_targets, lookup, table)
    forecast_rags = pl.DataFrame(
        {
            "series": list(forecasts),
            "forecast_rag": [forecast.rag.value for forecast in forecasts.values()],
        },
        schema={"series": pl.Int64, "forecast_rag": pl.String},
    )
    latest = latest.join(forecast_rags, on="series", how="left", maintain_order="left")
    latest = pl.concat([latest, decide_frame(latest, rules)], how="horizontal")

    return StatusFrames(
        points=points.select(
            "series", "period", "row", "rag", "direction_previous", "direction_year"
        ),
        missing=_missing(points, table),
        latest=latest.select(
            "series",
            "period",
            "rag",
            "direction_previous",
            "direction_year",
            "forecast_rag",
            "exception",
            "reasons",
        ),
        forecasts=forecasts,
        comparators=_comparators(inputs.benchmarks, latest),
        peers=_peers(inputs.peers, series, lookup),
        spc_points=spc_points,
        spc_series=spc_series,
        spc_groups=spc_groups,
    )


_NUMBERS = (*RATE_NUMBERS, "direction_threshold")
_EARLIER = {"direction_previous": "previous_value", "direction_year": "year_before_value"}


def _rate_and_travel(points: pl.DataFrame, lookup: _KeyLookup) -> pl.DataFrame:
    """rag, direction_previous and direction_year for every point, exactly.

    The numbers are turned into whole-number mantissas once, and RAG and directions are
    worked out in 64-bit integers (128-bit when needed); numbers too large for those are
    rated one at a time in rationals.
    """
    year_slots = lookup.year_before_slots()
    numbers = mantissas(points, _NUMBERS, rag_headroom)
    if numbers is None:
        exact = points.with_columns(*_earlier_values(year_slots))
        return pl.concat(
            [rate_frame(exact).to_frame(), directions_frame(exact, _EARLIER)], how="horizontal"
        )
    links = points.select("series", "period", "previous", "year_before", "_key")
    ints = pl.concat(
        [
            numbers.frame,
            links,
            points.select("polarity", "tolerance_kind"),
        ],
        how="horizontal",
    ).with_columns(*_earlier_values(year_slots))
    polarity, threshold = pl.col("polarity"), pl.col("direction_threshold")
    codes = ints.select(
        rag_code_expr(numbers.scale, numbers.dtype).alias("rag"),
        *(
            direction_code_expr(pl.col("value"), pl.col(column), polarity, threshold).alias(name)
            for name, column in _EARLIER.items()
        ),
    )
    return pl.DataFrame(
        [
            RAG_LABELS.gather(codes["rag"]),
            *(DIRECTION_LABELS.gather(codes[name]).alias(name) for name in _EARLIER),
        ]
    )


def _earlier_values(year_slots: pl.Series) -> tuple[pl.Expr, pl.Expr]:
    """The value of the previous period and of the same period a year before.

    Points are in (series, period) order and a series has one kind of period, so the
    previous period, when it has a point, is on the row above.
    """
    follows = (pl.col("series") == pl.col("series").shift(1)) & (
        pl.col("period").shift(1) == pl.col("previous")
    )
    return (
        pl.when(follows).then(pl.col("value").shift(1)).alias("previous_value"),
        pl.col("value").gather(year_slots).alias("year_before_value"),
    )


def _checked_series(frame: pl.DataFrame) -> pl.DataFrame:
    missing = [name for name in SERIES_SCHEMA if name not in frame.columns]
    if missing:
        raise ValueError(f"the series frame is missing column(s): {', '.join(missing)}")
    if not frame["series"].equals(pl.Series("series", range(frame.height), dtype=pl.Int64)):
        raise ValueError("the series frame must number its series 0, 1, 2... in row order")
    return frame


def _prepared_points(frame: pl.DataFrame, series: pl.DataFrame, table: PeriodTable) -> pl.DataFrame:
    """Points in (series, period) order, with their series' settings and calendar links."""
    missing = [name for name in POINT_SCHEMA if name not in frame.columns]
    if missing:
        raise ValueError(f"the points frame is missing column(s): {', '.join(missing)}")
    points = frame.select(list(POINT_SCHEMA)).with_columns(
        pl.col("series").cast(pl.Int64), pl.col("period").cast(pl.Int64)
    )
    if points.height and (
        points["series"].min() < 0  # type: ignore[operator]
        or points["series"].max() >= series.height  # type: ignore[operator]
        or points["period"].min() < 0  # type: ignore[operator]
        or points["period"].max() >= len(table)  # type: ignore[operator]
    ):
        raise ValueError("a point refers to a series or period that is not in the frames")
    key = pl.col("series") * len(table) + pl.col("period")
    points = points.with_columns(
        key.alias("_key"), pl.int_range(pl.len(), dtype=pl.Int64).alias("row")
    )
    if not points["_key"].is_sorted():
        points = points.sort("_key")
    if points.select((pl.col("_key") == pl.col("_key").shift(1)).any()).item():
        raise ValueError("a series has more than one point for a period")

    tolerance_scale = max(
        decimal_scale(points.schema["tolerance_value"]),
        decimal_scale(series.schema["tolerance_value"]),
    )
    try:
        return _with_series_settings(points, series, table, tolerance_scale)
    except _OVERFLOW:
        raise DecimalRangeError(
            f"tolerances need more than {MAX_DECIMAL_DIGITS} digits at one scale"
        ) from None


def _with_series_settings(
    points: pl.DataFrame, series: pl.DataFrame, table: PeriodTable, tolerance_scale: int
) -> pl.DataFrame:
    sid = points["series"]
    period = points["period"]
    own_kind = pl.col("tolerance_kind").is_not_null()
    return points.with_columns(
        series["polarity"].gather(sid).alias("polarity"),
        series["direction_threshold"].gather(sid).alias("direction_threshold"),
        table.frame["previous"].gather(period).alias("previous"),
        table.frame["year_before"].gather(period).alias("year_before"),
        table.frame["year_back"].gather(period).alias("year_back"),
        pl.when(own_kind)
        .then(pl.col("tolerance_kind"))
        .otherwise(series["tolerance_kind"].gather(sid))
        .alias("tolerance_kind"),
        pl.when(own_kind)
        .then(pl.col("tolerance_value").cast(_decimal(tolerance_scale)))
        .otherwise(series["tolerance_value"].gather(sid).cast(_decimal(tolerance_scale)))
        .alias("tolerance_value"),
    )


class _KeyLookup:
    """Find a series' point for a period in points sorted by their (series, period) key."""

    def __init__(self, points: pl.DataFrame, period_count: int) -> None:
        self.points = points
        self.period_count = period_count

    def slots(self, series: pl.Series, period: pl.Series) -> pl.Series:
        """The row of each (series, period) pair, null where there is no point."""
        if self.points.height == 0:
            return pl.Series("slot", [None] * len(series), dtype=pl.Int64)
        key = self.points["_key"]
        wanted = series * self.period_count + period
        slot = key.search_sorted(wanted.fill_null(-1)).cast(pl.Int64).clip(0, key.len() - 1)
        return pl.select(pl.when(key.gather(slot) == wanted).then(slot)).to_series().alias("slot")

    def year_before_slots(self) -> pl.Series:
        """The row of each point's same period a year before, null where there is none.

        Tried first where it would be if the series had no gaps, then by search.
        """
        points = self.points
        height = points.height
        if height == 0:
            return pl.Series("slot", [], dtype=pl.Int64)
        key = points["_key"]
        wanted = points["series"] * self.period_count + points["year_before"]
        guess = (pl.int_range(height, dtype=pl.Int64, eager=True) - points["year_back"]).clip(
            0, height - 1
        )
        hit = (key.gather(guess) == wanted).fill_null(False)
        slots = pl.select(pl.when(hit).then(guess)).to_series()
        unsure = (~hit & wanted.is_not_null()).arg_true()
        if unsure.len():
            found = self.slots(
                points["series"].gather(unsure), points["year_before"].gather(unsure)
            )
            slots = slots.scatter(unsure, found)
        return slots.alias("slot")

    def values_for(self, series: pl.Series, period: pl.Series) -> pl.Series:
        """The value of each (series, period) pair, null where there is no point."""
        return self.points["value"].gather(self.slots(series, period)).alias("value")


def _spc(
    points: pl.DataFrame, latest: pl.DataFrame, series: pl.DataFrame, rebases: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    valued = points.filter(pl.col("value").is_not_null()).select(
        "series", "period", "row", "previous", "value"
    )
    same_series = pl.col("series") == pl.col("series").shift(1)
    chart = valued.select(
        pl.col("series"),
        pl.col("period").alias("idx"),
        pl.col("period"),
        pl.col("row"),
        pl.col("value").cast(pl.Float64),
        (same_series & (pl.col("period").shift(1) != pl.col("previous")).fill_null(True))
        .fill_null(False)
        .alias("gap_before"),
    ).with_columns(_rebase_groups(valued, rebases).alias("group"))

    latest_target = pl.Series("latest_target", [None] * series.height, dtype=pl.Float64)
    if latest.height:
        latest_target = latest_target.scatter(latest["series"], latest["target"].cast(pl.Float64))
    settings = series.select(
        pl.col("series"),
        pl.coalesce(pl.col("spc_direction"), pl.col("polarity")).cast(pl.Int8).alias("direction"),
        pl.when(pl.col("spc_target_latest"))
        .then(latest_target)
        .otherwise(pl.col("spc_target"))
        .alias("target"),
        pl.col("fix_after_n_points"),
        pl.col("screen_outliers"),
        pl.col("two_in_three_beyond"),
    )
    if chart.height == 0:
        spc_points = chart.with_columns(
            pl.lit(None, pl.Float64).alias(name) for name in ("mean", "lpl", "upl")
        ).with_columns(
            pl.lit(None, pl.String).alias("special_cause_type"),
            pl.lit(None, pl.String).alias("point_type"),
        )
        spc_series = pl.DataFrame(
            schema={
                "series": pl.Int64,
                "variation_icon": pl.String,
                "assurance_icon": pl.String,
                "provisional": pl.Boolean,
            }
        )
    else:
        spc_points, spc_series = spc_engine.analyse_frame(chart, settings)
    spc_groups = _spc_groups(spc_points, spc_series)
    return (
        spc_points.select(
            "series",
            "period",
            "row",
            "value",
            "mean",
            "lpl",
            "upl",
            "special_cause_type",
            "point_type",
        ),
        spc_series.select("series", "variation_icon", "assurance_icon", "provisional"),
        spc_groups,
    )


def _rebase_groups(valued: pl.DataFrame, rebases: pl.DataFrame) -> pl.Series:
    """For each valued point, how many of its series' rebase periods fall at or before it."""
    zeros = pl.zeros(valued.height, pl.Int64, eager=True).alias("group")
    if rebases.height == 0:
        return zeros
    marks = rebases.select(
        pl.col("series").cast(pl.Int64), pl.col("period").cast(pl.Int64).alias("rebase")
    ).unique()
    counted = (
        valued.with_row_index("_row")
        .join(marks, on="series", how="inner")
        .filter(pl.col("rebase") <= pl.col("period"))
        .group_by("_row")
        .len()
    )
    return zeros.scatter(counted["_row"], counted["len"].cast(pl.Int64))


def _spc_groups(spc_points: pl.DataFrame, spc_series: pl.DataFrame) -> pl.DataFrame:
    """Each series' groups with their first and last periods."""
    schema = {
        "series": pl.Int64,
        "start": pl.Int64,
        "end": pl.Int64,
        "mean": pl.Float64,
        "lpl": pl.Float64,
        "upl": pl.Float64,
        "provisional": pl.Boolean,
    }
    if spc_series.height == 0:
        return pl.DataFrame(schema=schema)
    # analyse_frame lists series in the order of its points, so the n-th series starts
    # at the n-th change of series.
    new_series = (pl.col("series") != pl.col("series").shift(1)).fill_null(True)
    first_rows = spc_points.select(
        pl.int_range(pl.len(), dtype=pl.Int64).filter(new_series).alias("_first")
    )
    groups = (
        pl.concat([spc_series.select("series", "groups"), first_rows], how="horizontal")
        .explode("groups")
        .unnest("groups")
    )
    periods = spc_points["period"]
    return groups.select(
        pl.col("series"),
        periods.gather(groups["_first"] + groups["start"]).alias("start"),
        periods.gather(groups["_first"] + groups["end"] - 1).alias("end"),
        pl.col("mean"),
        pl.col("lpl"),
        pl.col("upl"),
        pl.col("provisional"),
    ).cast(schema)  # type: ignore[arg-type]


def _latest_spc_facts(
    latest: pl.DataFrame, spc_points: pl.DataFrame, spc_series: pl.DataFrame
) -> pl.DataFrame:
    """The latest period's point type (when it has a value), assurance and provisional flag."""
    last_charted = (pl.col("series") != pl.col("series").shift(-1)).fill_null(True)
    charted = spc_points.filter(last_charted).select(
        "series", pl.col("period").alias("_charted"), "point_type"
    )
    summary = pl.concat(
        [
            charted,
            spc_series.select("assurance_icon", pl.col("provisional").alias("spc_provisional")),
        ],
        how="horizontal",
    )
    joined = latest.join(summary, on="series", how="left", maintain_order="left")
    return joined.with_columns(
        pl.when(pl.col("_charted") == pl.col("period"))
        .then(pl.col("point_type"))
        .alias("point_type")
    ).drop("_charted")


def _beats_margin(latest: pl.DataFrame, rules: ExceptionRules) -> pl.Series:
    margin = rules.positive_margin
    no_band = pl.col("band_low").is_null()
    try:
        return latest.select(
            (no_band & beats_margin_expr(latest.schema, margin)).alias("beats")
        ).to_series()
    except _OVERFLOW:
        return pl.Series(
            "beats",
            [
                low is None
                and beats_target_margin(
                    value, target, polarity=Polarity.from_sign(sign), margin=margin
                )
                for value, target, low, sign in latest.select(
                    "value", "target", "band_low", "polarity"
                ).iter_rows()
            ],
            dtype=pl.Boolean,
        )


def _forecasts(
    latest: pl.DataFrame,
    series: pl.DataFrame,
    annual_targets: pl.DataFrame,
    lookup: _KeyLookup,
    table: PeriodTable,
) -> dict[int, Forecast]:
    """Forecasts for the latest period of cumulative series that have annual targets."""
    if annual_targets.height == 0:
        return {}
    with_targets = annual_targets["series"].unique().implode()
    candidates = latest.filter(
        series["cumulative"].gather(latest["series"])
        & pl.col("series").is_in(with_targets)
        & pl.col("value").is_not_null()
    )
    if candidates.height == 0:
        return {}
    positions = [year_position(table.periods[number]) for number in candidates["period"]]

    same_point = pl.Series(
        [None if p is None else table.index.get(p.same_point_last_year) for p in positions],
        dtype=pl.Int64,
    )
    year_end = pl.Series(
        [None if p is None else table.index.get(p.last_year_end) for p in positions],
        dtype=pl.Int64,
    )
    last_year_ytd = lookup.values_for(candidates["series"], same_point).to_list()
    last_year_total = lookup.values_for(candidates["series"], year_end).to_list()
    targets: dict[int, dict[Period, Decimal]] = {}
    wanted = set(candidates["series"].to_list())
    for number, period, target in annual_targets.iter_rows():
        if number in wanted:
            targets.setdefault(number, {})[table.periods[period]] = target
    forecasts: dict[int, Forecast] = {}
    rows = candidates.select(
        "series", "period", "value", "polarity", "tolerance_kind", "tolerance_value"
    ).iter_rows()
    for i, (number, period, value, sign, kind, amount) in enumerate(rows):
        forecast = forecast_year_end(
            table.periods[period],
            value,
            annual_targets=targets.get(number, {}),
            polarity=Polarity.from_sign(sign),
            tolerance=Allowance(AllowanceKind(kind), amount),
            last_year_ytd=last_year_ytd[i],
            last_year_total=last_year_total[i],
        )
        if forecast is not None:
            forecasts[number] = forecast
    return forecasts


def _missing(points: pl.DataFrame, table: PeriodTable) -> pl.DataFrame:
    """Calendar periods between each series' first and last points that have no point."""
    schema = {"series": pl.Int64, "period": pl.Int64}
    spans = points.group_by("series", maintain_order=True).agg(
        pl.col("period").first().alias("first"),
        pl.col("period").last().alias("last"),
        pl.len().alias("count"),
    )
    if spans.height == 0:
        return pl.DataFrame(schema=schema)
    pairs = spans.select("first", "last").unique()
    expected = pl.DataFrame(
        {
            "first": pairs["first"],
            "last": pairs["last"],
            "expected": [table.between(a, b) for a, b in pairs.iter_rows()],
        },
        schema={"first": pl.Int64, "last": pl.Int64, "expected": pl.List(pl.Int64)},
    )
    spans = spans.join(expected, on=["first", "last"], how="left", maintain_order="left")
    # A full span of quarters, months or years has exactly as many points as periods;
    # snapshot dates need not fall on the steps, so those series are always checked.
    snapshot_ids = [i for i, p in enumerate(table.periods) if p.kind is PeriodKind.SNAPSHOT]
    suspect = spans.filter(
        (pl.col("expected").list.len() != pl.col("count")) | pl.col("first").is_in(snapshot_ids)
    )
    if suspect.height == 0:
        return pl.DataFrame(schema=schema)
    wanted = suspect.select("series", pl.col("expected").alias("period")).explode("period")
    return wanted.join(
        points.select("series", "period"),
        on=["series", "period"],
        how="anti",
        maintain_order="left",
    ).cast(schema)  # type: ignore[arg-type]


def _comparators(benchmarks: pl.DataFrame, latest: pl.DataFrame) -> pl.DataFrame:
    ours = latest.select("series", pl.col("value").alias("ours"), "polarity")
    joined = benchmarks.join(ours, on="series", how="left", maintain_order="left")
    return joined.select(
        "series",
        "entry",
        "group",
        "period",
        "value",
        position_expr(pl.col("ours"), pl.col("value"), pl.col("polarity")).alias("position"),
    )


def _peers(peers: pl.DataFrame, series: pl.DataFrame, lookup: _KeyLookup) -> pl.DataFrame:
    ours = lookup.values_for(peers["series"], peers["period"])
    entries = peers.with_row_index("_entry").with_columns(
        ours.alias("ours"), series["polarity"].gather(peers["series"]).alias("polarity")
    )
    exploded = entries.select("_entry", "ours", "polarity", pl.col("values").alias("peer")).explode(
        "peer"
    )
    ranks = rank_frame(exploded, "_entry")
    return entries.join(ranks, on="_entry", how="left", maintain_order="left").select(
        "series",
        "entry",
        "group",
        "period",
        pl.col("ours").alias("value"),
        "rank",
        "of",
        "quartile",
    )


# --- the entry point ---------------------------------------------------------------------


def assess_series(
    series: Sequence[SeriesInput], rules: ExceptionRules = DEFAULT_RULES
) -> list[SeriesStatus]:
    """The status of each series, in the order given."""
    if not series:
        return []
    try:
        frames = series_frames(series)
        result = assess_frames(frames, rules)
    except DecimalRangeError as error:
        if len(series) == 1:
            raise DecimalRangeError(f"series {series[0].id!r}: {error}") from None
        return [status for one in series for status in assess_series([one], rules)]
    return _statuses(series, frames.periods, result)


def _runs(numbers: list[int], count: int) -> list[tuple[int, int]]:
    """(start, end) row ranges per series number, for rows sorted by series."""
    ranges = [(0, 0)] * count
    start = 0
    for i in range(1, len(numbers) + 1):
        if i == len(numbers) or numbers[i] != numbers[start]:
            ranges[numbers[start]] = (start, i)
            start = i
    return ranges


def _float(value: float | None) -> float | None:
    return None if value is None or value != value else float(value)


_RAGS = {rag.value: rag for rag in Rag}
_DIRECTIONS = {direction.value: direction for direction in Direction}
_REASONS = {reason.value: reason for reason in Reason}
_EXCEPTIONS: dict[str | None, ExceptionKind | None] = {None: None}
_EXCEPTIONS.update({kind.value: kind for kind in ExceptionKind})


class _Rows:
    """A frame's columns as lists, with each series' run of rows (rows sorted by series)."""

    def __init__(self, frame: pl.DataFrame, count: int) -> None:
        self.columns = frame.to_dict(as_series=False)
        self.runs = _runs(self.columns["series"], count)

    def of(self, number: int, *names: str) -> Iterable[tuple[Any, ...]]:
        start, end = self.runs[number]
        return zip(*(self.columns[name][start:end] for name in names), strict=True)


def _statuses(
    series: Sequence[SeriesInput], table: PeriodTable, result: StatusFrames
) -> list[SeriesStatus]:
    count = len(series)
    periods = table.periods
    points = _Rows(result.points, count)
    spc_points = _Rows(
        result.spc_points.select("series", "row", "special_cause_type", "point_type"), count
    )
    spc_groups = _Rows(result.spc_groups, count)
    missing = _Rows(result.missing, count)
    spc_summary = {row[0]: row[1:] for row in result.spc_series.iter_rows()}
    latest_rows = {row["series"]: row for row in result.latest.iter_rows(named=True)}
    positions: dict[tuple[int, int], Position | None] = {
        (number, entry): None if position is None else Position(position)
        for number, entry, position in result.comparators.select(
            "series", "entry", "position"
        ).iter_rows()
    }
    rankings: dict[tuple[int, int], PeerRank | None] = {
        (number, entry): None if rank is None else PeerRank(rank=rank, of=of, quartile=quartile)
        for number, entry, rank, of, quartile in result.peers.select(
            "series", "entry", "rank", "of", "quartile"
        ).iter_rows()
    }

    # series_frames lays the points out series by series in input order, so a point's
    # input row leads back to its object without hashing periods.
    inputs = [point for one in series for point in one.points]
    statuses: list[SeriesStatus] = []
    for number, one in enumerate(series):
        period_statuses = []
        for row, rag, previous, year in points.of(
            number, "row", "rag", "direction_previous", "direction_year"
        ):
            point = inputs[row]
            period_statuses.append(
                PeriodStatus(
                    period=point.period,
                    value=point.value,
                    target=point.target,
                    target_band=point.target_band,
                    rag=_RAGS[rag],
                    direction_previous=_DIRECTIONS[previous],
                    direction_year=_DIRECTIONS[year],
                )
            )
        charted = tuple(
            SpcPointStatus(
                period=inputs[row].period,
                value=inputs[row].value,
                special_cause_type=label,
                point_type=point_type,
            )
            for row, label, point_type in spc_points.of(
                number, "row", "special_cause_type", "point_type"
            )
        )
        groups = tuple(
            SpcGroupStatus(
                periods[start], periods[end], _float(mean), _float(lpl), _float(upl), flag
            )
            for start, end, mean, lpl, upl, flag in spc_groups.of(
                number, "start", "end", "mean", "lpl", "upl", "provisional"
            )
        )
        variation, assurance, provisional = spc_summary.get(number, (None, None, True))
        chart = SpcStatus(groups, charted, variation, assurance, provisional)

        latest_row = latest_rows.get(number)
        latest: LatestStatus | None = None
        if latest_row is not None:
            entries: list[ComparatorStatus | PeerStatus] = [
                ComparatorStatus(
                    benchmark.group, benchmark.period, benchmark.value, positions[number, entry]
                )
                for entry, benchmark in enumerate(one.benchmarks)
            ]
            by_period = {point.period: point for point in one.points} if one.peers else {}
            for entry, peer in enumerate(one.peers):
                ours = by_period.get(peer.period)
                entries.append(
                    PeerStatus(
                        peer.group,
                        peer.period,
                        None if ours is None else ours.value,
                        rankings[number, entry],
                    )
                )
            latest = LatestStatus(
                period=periods[latest_row["period"]],
                rag=_RAGS[latest_row["rag"]],
                direction_previous=_DIRECTIONS[latest_row["direction_previous"]],
                direction_year=_DIRECTIONS[latest_row["direction_year"]],
                benchmarks=tuple(entries),
                forecast=result.forecasts.get(number),
                exception=_EXCEPTIONS[latest_row["exception"]],
                reasons=tuple(_REASONS[reason] for reason in latest_row["reasons"]),
            )
        gaps = tuple(periods[period] for (period,) in missing.of(number, "period"))
        statuses.append(SeriesStatus(one.id, tuple(period_statuses), gaps, latest, chart))
    return statuses
