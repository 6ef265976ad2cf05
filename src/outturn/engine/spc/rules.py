"""The XmR constants and the special-cause rules as Polars expressions.

Every rule works on a frame whose rows are ordered in time within each series and
carries a boolean ``link``: true when a row and the row before it belong to the same
series, the same rebase group and the same unbroken stretch of periods (no gap
between them). A rule window is a run of linked rows, so windows never span a
series, a rebase or a missing period, and the expressions can run over the whole
frame at once instead of once per series.
"""

from __future__ import annotations

import operator
from functools import reduce

import polars as pl

LIMIT_SIGMAS = 2.66
"""Half-width of the process limits in mean moving ranges (exactly 2.66, as R)."""

NEAR_LIMIT_SIGMAS = 2 * (LIMIT_SIGMAS / 3)
"""Half-width of the two-sigma lines, written as R writes it so comparisons agree."""

SCREEN_FACTOR = 3.267
"""D4 for n = 2: moving ranges at or above this many mean moving ranges are screened."""

RUN_LENGTH = 7
TREND_LENGTH = 7
TWO_IN_THREE_LENGTH = 3


def all_linked(condition: pl.Expr, links: int) -> pl.Expr:
    """True at row i when ``condition`` holds on rows i-links+1 .. i.

    With a condition that implies ``link``, this says that row i closes a window of
    ``links + 1`` rows inside one segment. Windows are a handful of rows, so shifted
    boolean columns ANDed together beat a rolling sum by an order of magnitude.
    """
    return reduce(operator.and_, [_shifted(condition, k) for k in range(links)])


def window_members(window_end: pl.Expr, length: int) -> pl.Expr:
    """True for every row inside some window of ``length`` rows that ends at a marked row.

    A window ending at row j covers j-length+1 .. j, so row i belongs to one when any
    of rows i .. i+length-1 ends a window.
    """
    return reduce(operator.or_, [_shifted(window_end, -k) for k in range(length)])


def _shifted(condition: pl.Expr, k: int) -> pl.Expr:
    """``condition`` of the row k rows earlier (k < 0: later); false off either end."""
    return condition.shift(k, fill_value=False) if k else condition


def same_side_link(side: pl.Expr, link: pl.Expr) -> pl.Expr:
    """Row i continues a run from row i-1: linked, same side, not on the mean (side 0)."""
    return (link & (side == side.shift(1)) & (side != 0)).fill_null(False)


def rising_link(value: pl.Expr, link: pl.Expr) -> pl.Expr:
    """Row i is linked to row i-1 and strictly above it."""
    return (link & (value > value.shift(1))).fill_null(False)


def falling_link(value: pl.Expr, link: pl.Expr) -> pl.Expr:
    """Row i is linked to row i-1 and strictly below it."""
    return (link & (value < value.shift(1))).fill_null(False)


def run_window_end(side: pl.Expr, link: pl.Expr) -> pl.Expr:
    """Rule D: row i ends seven linked rows on the same side of the mean.

    A point exactly on the mean (side 0) breaks the run.
    """
    return all_linked(same_side_link(side, link), RUN_LENGTH - 1)


def trend_window_end(value: pl.Expr, link: pl.Expr) -> pl.Expr:
    """Rule B: +1 where row i ends seven strictly rising linked rows, -1 falling, else 0.

    Ties (a step of zero) break a trend in both directions.
    """
    rising = all_linked(rising_link(value, link), TREND_LENGTH - 1)
    falling = all_linked(falling_link(value, link), TREND_LENGTH - 1)
    return rising.cast(pl.Int8) - falling.cast(pl.Int8)


def trend_step(value: pl.Expr, link: pl.Expr, in_trend: pl.Expr) -> pl.Expr:
    """Sign of the step that gives a trend point its direction (SPC.md section 5.2).

    The step to the right when the next row is in a trend too, otherwise the step
    from the left, and 0 for the first row of a segment.
    """
    next_in_trend = (link.shift(-1) & in_trend.shift(-1)).fill_null(False)
    return (
        pl.when(next_in_trend)
        .then((value.shift(-1) - value).sign())
        .when(link)
        .then((value - value.shift(1)).sign())
        .otherwise(0.0)
    )


def two_in_three_window_end(band: pl.Expr, side: pl.Expr, link: pl.Expr) -> pl.Expr:
    """Rule C: row i ends three linked rows, two or more of them band points, all on one side."""
    b0, b1, b2 = band, _shifted(band, 1), _shifted(band, 2)
    s1, s2 = side.shift(1), side.shift(2)
    one_side = ((side != 0) & (side == s1) & (side == s2)).fill_null(False)
    two_band = (b0 & b1) | (b0 & b2) | (b1 & b2)
    return all_linked(link, TWO_IN_THREE_LENGTH - 1) & two_band & one_side


def two_in_three_flagged(band: pl.Expr, window_end: pl.Expr) -> pl.Expr:
    """Rule C flags only the band points of a qualifying window, not its third point."""
    return band & window_members(window_end, TWO_IN_THREE_LENGTH)
