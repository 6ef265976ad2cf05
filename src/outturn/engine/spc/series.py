"""One series at a time: typed options and results over the batch engine.

This is a thin adapter. It builds one-series frames and calls ``analyse_frame``, so
the rules exist in one place only and a single chart always agrees with the same
series rated in bulk.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import polars as pl

from outturn.engine.spc import labels
from outturn.engine.spc.batch import MIN_FIX_AFTER_N_POINTS, analyse_frame

Direction = Literal["increase", "decrease", "neutral"]

DIRECTION_SIGN: dict[str, int] = {"increase": 1, "decrease": -1, "neutral": 0}


@dataclass(frozen=True, slots=True)
class SpcOptions:
    """How to read one series (SPC.md section 1 and Outturn's section 13 options).

    ``rebase_at`` holds the 0-based index of the first point of each new group;
    indices past the end match no point and are ignored, as R ignores a rebase date
    that matches no row. ``fix_after_n_points`` counts observed points of each group.
    """

    improvement_direction: Direction = "increase"
    target: float | None = None
    rebase_at: tuple[int, ...] = ()
    fix_after_n_points: int | None = None
    screen_outliers: bool = True
    two_in_three_counts_beyond_limits: bool = False

    def __post_init__(self) -> None:
        if self.improvement_direction not in DIRECTION_SIGN:
            raise ValueError(
                f"improvement_direction must be one of {sorted(DIRECTION_SIGN)}, "
                f"not {self.improvement_direction!r}"
            )
        if self.fix_after_n_points is not None and self.fix_after_n_points < MIN_FIX_AFTER_N_POINTS:
            raise ValueError(f"fix_after_n_points must be at least {MIN_FIX_AFTER_N_POINTS}")
        if self.target is not None and not math.isfinite(self.target):
            raise ValueError("target must be a finite number or None")
        if any(index < 0 for index in self.rebase_at):
            raise ValueError("rebase_at indices must not be negative")


@dataclass(frozen=True, slots=True)
class SpcGroup:
    """One rebase group: points [start, end) of the series. None where a limit is undefined."""

    start: int
    end: int
    mean: float | None
    lpl: float | None
    upl: float | None
    provisional: bool


@dataclass(frozen=True, slots=True)
class SpcResult:
    """The rating of one series; every per-point tuple has one entry per value."""

    groups: tuple[SpcGroup, ...]
    special_cause_type: tuple[str, ...]
    point_type: tuple[str, ...]
    variation_icon: str
    assurance_icon: str | None
    provisional: bool


_DEFAULT_OPTIONS = SpcOptions()


def analyse(
    values: Sequence[float],
    options: SpcOptions = _DEFAULT_OPTIONS,
    gap_before: Sequence[bool] | None = None,
) -> SpcResult:
    """Rate one series of finite values, in time order, one per observed period.

    ``gap_before[i]`` is true when one or more periods are missing just before
    ``values[i]``; no moving range or rule window crosses such a gap.
    """
    count = len(values)
    if count == 0:
        raise ValueError("analyse needs at least one value")
    gaps = [False] * count if gap_before is None else [bool(flag) for flag in gap_before]
    if len(gaps) != count:
        raise ValueError("gap_before must have one entry per value")
    starts = set(options.rebase_at)
    group, group_of_point = 0, []
    for index in range(count):
        group += index in starts
        group_of_point.append(group)
    points = pl.DataFrame(
        {
            "series": [0] * count,
            "idx": range(count),
            "value": [float(value) for value in values],
            "group": group_of_point,
            "gap_before": gaps,
        },
        schema=_POINT_SCHEMA,
    )
    settings = pl.DataFrame(
        {
            "series": [0],
            "direction": [DIRECTION_SIGN[options.improvement_direction]],
            "target": [options.target],
            "fix_after_n_points": [options.fix_after_n_points],
            "screen_outliers": [options.screen_outliers],
            "two_in_three_beyond": [options.two_in_three_counts_beyond_limits],
        },
        schema=_SETTINGS_SCHEMA,
    )
    point_frame, series_frame = analyse_frame(points, settings)
    summary = series_frame.row(0, named=True)
    return SpcResult(
        groups=tuple(SpcGroup(**group) for group in summary["groups"]),
        special_cause_type=tuple(point_frame["special_cause_type"]),
        point_type=tuple(point_frame["point_type"]),
        variation_icon=summary["variation_icon"],
        assurance_icon=summary["assurance_icon"],
        provisional=summary["provisional"],
    )


def assurance_icon(
    lpl: float | None, upl: float | None, target: float | None, improvement_direction: Direction
) -> str | None:
    """The assurance icon for given limits and target, by the same rule the engine applies."""
    frame = pl.DataFrame(
        {
            "lpl": [lpl],
            "upl": [upl],
            "target": [target],
            "direction": [DIRECTION_SIGN[improvement_direction]],
        },
        schema={"lpl": pl.Float64, "upl": pl.Float64, "target": pl.Float64, "direction": pl.Int8},
    )
    icon: str | None = frame.select(
        labels.assurance_icon(pl.col("lpl"), pl.col("upl"), pl.col("target"), pl.col("direction"))
    ).item()
    return icon


_POINT_SCHEMA = {
    "series": pl.Int64,
    "idx": pl.Int64,
    "value": pl.Float64,
    "group": pl.Int64,
    "gap_before": pl.Boolean,
}
_SETTINGS_SCHEMA = {
    "series": pl.Int64,
    "direction": pl.Int8,
    "target": pl.Float64,
    "fix_after_n_points": pl.Int64,
    "screen_outliers": pl.Boolean,
    "two_in_three_beyond": pl.Boolean,
}
