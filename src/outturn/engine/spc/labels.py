"""Point labels, point types and the two icons, shared by the batch and single-series paths."""

from __future__ import annotations

import polars as pl

SPECIAL_CAUSE_TYPES = (
    "Common Cause",
    "Above UCL",
    "Below LCL",
    "7 Point Trend (Increasing)",
    "7 Point Trend (Decreasing)",
    "2 in 3 Above CL",
    "2 in 3 Below CL",
    "7 Points Above CL",
    "7 Points Below CL",
)
"""NHSRplotthedots labels, in rule precedence order, each rule's high label before its low."""

POINT_TYPES = (
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
)


def special_cause_code(
    *,
    outside: pl.Expr,
    in_trend: pl.Expr,
    trend_step: pl.Expr,
    two_in_three: pl.Expr,
    in_run: pl.Expr,
    side: pl.Expr,
) -> pl.Expr:
    """Index into SPECIAL_CAUSE_TYPES: the first rule that applies wins (A, B, C, D).

    A trend point is Increasing only when its step is +1, so a zero step reads as
    Decreasing, as R does at a tie between two trends.
    """
    above = side > 0
    return (
        pl.when(outside)
        .then(pl.when(above).then(1).otherwise(2))
        .when(in_trend)
        .then(pl.when(trend_step > 0).then(3).otherwise(4))
        .when(two_in_three)
        .then(pl.when(above).then(5).otherwise(6))
        .when(in_run)
        .then(pl.when(above).then(7).otherwise(8))
        .otherwise(0)
        .cast(pl.UInt8)
    )


def point_type_code(code: pl.Expr, direction: pl.Expr) -> pl.Expr:
    """Index into POINT_TYPES from a special-cause code and the direction (+1, -1, 0).

    The label's sense (high for odd codes, low for even) times the direction decides
    improvement or concern; the target plays no part.
    """
    sense = pl.when(code == 0).then(0).when(code % 2 == 1).then(1).otherwise(-1)
    return (
        pl.when(sense == 0)
        .then(0)
        .when(direction == 0)
        .then(pl.when(sense > 0).then(3).otherwise(4))
        .when(sense * direction > 0)
        .then(1)
        .otherwise(2)
        .cast(pl.UInt8)
    )


def variation_icon(point_type: pl.Expr, direction: pl.Expr) -> pl.Expr:
    """Variation icon from the latest point's type (a POINT_TYPES index) and the direction."""
    return (
        pl.when(point_type == 1)
        .then(_by_direction(direction, "improvement_high", "improvement_low"))
        .when(point_type == 2)
        .then(_by_direction(direction, "concern_low", "concern_high"))
        .when(point_type == 3)
        .then(pl.lit("neutral_high"))
        .when(point_type == 4)
        .then(pl.lit("neutral_low"))
        .otherwise(pl.lit("common_cause"))
    )


def _by_direction(direction: pl.Expr, increase: str, decrease: str) -> pl.Expr:
    return pl.when(direction > 0).then(pl.lit(increase)).otherwise(pl.lit(decrease))


def assurance_icon(lpl: pl.Expr, upl: pl.Expr, target: pl.Expr, direction: pl.Expr) -> pl.Expr:
    """Assurance icon from the latest group's limits and the target.

    Null without a target, for a neutral direction, or when the limits are undefined
    (Outturn's choice; R says "inconsistent" there). Comparisons are strict, so a
    target equal to a limit is inconsistent.
    """
    return (
        pl.when(target.is_null() | (direction == 0) | lpl.is_null() | upl.is_null())
        .then(pl.lit(None, pl.String))
        .when(target > upl)
        .then(_by_direction(direction, "consistent_fail", "consistent_pass"))
        .when(target < lpl)
        .then(_by_direction(direction, "consistent_pass", "consistent_fail"))
        .otherwise(pl.lit("inconsistent"))
    )
