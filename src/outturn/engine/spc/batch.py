"""Rate many series at once: XmR limits, the four rules, point types and icons on Polars frames.

A council has thousands of indicators and a benchmark club tens of thousands, so the
engine works column-wise over one long frame rather than series by series. The
frame is kept in (series, idx) order; partitions are marked by boolean "new
series" / "new group" / "link" columns, per-group figures come from a group-by on a
sorted group id, and every rule window is a few shifted link columns ANDed together
(see ``rules``), which is what lets one pass serve all series.
"""

from __future__ import annotations

import polars as pl

from outturn.engine.spc import labels, rules

MIN_FIX_AFTER_N_POINTS = 12
"""NHSRplotthedots refuses a fixed baseline shorter than 12 points."""

PROVISIONAL_BELOW_N_POINTS = 12
"""Groups with fewer points than this have trial ("provisional") limits."""

POINT_COLUMNS: dict[str, pl.DataType | None] = {
    "series": None,
    "idx": pl.Int64(),
    "value": pl.Float64(),
    "group": pl.Int64(),
    "gap_before": pl.Boolean(),
}
SETTINGS_COLUMNS: dict[str, pl.DataType | None] = {
    "series": None,
    "direction": pl.Int8(),
    "target": pl.Float64(),
    "fix_after_n_points": pl.Int64(),
    "screen_outliers": pl.Boolean(),
    "two_in_three_beyond": pl.Boolean(),
}
GROUP_STRUCT = pl.Struct(
    {
        "start": pl.Int64(),
        "end": pl.Int64(),
        "mean": pl.Float64(),
        "lpl": pl.Float64(),
        "upl": pl.Float64(),
        "provisional": pl.Boolean(),
    }
)

# Internal column names; the prefix keeps them clear of the caller's columns (a caller
# column with this prefix would be dropped from the output).
_NEW_SERIES = "_spc_new_series"
_NEW_GROUP = "_spc_new_group"
_SID = "_spc_sid"
_GID = "_spc_gid"
_ROW = "_spc_row"
_LINK = "_spc_link"


