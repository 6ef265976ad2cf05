"""How fast the status engine rates a council-sized (and far larger) batch, against abspc.

Rates 100,000 series of 40 quarterly points (4,000,000 points) through
``assess_frames``, the frame-level core that ``assess_series`` itself calls: RAG,
directions of travel, SPC and the exception decision. The input frames are built with
NumPy and Polars before the clock starts, so building Python objects is not what is
measured. For reference it also times ``assess_series`` itself, dataclasses in and out,
on a few thousand of the same series. In the same run it times the PyPI package abspc
(its XmR limits, special causes, point colours, variation and assurance icons: SPC
only, no RAG) on a sample of the same series, and prints points per second for both and
their ratio.

    .venv/bin/python bench/engine.py [--series 100000] [--points 40] [--sample 500]

Goals: all 4,000,000 points in under 5 seconds on a 2-core machine, at 20 times abspc's
rate or more. Timings vary between machines; compare the ratio.
"""

from __future__ import annotations

import argparse
import os
import time
import warnings
from decimal import Decimal

import numpy as np
import polars as pl

from outturn.engine.exception_rules import ExceptionRules
from outturn.engine.periods import parse_period, periods_between
from outturn.engine.rag import Allowance, AllowanceKind, Polarity
from outturn.engine.status import (
    PeriodTable,
    PointInput,
    SeriesFrames,
    SeriesInput,
    assess_frames,
    assess_series,
)


