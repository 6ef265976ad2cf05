"""Direction of travel: an outturn against an earlier one of the same indicator.

The earlier period is the calendar predecessor of the same kind (the previous quarter,
month or year) or the same period a year before. A change no larger than the series'
threshold (0 unless set) is ``no_change``; otherwise the polarity says whether it is
``improving`` or ``worsening``, and for polarity ``none`` the change is just
``increased`` or ``decreased``. Without a value for either period the direction is
``not_comparable``. Comparisons are exact: a subtraction of two decimals.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

import polars as pl

from outturn.engine.rag import Number, Polarity


class Direction(StrEnum):
    IMPROVING = "improving"
    WORSENING = "worsening"
    NO_CHANGE = "no_change"
    NOT_COMPARABLE = "not_comparable"
    INCREASED = "increased"
    DECREASED = "decreased"


DIRECTION_DTYPE = pl.Enum([direction.value for direction in Direction])


def direction_of_travel(
    current: Number | None,
    earlier: Number | None,
    *,
    polarity: Polarity,
    threshold: Number = Decimal(0),
) -> Direction:
    """How ``current`` compares with ``earlier`` for an indicator of this polarity."""
    if current is None or earlier is None:
        return Direction.NOT_COMPARABLE
    change = Fraction(current) - Fraction(earlier)
    if abs(change) <= Fraction(threshold):
        return Direction.NO_CHANGE
    if polarity is Polarity.NONE:
        return Direction.INCREASED if change > 0 else Direction.DECREASED
    return Direction.IMPROVING if (change > 0) == (polarity.sign > 0) else Direction.WORSENING


def direction_expr(
    current: pl.Expr, earlier: pl.Expr, polarity: pl.Expr, threshold: pl.Expr
) -> pl.Expr:
    """The frame form of ``direction_of_travel``: decimal columns, polarity Int8 (+1/-1/0)."""
    change = current - earlier
    rising = change > 0
    return (
        pl.when(current.is_null() | earlier.is_null())
        .then(pl.lit(Direction.NOT_COMPARABLE.value))
        .when(change.abs() <= threshold)
        .then(pl.lit(Direction.NO_CHANGE.value))
        .when(polarity == 0)
        .then(
            pl.when(rising)
            .then(pl.lit(Direction.INCREASED.value))
            .otherwise(pl.lit(Direction.DECREASED.value))
        )
        .when(rising == (polarity > 0))
        .then(pl.lit(Direction.IMPROVING.value))
        .otherwise(pl.lit(Direction.WORSENING.value))
        .cast(DIRECTION_DTYPE)
    )
