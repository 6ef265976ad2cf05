"""Red, amber, green: an outturn against the target in force for its period.

Polarity ``up`` (higher is better): green when the value is at or above the target,
amber when it falls short by no more than the tolerance, red otherwise. ``down`` is the
mirror. A band target (low, high) is green inside the band, ends included, amber when
outside it by no more than the tolerance and red beyond, whatever the polarity. Without
a value, without a target, or with polarity ``none`` the period is ``not_rated``.

A tolerance (and an exception margin, which has the same shape) is absolute, in the
indicator's units, or relative: a fraction of the target's magnitude, so that a target
of zero has no tolerance at all. For a band the relative tolerance is taken from the
edge that was missed.

Every comparison is exact. The one-at-a-time functions work in rationals; the frame
functions compare whole-number mantissas at a common scale in integers wide enough for
every intermediate result, and fall back to rationals when no integer type is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum, StrEnum
from fractions import Fraction
from typing import TypeAlias

import polars as pl

Number: TypeAlias = Decimal | Fraction | int
"""An exact number: decimals from the outside, rationals for derived figures."""

MAX_DECIMAL_DIGITS = 38
"""Polars stores decimals in 128 bits: 38 significant digits."""


class Polarity(StrEnum):
    """Which direction is better for an indicator."""

    UP = "up"
    DOWN = "down"
    NONE = "none"

    @property
    def sign(self) -> int:
        """+1 when higher is better, -1 when lower is better, 0 when neither."""
        return {"up": 1, "down": -1, "none": 0}[self.value]

    @classmethod
    def from_sign(cls, sign: int) -> Polarity:
        return {1: cls.UP, -1: cls.DOWN, 0: cls.NONE}[sign]


class Rag(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NOT_RATED = "not_rated"


RAG_DTYPE = pl.Enum([rag.value for rag in Rag])


class AllowanceKind(IntEnum):
    """How a tolerance or margin is measured. The integer is its code in frames."""

    ABSOLUTE = 0
    RELATIVE = 1

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def from_label(cls, label: str) -> AllowanceKind:
        try:
            return cls[label.upper()]
        except KeyError:
            raise ValueError(f"{label!r} is not 'absolute' or 'relative'") from None


@dataclass(frozen=True)
class Allowance:
    """A tolerance around a target, or the margin by which a target is beaten.

    ``value`` is in the indicator's units when absolute, or a fraction of the target's
    magnitude when relative (0.1 is 10%). It may not be negative.
    """

    kind: AllowanceKind = AllowanceKind.ABSOLUTE
    value: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        if not isinstance(self.kind, AllowanceKind):
            object.__setattr__(self, "kind", AllowanceKind(self.kind))
        if not isinstance(self.value, Decimal) or not self.value.is_finite():
            raise ValueError(f"an allowance must be a finite Decimal, not {self.value!r}")
        if self.value < 0:
            raise ValueError(f"an allowance may not be negative ({self.value})")

    def amount(self, base: Number) -> Fraction:
        """The allowance in the indicator's units, for a target (or band edge) ``base``."""
        if self.kind is AllowanceKind.RELATIVE:
            return Fraction(self.value) * abs(Fraction(base))
        return Fraction(self.value)


Tolerance = Allowance
NO_TOLERANCE = Allowance()

_OVERFLOW = (pl.exceptions.ComputeError, pl.exceptions.InvalidOperationError)


def rate(
    value: Number | None,
    target: Number | None,
    *,
    polarity: Polarity,
    tolerance: Allowance = NO_TOLERANCE,
    band: tuple[Number, Number] | None = None,
) -> Rag:
    """The RAG rating of one value. A band, when given, is used instead of ``target``."""
    if value is None or polarity is Polarity.NONE:
        return Rag.NOT_RATED
    outturn = Fraction(value)
    if band is not None:
        low, high = Fraction(band[0]), Fraction(band[1])
        if low <= outturn <= high:
            return Rag.GREEN
        edge = low if outturn < low else high
        miss = abs(outturn - edge)
    elif target is not None:
        edge = Fraction(target)
        miss = (edge - outturn) * polarity.sign
        if miss <= 0:
            return Rag.GREEN
    else:
        return Rag.NOT_RATED
    return Rag.AMBER if miss <= tolerance.amount(edge) else Rag.RED


# --- frames ---------------------------------------------------------------------------

RATE_COLUMNS = (
    "value",
    "target",
    "band_low",
    "band_high",
    "polarity",
    "tolerance_kind",
    "tolerance_value",
)
"""The columns ``rate_frame`` reads. Numbers are Decimal (nullable), polarity Int8 (+1,
-1, 0), tolerance_kind Int8 (AllowanceKind codes)."""

RATE_NUMBERS = ("value", "target", "band_low", "band_high", "tolerance_value")

RAG_LABELS = pl.Series("rag", [rag.value for rag in Rag], dtype=RAG_DTYPE)
"""Rag codes (0 green, 1 amber, 2 red, 3 not rated) to their Enum labels, by gather."""

_INT64_LIMIT = 2**62
_INT128_LIMIT = 2**126


def places(number: Decimal) -> int:
    """Digits after the point of a decimal (0 for a whole number, however written)."""
    exponent = number.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def decimal_scale(dtype: pl.DataType) -> int:
    """Digits after the point of a decimal column (0 for integer and null columns)."""
    if isinstance(dtype, pl.Decimal):
        return int(dtype.scale or 0)
    if dtype.is_integer() or dtype == pl.Null:
        return 0
    raise TypeError(f"expected a decimal column, not {dtype}")