def analyse_frame(
    points: pl.DataFrame, settings: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rate every series in ``points`` with the settings of its row in ``settings``.

    ``points``, one row per observed period:

    * ``series``: any hashable key (Int64, Utf8, ...), no nulls;
    * ``idx`` (Int64): time order within the series, unique per series. It only
      orders; missing periods are read from ``gap_before``, not from jumps in idx;
    * ``value`` (Float64): finite, no nulls. Missing periods are left out, not filled;
    * ``group`` (Int64): rebase group within the series, non-decreasing in idx order.
      Each group has its own mean and limits and its own rule windows;
    * ``gap_before`` (Boolean): one or more periods are missing just before this
      point. The moving range across a gap is missing (it plays no part in the mean
      moving range) and no rule window (trend, 2-of-3, run) spans it.

    Required columns are cast to these types; any other columns pass through
    untouched, except that output column names replace input columns of the same name.

    ``settings``, one row per series: ``series``; ``direction`` (Int8: +1 increase,
    -1 decrease, 0 neutral); ``target`` (Float64, null for none);
    ``fix_after_n_points`` (Int64, null for all points, otherwise at least 12, counted
    in observed points of each group); ``screen_outliers`` (Boolean);
    ``two_in_three_beyond`` (Boolean: points beyond the process limits count towards
    2-of-3, as the MDC Excel tool does).

    Returns ``(point_frame, series_frame)``.

    ``point_frame`` is ``points`` plus ``mean``, ``lpl``, ``upl`` (Float64; the limits
    are null for a group whose baseline has no moving range, such as a group of one
    point), ``special_cause_type`` (Utf8, the NHSRplotthedots label) and ``point_type``
    (Utf8). Rows come back grouped by series with idx ascending; input already in that
    order keeps its row order, anything else is sorted by (series, idx).

    ``series_frame`` has one row per series, in the order of ``point_frame``:
    ``series``, ``variation_icon`` (Utf8), ``assurance_icon`` (Utf8, null without a
    target, for a neutral direction or without limits), ``provisional`` (the latest
    group has fewer than 12 points) and ``groups``, a list of structs {start, end, mean,
    lpl, upl, provisional} in time order, where start and end (exclusive) are 0-based
    row positions within the series.

    Raises ``ValueError`` for missing columns, nulls, non-finite values, duplicate idx
    within a series, a group number that goes down, a series without settings, or
    invalid settings.
    """
    rows = _ordered_points(points)
    table = _settings_table(settings, rows.schema["series"])
    if rows.is_empty():
        return _empty_result(rows)
    per_series = _series_settings(rows, table)
    rows = _mark_partitions(rows, per_series)
    groups = _group_limits(rows, per_series)
    rows = _rate_points(rows, groups)
    series_frame = _series_summary(rows, groups, per_series)
    point_frame = rows.drop([c for c in rows.columns if c.startswith("_spc_")])
    return point_frame, series_frame


def _require_columns(
    frame: pl.DataFrame, wanted: dict[str, pl.DataType | None], what: str
) -> pl.DataFrame:
    missing = [name for name in wanted if name not in frame.columns]
    if missing:
        raise ValueError(f"{what} is missing column(s): {', '.join(missing)}")
    nulls = [name for name in wanted if frame[name].null_count() and name not in _NULLABLE]
    if nulls:
        raise ValueError(f"{what} has nulls in: {', '.join(nulls)}")
    try:
        return frame.with_columns(
            pl.col(name).cast(dtype) for name, dtype in wanted.items() if dtype is not None
        )
    except pl.exceptions.PolarsError as error:
        raise ValueError(f"{what} has a column of the wrong type: {error}") from error


_NULLABLE = frozenset({"target", "fix_after_n_points"})


def _ordered_points(points: pl.DataFrame) -> pl.DataFrame:
    """Validate the points and put them in (series, idx) order unless they already are."""
    rows = _require_columns(points, POINT_COLUMNS, "points")
    if not rows.select(pl.col("value").is_finite().all()).item():
        raise ValueError("points has non-finite values; leave missing periods out instead")
    new_series = _new_series_expr()
    in_order = rows.select(
        (new_series.sum() == pl.col("series").n_unique())
        & (new_series | (pl.col("idx") > pl.col("idx").shift(1))).all()
    ).item()
    if not in_order:
        rows = rows.sort("series", "idx", maintain_order=True)
        if not rows.select((new_series | (pl.col("idx") > pl.col("idx").shift(1))).all()).item():
            raise ValueError("points has duplicate idx within a series")
    if not rows.select((new_series | (pl.col("group") >= pl.col("group").shift(1))).all()).item():
        raise ValueError("points has a group number that decreases within a series")
    return rows


def _new_series_expr() -> pl.Expr:
    return (pl.col("series") != pl.col("series").shift(1)).fill_null(True)


def _settings_table(settings: pl.DataFrame, series_dtype: pl.DataType) -> pl.DataFrame:
    """Validate the settings and cast their keys to the points' series type."""
    table = _require_columns(settings, SETTINGS_COLUMNS, "settings")
    try:
        table = table.select(list(SETTINGS_COLUMNS)).with_columns(
            pl.col("series").cast(series_dtype)
        )
    except pl.exceptions.PolarsError as error:
        raise ValueError(f"settings.series does not match points.series: {error}") from error
    if table["series"].is_duplicated().any():
        raise ValueError("settings has more than one row for a series")
    if not table["direction"].is_in([-1, 0, 1]).all():
        raise ValueError("settings.direction must be +1, -1 or 0")
    if (table["fix_after_n_points"] < MIN_FIX_AFTER_N_POINTS).any():
        raise ValueError(f"fix_after_n_points must be at least {MIN_FIX_AFTER_N_POINTS}")
    if not table["target"].drop_nulls().is_finite().all():
        raise ValueError("settings.target must be finite or null")
    return table


def _series_settings(rows: pl.DataFrame, table: pl.DataFrame) -> pl.DataFrame:
    """One row per series, in the order the series appear in ``rows``, with its settings.

    Settings for series that have no points are ignored.
    """
    runs = rows.filter(_new_series_expr()).select("series").with_row_index(_SID)
    per_series = runs.join(table, on="series", how="left", maintain_order="left")
    missing = per_series.filter(pl.col("direction").is_null())["series"]
    if len(missing):
        raise ValueError(f"settings has no row for series {missing.head(5).to_list()}")
    first_row = rows.select(pl.int_range(pl.len()).filter(_new_series_expr()))
    return per_series.with_columns(_first_row=first_row.to_series())


def _mark_partitions(rows: pl.DataFrame, per_series: pl.DataFrame) -> pl.DataFrame:
    """Add series/group ids, links, positions and the per-row settings the rules need."""
    new_series = _new_series_expr()
    rows = rows.with_columns(
        new_series.alias(_NEW_SERIES),
        (new_series | (pl.col("group") != pl.col("group").shift(1)).fill_null(True)).alias(
            _NEW_GROUP
        ),
        pl.int_range(pl.len(), dtype=pl.Int64).alias(_ROW),
    ).with_columns(
        # Running counts of boolean starts are sorted; flagging it lets Polars slice
        # groups instead of hashing them.
        (pl.col(_NEW_SERIES).cum_sum() - 1).set_sorted().alias(_SID),
        (pl.col(_NEW_GROUP).cum_sum() - 1).set_sorted().alias(_GID),
        (~pl.col(_NEW_GROUP) & ~pl.col("gap_before")).alias(_LINK),
    )
    sid = rows[_SID]
    return rows.with_columns(
        per_series["direction"].gather(sid).alias("_spc_direction"),
        per_series["fix_after_n_points"].gather(sid).alias("_spc_fix"),
        per_series["two_in_three_beyond"].gather(sid).alias("_spc_beyond"),
    )


def _group_limits(rows: pl.DataFrame, per_series: pl.DataFrame) -> pl.DataFrame:
    """Mean, mean moving range and limits for every (series, group), indexed by group id.

    The mean is the group's first value plus the mean deviation from it, so a
    constant series has a mean exactly equal to its values (a plain float mean of
    0.1s is not 0.1) and no point drifts off the centre line.
    """
    value, mr, fix = pl.col("value"), pl.col("mr"), pl.col("_spc_fix")
    first_in_group = pl.col(_ROW).first().over(_GID)
    in_baseline = pl.col("in_baseline")
    baseline = (
        rows.select(_GID, _SID, _ROW, _LINK, "value", "_spc_fix")
        .with_columns(
            value.first().over(_GID).alias("anchor"),
            (fix.is_null() | (pl.col(_ROW) - first_in_group < fix)).alias("in_baseline"),
        )
        .with_columns(
            pl.when(in_baseline).then(value - pl.col("anchor")).alias("deviation"),
            pl.when(pl.col(_LINK) & in_baseline).then((value - value.shift(1)).abs()).alias("mr"),
        )
        .with_columns(mr.mean().over(_GID).alias("amr_all"))
    )
    kept = pl.when(mr < rules.SCREEN_FACTOR * pl.col("amr_all")).then(mr)
    groups = baseline.group_by(_GID, maintain_order=True).agg(
        pl.col(_SID).first(),
        pl.col(_ROW).first().alias("first_row"),
        pl.len().alias("n"),
        (pl.col("anchor").first() + pl.col("deviation").mean()).alias("mean"),
        pl.col("amr_all").first(),
        kept.mean().alias("amr_kept"),
        (kept > 0).any().alias("kept_nonzero"),
    )
    groups = groups.with_columns(per_series["screen_outliers"].gather(groups[_SID]).alias("screen"))
    amr = pl.col("amr_all")
    # SPC.md 13.1: screening never empties the limits. All-zero ranges skip it, and if
    # it would drop every non-zero range the unscreened mean moving range stands.
    amr = (
        pl.when(~pl.col("screen") | (amr == 0) | ~pl.col("kept_nonzero"))
        .then(amr)
        .otherwise(pl.col("amr_kept"))
    )
    mean = pl.col("mean")
    return groups.with_columns(amr.alias("amr")).with_columns(
        (mean - rules.LIMIT_SIGMAS * pl.col("amr")).alias("lpl"),
        (mean + rules.LIMIT_SIGMAS * pl.col("amr")).alias("upl"),
        (mean - rules.NEAR_LIMIT_SIGMAS * pl.col("amr")).alias("near_lpl"),
        (mean + rules.NEAR_LIMIT_SIGMAS * pl.col("amr")).alias("near_upl"),
        (pl.col("n") < PROVISIONAL_BELOW_N_POINTS).alias("provisional"),
    )


def _rate_points(rows: pl.DataFrame, groups: pl.DataFrame) -> pl.DataFrame:
    """Apply rules A-D inside each group and label every point."""
    gid = rows[_GID]
    rows = rows.with_columns(
        groups[name].gather(gid).alias(name) for name in ("mean", "lpl", "upl")
    ).with_columns(
        groups["near_lpl"].gather(gid).alias("_spc_near_lpl"),
        groups["near_upl"].gather(gid).alias("_spc_near_upl"),
    )
    value, link = pl.col("value"), pl.col(_LINK)
    side, band = pl.col("_spc_side"), pl.col("_spc_band")
    outside = pl.col("_spc_outside")
    # Each stage materialises the columns the next one shifts, so that a condition is
    # computed once rather than once per shifted copy.
    rows = rows.with_columns(
        (value - pl.col("mean")).sign().cast(pl.Int8).alias("_spc_side"),
        ((value > pl.col("upl")) | (value < pl.col("lpl"))).fill_null(False).alias("_spc_outside"),
        ((value > pl.col("_spc_near_upl")) | (value < pl.col("_spc_near_lpl")))
        .fill_null(False)
        .alias("_spc_near"),
    ).with_columns(
        (pl.col("_spc_near") & (pl.col("_spc_beyond") | ~outside)).alias("_spc_band"),
        rules.same_side_link(side, link).alias("_spc_same_side"),
        rules.rising_link(value, link).alias("_spc_rising"),
        rules.falling_link(value, link).alias("_spc_falling"),
    )
    steps = rules.TREND_LENGTH - 1
    rows = rows.with_columns(
        rules.all_linked(pl.col("_spc_same_side"), rules.RUN_LENGTH - 1).alias("_spc_run_end"),
        (
            rules.all_linked(pl.col("_spc_rising"), steps)
            | rules.all_linked(pl.col("_spc_falling"), steps)
        ).alias("_spc_trend_end"),
        rules.two_in_three_window_end(band, side, link).alias("_spc_two_in_three_end"),
    ).with_columns(
        rules.window_members(pl.col("_spc_run_end"), rules.RUN_LENGTH).alias("_spc_in_run"),
        rules.window_members(pl.col("_spc_trend_end"), rules.TREND_LENGTH).alias("_spc_in_trend"),
        rules.two_in_three_flagged(band, pl.col("_spc_two_in_three_end")).alias(
            "_spc_two_in_three"
        ),
    )
    rows = rows.with_columns(
        rules.trend_step(value, link, pl.col("_spc_in_trend")).alias("_spc_step")
    )
    rows = rows.with_columns(
        labels.special_cause_code(
            outside=pl.col("_spc_outside"),
            in_trend=pl.col("_spc_in_trend"),
            trend_step=pl.col("_spc_step"),
            two_in_three=pl.col("_spc_two_in_three"),
            in_run=pl.col("_spc_in_run"),
            side=pl.col("_spc_side"),
        ).alias("_spc_code")
    ).with_columns(
        labels.point_type_code(pl.col("_spc_code"), pl.col("_spc_direction")).alias("_spc_type")
    )
    return rows.with_columns(
        pl.Series(labels.SPECIAL_CAUSE_TYPES).gather(rows["_spc_code"]).alias("special_cause_type"),
        pl.Series(labels.POINT_TYPES).gather(rows["_spc_type"]).alias("point_type"),
    )


def _series_summary(
    rows: pl.DataFrame, groups: pl.DataFrame, per_series: pl.DataFrame
) -> pl.DataFrame:
    """Icons from each series' latest point, plus its groups for charts and reports."""
    last_of_series = pl.col(_NEW_SERIES).shift(-1).fill_null(True)
    latest = rows.filter(last_of_series).select("_spc_type", "lpl", "upl")
    start = pl.col("first_row") - pl.col("series_first_row")
    group_rows = groups.with_columns(
        per_series["_first_row"].gather(groups[_SID]).alias("series_first_row")
    ).select(
        pl.col(_SID),
        pl.struct(
            start.alias("start"),
            (start + pl.col("n")).alias("end"),
            pl.col("mean"),
            pl.col("lpl"),
            pl.col("upl"),
            pl.col("provisional"),
        ).alias("groups"),
    )
    group_lists = group_rows.group_by(_SID, maintain_order=True).agg(pl.col("groups"))
    direction = pl.col("direction")
    return (
        pl.concat([per_series, latest], how="horizontal")
        .with_columns(group_lists["groups"])
        .select(
            pl.col("series"),
            labels.variation_icon(pl.col("_spc_type"), direction).alias("variation_icon"),
            labels.assurance_icon(pl.col("lpl"), pl.col("upl"), pl.col("target"), direction).alias(
                "assurance_icon"
            ),
            pl.col("groups").list.last().struct.field("provisional").alias("provisional"),
            pl.col("groups"),
        )
    )


def _empty_result(rows: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """No points: empty frames with the documented columns and types."""
    point_frame = rows.with_columns(
        pl.lit(None, pl.Float64).alias("mean"),
        pl.lit(None, pl.Float64).alias("lpl"),
        pl.lit(None, pl.Float64).alias("upl"),
        pl.lit(None, pl.String).alias("special_cause_type"),
        pl.lit(None, pl.String).alias("point_type"),
    )
    series_frame = pl.DataFrame(
        schema={
            "series": rows.schema["series"],
            "variation_icon": pl.String,
            "assurance_icon": pl.String,
            "provisional": pl.Boolean,
            "groups": pl.List(GROUP_STRUCT),
        }
    )
    return point_frame, series_frame
