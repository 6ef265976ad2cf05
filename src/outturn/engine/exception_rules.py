"""Which indicators need an exception report for their latest period, and why.

Negative reasons:

* ``red``: the latest RAG is red;
* ``special_cause_concern``: the latest point is a special-cause concern and the limits
  are not provisional;
* ``assurance_fail``: the assurance icon is consistent_fail and the limits are not
  provisional;
* ``forecast_red``: the year-end forecast is rated red.

Positive reasons:

* ``beats_target_margin``: a value target (not a band), polarity up or down, beaten by
  at least the positive margin;
* ``special_cause_improvement``: the latest point is a special-cause improvement and
  the limits are not provisional.

The exception is ``negative`` when any negative reason fires, otherwise ``positive``
when any positive reason fires, otherwise none; ``reasons`` lists every reason that
fired, in the order above. A scorecard chooses the margin (default 10% of the target)
and which reasons count (default all). A relative margin needs a non-zero target. The
special-cause reasons look at the latest period's own point: when it has no value, they
do not fire. The assurance icon describes the chart as it stands.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

import polars as pl

from outturn.engine.rag import (
    MAX_DECIMAL_DIGITS,
    Allowance,
    AllowanceKind,
    Number,
    Polarity,
    Rag,
    decimal_scale,
    places,
)


class Reason(StrEnum):
    """Why an exception report is due, in the order reports list them."""

    RED = "red"
    SPECIAL_CAUSE_CONCERN = "special_cause_concern"
    ASSURANCE_FAIL = "assurance_fail"
    FORECAST_RED = "forecast_red"
    BEATS_TARGET_MARGIN = "beats_target_margin"
    SPECIAL_CAUSE_IMPROVEMENT = "special_cause_improvement"


NEGATIVE_REASONS = frozenset(
    {Reason.RED, Reason.SPECIAL_CAUSE_CONCERN, Reason.ASSURANCE_FAIL, Reason.FORECAST_RED}
)
POSITIVE_REASONS = frozenset({Reason.BEATS_TARGET_MARGIN, Reason.SPECIAL_CAUSE_IMPROVEMENT})


class ExceptionKind(StrEnum):
    NEGATIVE = "negative"
    POSITIVE = "positive"


Margin = Allowance
DEFAULT_MARGIN = Allowance(AllowanceKind.RELATIVE, Decimal("0.10"))


@dataclass(frozen=True)
class ExceptionRules:
    """A scorecard's exception settings: the positive margin and the reasons that count."""

    positive_margin: Allowance = DEFAULT_MARGIN
    reasons: frozenset[Reason] = field(default_factory=lambda: frozenset(Reason))

    def __post_init__(self) -> None:
        object.__setattr__(self, "reasons", frozenset(Reason(reason) for reason in self.reasons))


@dataclass(frozen=True)
class ExceptionFacts:
    """What the decision looks at for one indicator's latest period."""

    rag: Rag = Rag.NOT_RATED
    point_type: str | None = None
    assurance_icon: str | None = None
    spc_provisional: bool = True
    forecast_rag: Rag | None = None
    beats_target_margin: bool = False


@dataclass(frozen=True)
class ExceptionDecision:
    exception: ExceptionKind | None
    reasons: tuple[Reason, ...]


def beats_target_margin(
    value: Number | None,
    target: Number | None,
    *,
    polarity: Polarity,
    margin: Allowance = DEFAULT_MARGIN,
) -> bool:
    """True when ``value`` beats a value target by at least ``margin`` (ends included)."""
    if value is None or target is None or polarity is Polarity.NONE:
        return False
    aim = Fraction(target)
    if margin.kind is AllowanceKind.RELATIVE and aim == 0:
        return False
    return (Fraction(value) - aim) * polarity.sign >= margin.amount(aim)


def fired(facts: ExceptionFacts) -> tuple[Reason, ...]:
    """Every reason that applies, enabled or not, in table order."""
    settled = not facts.spc_provisional
    checks = {
        Reason.RED: facts.rag is Rag.RED,
        Reason.SPECIAL_CAUSE_CONCERN: settled and facts.point_type == "special_cause_concern",
        Reason.ASSURANCE_FAIL: settled and facts.assurance_icon == "consistent_fail",
        Reason.FORECAST_RED: facts.forecast_rag is Rag.RED,
        Reason.BEATS_TARGET_MARGIN: facts.beats_target_margin,
        Reason.SPECIAL_CAUSE_IMPROVEMENT: settled
        and facts.point_type == "special_cause_improvement",
    }
    return tuple(reason for reason in Reason if checks[reason])


