"""Throughput of the SPC engine: rate 100,000 random series of 40 points and print points/second.

Run with ``.venv/bin/python bench/spc_speed.py [n_series] [n_points]``. The data mix
levels, shifts, trends, rebases, gaps and all three directions so every rule does
real work.
"""

from __future__ import annotations

import sys
import time

import numpy as np
import polars as pl

from outturn.engine.spc import analyse_frame


def random_frames(
    n_series: int, n_points: int, seed: int = 2024
) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    total = n_series * n_points
    step = np.tile(np.arange(n_points), n_series)
    shifted = rng.random(n_series) < 0.3
    drifting = rng.random(n_series) < 0.1
    shift = np.repeat(rng.normal(0, 2, n_series) * shifted, n_points) * (step >= n_points // 2)
    drift = np.repeat(rng.normal(0, 0.2, n_series) * drifting, n_points) * step
    values = np.round(rng.normal(10, 1, total) + shift + drift, 1)
    rebased = np.repeat(rng.random(n_series) < 0.2, n_points) & (step >= (2 * n_points) // 3)
    points = pl.DataFrame(
        {
            "series": np.repeat(np.arange(n_series), n_points),
            "idx": step,
            "value": values,
            "group": rebased.astype(np.int64),
            "gap_before": (rng.random(total) < 0.02) & (step > 0),
        }
    )
    settings = pl.DataFrame(
        {
            "series": np.arange(n_series),
            "direction": rng.integers(-1, 2, n_series).astype(np.int8),
            "target": np.where(rng.random(n_series) < 0.5, 10.0, np.nan),
            "fix_after_n_points": np.where(rng.random(n_series) < 0.1, 12, -1),
            "screen_outliers": rng.random(n_series) < 0.8,
            "two_in_three_beyond": rng.random(n_series) < 0.1,
        }
    ).with_columns(
        pl.col("target").fill_nan(None),
        pl.when(pl.col("fix_after_n_points") > 0).then(pl.col("fix_after_n_points")),
    )
    return points, settings


def main() -> None:
    n_series = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    n_points = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    points, settings = random_frames(n_series, n_points)
    analyse_frame(points.head(n_points * 10), settings.head(10))  # warm up
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        point_frame, series_frame = analyse_frame(points, settings)
        timings.append(time.perf_counter() - started)
    best = min(timings)
    special = point_frame.filter(pl.col("special_cause_type") != "Common Cause").height
    print(f"{n_series:,} series x {n_points} points = {points.height:,} points")
    print(f"best of 3: {best:.2f} s, {points.height / best:,.0f} points/second")
    print(
        f"special-cause points: {special:,}; icons: {series_frame['variation_icon'].value_counts()}"
    )


if __name__ == "__main__":
    main()