@dataclass(frozen=True)
class Mantissas:
    """Decimal columns as whole numbers at one scale: value = mantissa / 10**scale.

    ``bound`` is at least the magnitude of every mantissa, and ``dtype`` (Int64 or
    Int128) holds every intermediate result the caller declared, so integer arithmetic
    on ``frame`` is exact.
    """

    frame: pl.DataFrame
    scale: int
    bound: int
    dtype: pl.DataType


def rag_headroom(bound: int, scale: int) -> int:
    """The largest intermediate of rag_code_expr: a miss times 10**scale, or a product."""
    return max(2 * bound * 10**scale, bound * bound)


def difference_headroom(bound: int, scale: int) -> int:
    """The largest intermediate of a difference of two numbers."""
    return 2 * bound


def mantissas(
    frame: pl.DataFrame, columns: Sequence[str], headroom: Callable[[int, int], int]
) -> Mantissas | None:
    """``columns`` of ``frame`` as integer mantissas at their largest scale.

    ``headroom(bound, scale)`` is the largest intermediate the caller will compute; the
    columns come back as Int64 when that fits, Int128 when only that fits, and None when
    neither does.
    """
    scales = {name: decimal_scale(frame.schema[name]) for name in columns}
    scale = max(scales.values(), default=0)
    raw = frame.select(
        pl.col(name).to_physical()
        if isinstance(frame.schema[name], pl.Decimal)
        else pl.col(name).cast(pl.Int128)
        for name in columns
    )
    extremes = raw.select(
        *(pl.col(name).min().alias(f"{name}_min") for name in columns),
        *(pl.col(name).max().alias(f"{name}_max") for name in columns),
    ).row(0)
    widen = [10 ** (scale - scales[name]) for name in columns] * 2
    bound = max(
        (abs(int(x)) * factor for x, factor in zip(extremes, widen, strict=True) if x is not None),
        default=0,
    )
    largest = headroom(bound, scale)
    if largest < _INT64_LIMIT:
        dtype: pl.DataType = pl.Int64()
    elif largest < _INT128_LIMIT:
        dtype = pl.Int128()
    else:
        return None
    ints = raw.select(
        pl.col(name).cast(dtype) * pl.lit(10 ** (scale - scales[name]), dtype)
        if scales[name] != scale
        else pl.col(name).cast(dtype)
        for name in columns
    )
    return Mantissas(ints, scale, bound, dtype)


def rag_code_expr(scale: int, dtype: pl.DataType) -> pl.Expr:
    """Rag codes (indices into RAG_LABELS) from the RATE_COLUMNS as integer mantissas.

    Exact when ``dtype`` holds 2 * bound * 10**scale and bound**2 (see Mantissas).
    """
    value, target = pl.col("value").cast(dtype), pl.col("target").cast(dtype)
    low, high = pl.col("band_low").cast(dtype), pl.col("band_high").cast(dtype)
    allowed = pl.col("tolerance_value").cast(dtype)
    polarity = pl.col("polarity")
    has_band = low.is_not_null()
    below_band = value < low
    edge = pl.when(has_band).then(pl.when(below_band).then(low).otherwise(high)).otherwise(target)
    miss = (
        pl.when(has_band)
        .then(pl.when(below_band).then(low - value).otherwise(value - high))
        .when(polarity == 1)
        .then(target - value)
        .otherwise(value - target)
    )
    ten_to_scale = pl.lit(10**scale, dtype=dtype)
    within = (
        pl.when(pl.col("tolerance_kind") == AllowanceKind.RELATIVE)
        .then(miss * ten_to_scale <= allowed * edge.abs())
        .otherwise(miss <= allowed)
    )
    return (
        pl.when(value.is_null() | (polarity == 0) | (target.is_null() & ~has_band))
        .then(pl.lit(3, pl.UInt32))
        .when(miss <= 0)
        .then(pl.lit(0, pl.UInt32))
        .when(within)
        .then(pl.lit(1, pl.UInt32))
        .otherwise(pl.lit(2, pl.UInt32))
    )


def rate_frame(frame: pl.DataFrame) -> pl.Series:
    """The RAG of every row of ``frame`` (see RATE_COLUMNS), as an Enum series ``rag``.

    The numbers are compared as whole-number mantissas at a common scale, in 64-bit
    integers when every intermediate fits and 128-bit ones otherwise; numbers too large
    even for those are rated one by one in rationals.
    """
    numbers = mantissas(frame, RATE_NUMBERS, rag_headroom)
    if numbers is None:
        return _rate_rows(frame)
    codes = numbers.frame.with_columns(frame["polarity"], frame["tolerance_kind"]).select(
        rag_code_expr(numbers.scale, numbers.dtype)
    )
    return RAG_LABELS.gather(codes.to_series())


def _rate_rows(frame: pl.DataFrame) -> pl.Series:
    return pl.Series(
        "rag",
        [
            rate(
                value,
                target,
                polarity=Polarity.from_sign(polarity),
                tolerance=Allowance(AllowanceKind(kind), amount),
                band=None if low is None else (low, high),
            ).value
            for value, target, low, high, polarity, kind, amount in frame.select(
                RATE_COLUMNS
            ).iter_rows()
        ],
        dtype=RAG_DTYPE,
    )