def build_frames(series_count: int, point_count: int, seed: int = 2025) -> SeriesFrames:
    """Quarterly series with level shifts, trends, outliers and the odd missing value."""
    rng = np.random.default_rng(seed)
    first = parse_period("2016/17 Q1")
    quarters = periods_between(first, first)
    while len(quarters) < point_count:
        quarters.append(quarters[-1].next())
    table = PeriodTable(quarters)
    period_ids = np.array([table.id(q) for q in quarters], dtype=np.int64)

    level = rng.uniform(20, 900, series_count)
    spread = level * rng.uniform(0.02, 0.08, series_count)
    noise = rng.normal(0, 1, (series_count, point_count)) * spread[:, None]
    shifted = rng.random(series_count) < 0.3
    shift_at = rng.integers(point_count // 2, point_count, series_count)
    steps = np.arange(point_count)[None, :] >= shift_at[:, None]
    noise += np.where(shifted[:, None] & steps, 3 * spread[:, None], 0)
    trending = rng.random(series_count) < 0.1
    noise += np.where(trending[:, None], np.arange(point_count)[None, :] * spread[:, None] * 0.4, 0)
    tenths = np.round((level[:, None] + noise) * 10).astype(np.int64).ravel()
    missing = rng.random(series_count * point_count) < 0.01

    target_tenths = np.round(level * rng.uniform(0.9, 1.1, series_count) * 10).astype(np.int64)
    polarity = rng.choice(np.array([1, -1, 0], dtype=np.int8), series_count, p=[0.45, 0.45, 0.1])
    relative = rng.random(series_count) < 0.5
    tenth = pl.lit(Decimal("0.1"))

    points = pl.DataFrame(
        {
            "series": np.repeat(np.arange(series_count, dtype=np.int64), point_count),
            "period": np.tile(period_ids, series_count),
            "value": tenths,
            "missing": missing,
            "target": np.repeat(target_tenths, point_count),
        }
    ).select(
        "series",
        "period",
        pl.when(~pl.col("missing"))
        .then(pl.col("value").cast(pl.Decimal(38, 0)) * tenth)
        .alias("value"),
        (pl.col("target").cast(pl.Decimal(38, 0)) * tenth).alias("target"),
        pl.lit(None, pl.Decimal(38, 1)).alias("band_low"),
        pl.lit(None, pl.Decimal(38, 1)).alias("band_high"),
        pl.lit(None, pl.Int8).alias("tolerance_kind"),
        pl.lit(None, pl.Decimal(38, 2)).alias("tolerance_value"),
    )
    series = pl.DataFrame(
        {
            "series": np.arange(series_count, dtype=np.int64),
            "polarity": polarity,
            "tolerance_kind": relative.astype(np.int8),
            "relative": relative,
        }
    ).select(
        "series",
        "polarity",
        "tolerance_kind",
        pl.when(pl.col("relative"))
        .then(pl.lit(Decimal("0.05")))
        .otherwise(pl.lit(Decimal("2.00")))
        .cast(pl.Decimal(38, 2))
        .alias("tolerance_value"),
        pl.lit(Decimal(0)).cast(pl.Decimal(38, 0)).alias("direction_threshold"),
        pl.lit(False).alias("cumulative"),
        pl.lit(None, pl.Int8).alias("spc_direction"),
        pl.lit(None, pl.Float64).alias("spc_target"),
        pl.lit(True).alias("spc_target_latest"),
        pl.lit(None, pl.Int64).alias("fix_after_n_points"),
        pl.lit(True).alias("screen_outliers"),
        pl.lit(False).alias("two_in_three_beyond"),
    )
    return SeriesFrames(periods=table, points=points, series=series)


def run_abspc(frames: SeriesFrames, sample: int) -> tuple[int, float]:
    """abspc's single-series pipeline on the first ``sample`` series; (points, seconds)."""
    import pandas as pd
    from abspc import spc

    chosen = frames.points.filter(pl.col("series") < sample).drop_nulls("value")
    by_series = chosen.partition_by("series", as_dict=True, maintain_order=True)
    polarity = frames.series["polarity"].to_list()
    targets = {key[0]: float(part["target"][-1]) for key, part in by_series.items()}
    inputs = [
        (
            pd.DataFrame({"value": part["value"].cast(pl.Float64).to_numpy()}),
            "low" if polarity[key[0]] == -1 else "high",
            targets[key[0]],
        )
        for key, part in by_series.items()
    ]
    count = sum(len(frame) for frame, _, _ in inputs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        started = time.perf_counter()
        for frame, direction, target in inputs:
            limits = spc.calculate_control_limits(frame, "XmR")
            flagged = spc.detect_special_causes(limits)
            spc.determine_point_colours(flagged, improvement_direction=direction, target=target)
            spc.determine_variation_type(flagged, improvement_direction=direction)
            spc.determine_assurance_type(flagged, target, improvement_direction=direction)
        elapsed = time.perf_counter() - started
    return count, elapsed


def series_inputs(frames: SeriesFrames, count: int) -> list[SeriesInput]:
    """The first ``count`` series of ``frames`` as the dataclasses the app passes in."""
    chosen = frames.points.filter(pl.col("series") < count)
    settings = frames.series.head(count).to_dicts()
    periods = frames.periods.periods
    points: dict[int, list[PointInput]] = {}
    for number, period, value, target in chosen.select(
        "series", "period", "value", "target"
    ).iter_rows():
        points.setdefault(number, []).append(PointInput(periods[period], value, target))
    return [
        SeriesInput(
            id=f"S{number}",
            polarity=Polarity.from_sign(row["polarity"]),
            points=tuple(points[number]),
            tolerance=Allowance(AllowanceKind(row["tolerance_kind"]), row["tolerance_value"]),
        )
        for number, row in enumerate(settings)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=100_000)
    parser.add_argument("--points", type=int, default=40)
    parser.add_argument("--sample", type=int, default=500, help="series given to abspc")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many engine runs")
    parser.add_argument(
        "--objects", type=int, default=5_000, help="series rated through assess_series"
    )
    options = parser.parse_args()

    frames = build_frames(options.series, options.points)
    point_count = frames.points.height
    print(
        f"engine: {options.series:,} series x {options.points} points = {point_count:,} points, "
        f"{pl.thread_pool_size()} Polars threads, {os.cpu_count()} CPUs"
    )
    timings = []
    for _ in range(options.repeat):
        started = time.perf_counter()
        result = assess_frames(frames, ExceptionRules())
        timings.append(time.perf_counter() - started)
    engine_seconds = min(timings)
    engine_rate = point_count / engine_seconds
    exceptions = result.latest["exception"].value_counts(sort=True)
    print(
        f"  {engine_seconds:.2f} s (best of {options.repeat}: "
        f"{', '.join(f'{t:.2f}' for t in timings)}), {engine_rate:,.0f} points/s"
    )
    print(
        "  exceptions: "
        + ", ".join(f"{kind or 'none'} {count:,}" for kind, count in exceptions.iter_rows())
    )

    inputs = series_inputs(frames, options.objects)
    started = time.perf_counter()
    assess_series(inputs)
    object_seconds = time.perf_counter() - started
    object_points = sum(len(one.points) for one in inputs)
    print(
        f"assess_series (dataclasses in and out): {options.objects:,} series, "
        f"{object_points:,} points in {object_seconds:.2f} s, "
        f"{object_points / object_seconds:,.0f} points/s"
    )

    abspc_points, abspc_seconds = run_abspc(frames, options.sample)
    abspc_rate = abspc_points / abspc_seconds
    print(
        f"abspc 1.1.0 (SPC only): {options.sample} series, {abspc_points:,} points in "
        f"{abspc_seconds:.2f} s, {abspc_rate:,.0f} points/s"
    )
    print(f"ratio: engine / abspc = {engine_rate / abspc_rate:,.1f}x")
    print(f"goal: under 5 s for 4,000,000 points -> {'met' if engine_seconds < 5 else 'missed'}")


if __name__ == "__main__":
    main()