def decide(facts: ExceptionFacts, rules: ExceptionRules | None = None) -> ExceptionDecision:
    """The exception (negative, positive or none) and its reasons, under ``rules``."""
    rules = rules or ExceptionRules()
    return _decision([reason for reason in fired(facts) if reason in rules.reasons])


def _decision(reasons: Iterable[Reason]) -> ExceptionDecision:
    listed = tuple(reasons)
    if any(reason in NEGATIVE_REASONS for reason in listed):
        return ExceptionDecision(ExceptionKind.NEGATIVE, listed)
    if listed:
        return ExceptionDecision(ExceptionKind.POSITIVE, listed)
    return ExceptionDecision(None, listed)


# --- frames ---------------------------------------------------------------------------

EXCEPTION_DTYPE = pl.Enum([kind.value for kind in ExceptionKind])
REASON_DTYPE = pl.Enum([reason.value for reason in Reason])

DECIDE_COLUMNS = (
    "rag",
    "point_type",
    "assurance_icon",
    "spc_provisional",
    "forecast_rag",
    "beats_target_margin",
)
"""The columns ``decide_frame`` reads: the fields of ExceptionFacts, nullable."""


def beats_margin_expr(
    schema: pl.Schema, margin: Allowance, *, value: str = "value", target: str = "target"
) -> pl.Expr:
    """The frame form of ``beats_target_margin`` for rows without a band.

    Reads ``value`` and ``target`` (decimals) and ``polarity`` (Int8). The caller
    masks out rows with a band target.
    """
    aim, outturn, polarity = pl.col(target), pl.col(value), pl.col("polarity")
    scale = decimal_scale(schema[target]) + places(margin.value)
    wide = pl.Decimal(MAX_DECIMAL_DIGITS, max(scale, decimal_scale(schema[value])))
    amount = pl.lit(margin.value).cast(wide)
    needed = amount * aim.abs().cast(wide) if margin.kind is AllowanceKind.RELATIVE else amount
    gain = pl.when(polarity == 1).then(outturn - aim).otherwise(aim - outturn).cast(wide)
    usable = outturn.is_not_null() & aim.is_not_null() & (polarity != 0)
    if margin.kind is AllowanceKind.RELATIVE:
        usable = usable & (aim != 0)
    return (usable & (gain >= needed)).fill_null(False)


def decide_frame(facts: pl.DataFrame, rules: ExceptionRules | None = None) -> pl.DataFrame:
    """``exception`` (Enum, nullable) and ``reasons`` (list of Enum) for every row.

    ``facts`` has the DECIDE_COLUMNS: rag and forecast_rag as strings or Enums,
    point_type and assurance_icon as strings, spc_provisional and
    beats_target_margin as booleans.
    """
    rules = rules or ExceptionRules()
    settled = ~pl.col("spc_provisional").fill_null(True)
    point_type = pl.col("point_type").cast(pl.String)
    checks = {
        Reason.RED: pl.col("rag").cast(pl.String) == Rag.RED.value,
        Reason.SPECIAL_CAUSE_CONCERN: settled & (point_type == "special_cause_concern"),
        Reason.ASSURANCE_FAIL: settled
        & (pl.col("assurance_icon").cast(pl.String) == "consistent_fail"),
        Reason.FORECAST_RED: pl.col("forecast_rag").cast(pl.String) == Rag.RED.value,
        Reason.BEATS_TARGET_MARGIN: pl.col("beats_target_margin"),
        Reason.SPECIAL_CAUSE_IMPROVEMENT: settled & (point_type == "special_cause_improvement"),
    }
    # Each row's reasons as a bit mask, then the mask's decision from a table of every
    # combination: far faster than building a list row by row.
    bits = [
        checks[reason].fill_null(False).cast(pl.UInt32) * (1 << i)
        for i, reason in enumerate(Reason)
        if reason in rules.reasons
    ]
    mask = pl.sum_horizontal(bits) if bits else pl.lit(0, pl.UInt32)
    return _DECISIONS.gather(facts.select(mask.cast(pl.UInt32)).to_series())


def _decision_table() -> pl.DataFrame:
    """Exception and reasons for every combination of fired reasons, indexed by bit mask."""
    rows = [
        _decision(reason for i, reason in enumerate(Reason) if mask & (1 << i))
        for mask in range(1 << len(Reason))
    ]
    return pl.DataFrame(
        {
            "exception": [None if row.exception is None else row.exception.value for row in rows],
            "reasons": [[reason.value for reason in row.reasons] for row in rows],
        },
        schema={"exception": EXCEPTION_DTYPE, "reasons": pl.List(REASON_DTYPE)},
    )


_DECISIONS = _decision_table()
