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
functions work on Polars decimals, multiply at a scale wide enough to hold the exact
product, and fall back to the rational path when a number is too large for 38 digits.
"""

from __future__ import annotations

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


def rate(
    value: Number | None,
    target: Number | None,
    *,
    polarity: Polarity,
    tolerance: Allowance = NO_TOLERANCE,
    band: tuple[Number, Number] | None = None,
) -> Rag:
    """The RAG rating of one value. A band, when given, is used instead of ``target``."""
    if value is None or polarity is Polarity.NONE or (target is None and band is None):
        return Rag.NOT_RATED
    outturn = Fraction(value)
    if band is not None:
        low, high = Fraction(band[0]), Fraction(band[1])
        if low <= outturn <= high:
            return Rag.GREEN
        edge = low if outturn < low else high
        miss = abs(outturn - edge)
    else:
        assert target is not None
        edge = Fraction(target)
        miss = (edge - outturn) * polarity.sign
        if miss <= 0:
            return Rag.GREEN
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

_OVERFLOW = (pl.exceptions.ComputeError, pl.exceptions.InvalidOperationError)


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


def allowance_expr(
    kind: pl.Expr, amount: pl.Expr, base: pl.Expr, *, scale: int
) -> pl.Expr:
    """An allowance in the indicator's units, exactly.

    ``scale`` must be at least the sum of the scales of ``amount`` and ``base``: both are
    widened to it before multiplying, so the product is exact (Polars raises rather than
    round when it would not fit).
    """
    wide = pl.Decimal(MAX_DECIMAL_DIGITS, scale)
    relative = pl.when(kind == AllowanceKind.RELATIVE).then(amount).cast(wide)
    return (
        pl.when(kind == AllowanceKind.RELATIVE)
        .then(relative * base.abs().cast(wide))
        .otherwise(amount.cast(wide))
    )


def _rag_expr(schema: pl.Schema) -> pl.Expr:
    value, target = pl.col("value"), pl.col("target")
    low, high = pl.col("band_low"), pl.col("band_high")
    polarity = pl.col("polarity")
    has_band = low.is_not_null()
    base_scale = max(decimal_scale(schema[name]) for name in ("target", "band_low", "band_high"))
    edge = pl.when(has_band).then(pl.when(value < low).then(low).otherwise(high)).otherwise(target)
    miss = (
        pl.when(has_band)
        .then(pl.when(value < low).then(low - value).otherwise(value - high))
        .when(polarity == 1)
        .then(target - value)
        .otherwise(value - target)
    )
    allowed = allowance_expr(
        pl.col("tolerance_kind"),
        pl.col("tolerance_value"),
        edge,
        scale=base_scale + decimal_scale(schema["tolerance_value"]),
    )
    return (
        pl.when(value.is_null() | (polarity == 0) | (target.is_null() & ~has_band))
        .then(pl.lit(Rag.NOT_RATED.value))
        .when(miss <= 0)
        .then(pl.lit(Rag.GREEN.value))
        .when(miss <= allowed)
        .then(pl.lit(Rag.AMBER.value))
        .otherwise(pl.lit(Rag.RED.value))
        .cast(RAG_DTYPE)
    )


def rate_frame(frame: pl.DataFrame) -> pl.Series:
    """The RAG of every row of ``frame`` (see RATE_COLUMNS), as an Enum series ``rag``."""
    try:
        return frame.select(_rag_expr(frame.schema).alias("rag")).to_series()
    except _OVERFLOW:
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
