"""Direction of travel: an outturn against an earlier one of the same indicator.

The earlier period is the calendar predecessor of the same kind (the previous quarter,
month or year) or the same period a year before. A change no larger than the series'
threshold (0 unless set) is ``no_change``; otherwise the polarity says whether it is
``improving`` or ``worsening``, and for polarity ``none`` the change is just
``increased`` or ``decreased``. Without a value for either period the direction is
``not_comparable``. Comparisons are exact: a subtraction of two decimals.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

import polars as pl

from outturn.engine.rag import Number, Polarity, difference_headroom, mantissas


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


DIRECTION_LABELS = pl.Series(
    "direction", [direction.value for direction in Direction], dtype=DIRECTION_DTYPE
)
_CODE = {direction: pl.lit(i, pl.UInt32) for i, direction in enumerate(Direction)}


def direction_code_expr(
    current: pl.Expr, earlier: pl.Expr, polarity: pl.Expr, threshold: pl.Expr
) -> pl.Expr:
    """Direction codes (indices into DIRECTION_LABELS) from integer or decimal columns."""
    change = current - earlier
    rising = change > 0
    return (
        pl.when(current.is_null() | earlier.is_null())
        .then(_CODE[Direction.NOT_COMPARABLE])
        .when(change.abs() <= threshold)
        .then(_CODE[Direction.NO_CHANGE])
        .when(polarity == 0)
        .then(
            pl.when(rising).then(_CODE[Direction.INCREASED]).otherwise(_CODE[Direction.DECREASED])
        )
        .when(rising == (polarity > 0))
        .then(_CODE[Direction.IMPROVING])
        .otherwise(_CODE[Direction.WORSENING])
    )


def directions_frame(frame: pl.DataFrame, earlier: Mapping[str, str]) -> pl.DataFrame:
    """Directions of travel for every row, one Enum column per entry of ``earlier``.

    ``frame`` has ``value``, ``direction_threshold`` (decimals), ``polarity`` (Int8
    +1/-1/0) and, for each output name in ``earlier``, the decimal column holding the
    earlier value to compare with. Compared exactly, as integer mantissas at a common
    scale, or one row at a time in rationals when they are too large for 128 bits.
    """
    columns = ["value", "direction_threshold", *earlier.values()]
    numbers = mantissas(frame, columns, difference_headroom)
    if numbers is None:
        return _directions_rows(frame, earlier)
    ints = numbers.frame.with_columns(frame["polarity"])
    codes = ints.select(
        direction_code_expr(
            pl.col("value"),
            pl.col(column),
            pl.col("polarity"),
            pl.col("direction_threshold"),
        ).alias(name)
        for name, column in earlier.items()
    )
    return pl.DataFrame([DIRECTION_LABELS.gather(codes[name]).alias(name) for name in earlier])


def _directions_rows(frame: pl.DataFrame, earlier: Mapping[str, str]) -> pl.DataFrame:
    polarities = [Polarity.from_sign(sign) for sign in frame["polarity"]]
    values = frame["value"].to_list()
    thresholds = frame["direction_threshold"].to_list()
    return pl.DataFrame(
        [
            pl.Series(
                name,
                [
                    direction_of_travel(
                        current, before, polarity=polarity, threshold=threshold
                    ).value
                    for current, before, polarity, threshold in zip(
                        values, frame[column].to_list(), polarities, thresholds, strict=True
                    )
                ],
                dtype=DIRECTION_DTYPE,
            )
            for name, column in earlier.items()
        ]
    )
