"""SPC engine behaviour beyond the shared vectors: Outturn's decisions (SPC.md section 13),
gaps, options, validation, and the batch engine agreeing with the single-series one."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outturn.engine.spc import (
    SpcGroup,
    SpcOptions,
    SpcResult,
    analyse,
    analyse_frame,
)
from outturn.engine.spc.series import DIRECTION_SIGN
from tests.engine.test_spc_vectors import VECTORS

# The project's autouse fixtures are function-scoped; these properties do not use them.
_property = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

COMMON = "Common Cause"


def _only_group(result: SpcResult) -> SpcGroup:
    (group,) = result.groups
    return group


# --- Section 13.1: screening never empties the limits -------------------------------


@pytest.mark.parametrize("screen_outliers", [True, False])
def test_flat_zeros_get_limits_on_the_mean_and_no_signal(screen_outliers: bool) -> None:
    result = analyse([0.0] * 8, SpcOptions(screen_outliers=screen_outliers, target=1.0))
    group = _only_group(result)
    assert (group.mean, group.lpl, group.upl) == (0.0, 0.0, 0.0)
    assert set(result.special_cause_type) == {COMMON}
    assert set(result.point_type) == {"common_cause"}
    assert result.variation_icon == "common_cause"
    assert result.assurance_icon == "consistent_fail"  # target 1 above the UPL of 0


def test_flat_series_with_one_jump_keeps_flat_points_common_cause() -> None:
    """Screening would drop the only non-zero range and collapse the limits onto the
    mean (R then flags every flat point); the unscreened range stands instead."""
    result = analyse([0, 0, 0, 0, 0, 0, 6])
    group = _only_group(result)
    assert group.mean == pytest.approx(6 / 7)
    assert group.upl == pytest.approx(6 / 7 + 2.66 * 1.0)  # unscreened AMR = 6 / 6
    assert group.lpl == pytest.approx(6 / 7 - 2.66 * 1.0)
    assert result.special_cause_type == (COMMON,) * 6 + ("Above UCL",)
    assert result.variation_icon == "improvement_high"


def test_eight_flat_points_before_a_jump_are_limited_as_unscreened_but_still_a_run() -> None:
    """0 x8 then 6: the limits come from the unscreened AMR (0.75), so no flat point is
    beyond them and the jump is above the UCL. Eight points below the mean are still a
    run under rule D, which section 13 leaves as R has it."""
    result = analyse([0, 0, 0, 0, 0, 0, 0, 0, 6])
    group = _only_group(result)
    assert group.upl == pytest.approx(6 / 9 + 2.66 * 0.75)
    assert group.lpl is not None and group.lpl < 0
    assert result.special_cause_type == ("7 Points Below CL",) * 8 + ("Above UCL",)


def test_screening_keeps_the_r_single_pass_when_non_zero_ranges_survive() -> None:
    values = [1, 2, 1, 2, 1, 2, 10, 2, 1, 2, 1, 2]
    screened = _only_group(analyse(values))
    unscreened = _only_group(analyse(values, SpcOptions(screen_outliers=False)))
    # Ranges 8 into and out of the 10 are dropped; the nine ranges of 1 remain.
    assert screened.upl == pytest.approx(sum(values) / 12 + 2.66 * 1.0)
    assert unscreened.upl == pytest.approx(sum(values) / 12 + 2.66 * 25 / 11)


@given(
    value=st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
    count=st.integers(min_value=1, max_value=40),
    direction=st.sampled_from(["increase", "decrease", "neutral"]),
    screen=st.booleans(),
)
@_property
def test_a_constant_series_has_no_special_cause(
    value: float, count: int, direction: Any, screen: bool
) -> None:
    result = analyse(
        [value] * count, SpcOptions(improvement_direction=direction, screen_outliers=screen)
    )
    assert set(result.special_cause_type) == {COMMON}
    assert result.variation_icon == "common_cause"
    group = _only_group(result)
    assert group.mean == value
    if count > 1:
        assert group.lpl == group.upl == value
    else:
        assert group.lpl is None and group.upl is None


# --- Section 13.3: short series and single points -----------------------------------


def test_group_of_one_point_has_no_limits_and_no_assurance() -> None:
    result = analyse([5, 6, 5, 6, 9], SpcOptions(target=7.0, rebase_at=(4,)))
    first, last = result.groups
    assert first.lpl is not None and first.provisional
    assert (last.start, last.end, last.mean, last.lpl, last.upl) == (4, 5, 9.0, None, None)
    assert result.special_cause_type[-1] == COMMON
    assert result.assurance_icon is None
    assert result.provisional


@pytest.mark.parametrize(("count", "provisional"), [(2, True), (11, True), (12, False)])
def test_provisional_below_twelve_points(count: int, provisional: bool) -> None:
    result = analyse([float(i % 3) for i in range(count)])
    assert result.provisional is provisional
    assert _only_group(result).provisional is provisional


def test_provisional_follows_the_latest_group() -> None:
    result = analyse([1.0, 2.0] * 10, SpcOptions(rebase_at=(15,)))
    assert [g.provisional for g in result.groups] == [False, True]
    assert result.provisional


# --- Section 13.4: missing periods ------------------------------------------------


def test_moving_range_across_a_gap_is_not_used() -> None:
    values = [1, 2, 1, 2, 11, 12, 11, 12]
    gaps = [False] * 4 + [True] + [False] * 3
    group = _only_group(analyse(values, gap_before=gaps))
    assert group.mean == pytest.approx(6.5)
    assert group.upl == pytest.approx(6.5 + 2.66 * 1.0)  # the 9 across the gap is skipped


def test_run_restarts_after_a_gap() -> None:
    values = [0, 20, 0, 20, 0, 20, 0, 20, 0, 20, 11, 12, 11, 12, 11, 12, 11]
    unbroken = analyse(values, SpcOptions(fix_after_n_points=12))
    assert unbroken.special_cause_type[10:] == ("7 Points Above CL",) * 7
    gaps = [False] * 14 + [True] + [False] * 2
    broken = analyse(values, SpcOptions(fix_after_n_points=12), gap_before=gaps)
    assert broken.special_cause_type[10:] == (COMMON,) * 7


def test_trend_does_not_span_a_gap() -> None:
    values = [0, 40, 0, 40, 0, 40, 0, 40, 0, 40, 14, 15, 16, 17, 18, 19, 20, 21]
    unbroken = analyse(values, SpcOptions(fix_after_n_points=12))
    assert unbroken.special_cause_type[11:] == ("7 Point Trend (Increasing)",) * 7
    gaps = [False] * 14 + [True] + [False] * 3
    broken = analyse(values, SpcOptions(fix_after_n_points=12), gap_before=gaps)
    assert set(broken.special_cause_type[11:]) == {COMMON}


def test_two_in_three_does_not_span_a_gap() -> None:
    values = [10, 11] * 6 + [12.5, 12.5, 10]
    fixed = SpcOptions(fix_after_n_points=12)
    assert analyse(values, fixed).special_cause_type[12:14] == ("2 in 3 Above CL",) * 2
    gaps = [False] * 13 + [True, False]
    assert analyse(values, fixed, gaps).special_cause_type[12:14] == (COMMON,) * 2


def test_rule_windows_do_not_span_a_rebase() -> None:
    values = list(range(1, 11))
    assert analyse(values).special_cause_type[2:8] == ("7 Point Trend (Increasing)",) * 6
    rebased = analyse(values, SpcOptions(rebase_at=(5,)))
    assert set(rebased.special_cause_type) == {COMMON}


# --- Section 13.2: the 2-of-3 option -----------------------------------------------

# Baseline 10, 11, ... gives mean 10.5 and AMR 1: UPL 13.16, upper two-sigma 12.27.
_BAND_THEN_OUTSIDE = [10, 11] * 6 + [12.5, 14, 11, 10]


def test_two_in_three_ignores_points_beyond_the_limits_by_default() -> None:
    result = analyse(_BAND_THEN_OUTSIDE, SpcOptions(fix_after_n_points=12))
    assert result.special_cause_type[12:] == (COMMON, "Above UCL", COMMON, COMMON)


def test_two_in_three_option_counts_points_beyond_the_limits() -> None:
    options = SpcOptions(fix_after_n_points=12, two_in_three_counts_beyond_limits=True)
    result = analyse(_BAND_THEN_OUTSIDE, options)
    assert result.special_cause_type[12:] == ("2 in 3 Above CL", "Above UCL", COMMON, COMMON)
    assert result.point_type[12] == "special_cause_improvement"


# --- Section 5.2: direction of trend points ---------------------------------------


def test_a_shared_peak_takes_the_direction_of_the_next_step() -> None:
    values = [0, 20] * 6 + [4, 5, 6, 7, 8, 9, 10, 9, 8, 7, 6, 5, 4]
    labels = analyse(values, SpcOptions(fix_after_n_points=12)).special_cause_type[12:]
    assert labels == ("7 Point Trend (Increasing)",) * 6 + ("7 Point Trend (Decreasing)",) * 7


def test_tie_between_two_trends_reads_as_decreasing() -> None:
    values = [-20, 40] * 6 + [7, 8, 9, 10, 11, 12, 13, 13, 12, 11, 10, 9, 8, 7]
    labels = analyse(values, SpcOptions(fix_after_n_points=12)).special_cause_type[12:]
    assert labels == ("7 Point Trend (Increasing)",) * 6 + ("7 Point Trend (Decreasing)",) * 8


# --- Validation ------------------------------------------------------------------


def test_fix_after_n_points_must_be_at_least_twelve() -> None:
    with pytest.raises(ValueError, match="at least 12"):
        SpcOptions(fix_after_n_points=11)
    assert SpcOptions(fix_after_n_points=12).fix_after_n_points == 12
    points, table = _frames([_Spec([1.0, 2.0, 3.0])])
    with pytest.raises(ValueError, match="at least 12"):
        analyse_frame(points, table.with_columns(pl.lit(11, pl.Int64).alias("fix_after_n_points")))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: analyse([]), "at least one value"),
        (lambda: analyse([1.0, math.nan]), "non-finite"),
        (lambda: analyse([1.0, 2.0], gap_before=[False]), "one entry per value"),
        (lambda: SpcOptions(improvement_direction="up"), "improvement_direction"),  # type: ignore[arg-type]
        (lambda: SpcOptions(target=math.inf), "target"),
        (lambda: SpcOptions(rebase_at=(-1,)), "negative"),
    ],
)
def test_invalid_input_is_refused(call: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_rebase_past_the_end_is_ignored_like_an_unmatched_date() -> None:
    assert analyse([1, 2, 3], SpcOptions(rebase_at=(0, 7))) == analyse([1, 2, 3])


def test_analyse_frame_refuses_bad_frames() -> None:
    points, table = _frames([_Spec([1.0, 2.0, 3.0]), _Spec([4.0, 5.0])])
    with pytest.raises(ValueError, match="no row for series"):
        analyse_frame(points, table.head(1))
    with pytest.raises(ValueError, match="more than one row"):
        analyse_frame(points, pl.concat([table, table]))
    with pytest.raises(ValueError, match="duplicate idx"):
        analyse_frame(points.with_columns(pl.lit(0, pl.Int64).alias("idx")), table)
    with pytest.raises(ValueError, match="decreases"):
        analyse_frame(points.with_columns((-pl.col("idx")).alias("group")), table)
    with pytest.raises(ValueError, match="missing column"):
        analyse_frame(points.drop("gap_before"), table)
    with pytest.raises(ValueError, match="direction"):
        analyse_frame(points, table.with_columns(pl.lit(2, pl.Int8).alias("direction")))


# --- The batch frame contract ----------------------------------------------------


@dataclass(frozen=True)
class _Spec:
    values: list[float]
    options: SpcOptions = field(default_factory=SpcOptions)
    gap_before: list[bool] | None = None


def _frames(specs: list[_Spec], keys: list[Any] | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The batch input for several series, keyed 0, 1, ... unless keys are given."""
    keys = keys if keys is not None else list(range(len(specs)))
    point_rows: list[dict[str, Any]] = []
    setting_rows: list[dict[str, Any]] = []
    for key, spec in zip(keys, specs, strict=True):
        group = 0
        for index, value in enumerate(spec.values):
            group += index in spec.options.rebase_at
            gap = bool(spec.gap_before[index]) if spec.gap_before else False
            point_rows.append(
                {"series": key, "idx": index, "value": value, "group": group, "gap_before": gap}
            )
        setting_rows.append(
            {
                "series": key,
                "direction": DIRECTION_SIGN[spec.options.improvement_direction],
                "target": spec.options.target,
                "fix_after_n_points": spec.options.fix_after_n_points,
                "screen_outliers": spec.options.screen_outliers,
                "two_in_three_beyond": spec.options.two_in_three_counts_beyond_limits,
            }
        )
    point_schema = {"idx": pl.Int64, "value": pl.Float64, "group": pl.Int64}
    settings_schema = {"direction": pl.Int8, "target": pl.Float64, "fix_after_n_points": pl.Int64}
    points = pl.DataFrame(point_rows, schema_overrides=point_schema)
    table = pl.DataFrame(setting_rows, schema_overrides=settings_schema)
    return points, table


def _results_from_frames(
    point_frame: pl.DataFrame, series_frame: pl.DataFrame
) -> dict[Any, SpcResult]:
    """Read the batch output back into one SpcResult per series."""
    results = {}
    for summary in series_frame.iter_rows(named=True):
        rows = point_frame.filter(pl.col("series") == summary["series"]).sort("idx")
        results[summary["series"]] = SpcResult(
            groups=tuple(SpcGroup(**group) for group in summary["groups"]),
            special_cause_type=tuple(rows["special_cause_type"]),
            point_type=tuple(rows["point_type"]),
            variation_icon=summary["variation_icon"],
            assurance_icon=summary["assurance_icon"],
            provisional=summary["provisional"],
        )
    return results


def _vector_specs() -> list[_Spec]:
    specs = []
    for vector in VECTORS:
        if vector["kind"] != "series":
            continue
        options = vector["options"]
        specs.append(
            _Spec(
                vector["values"],
                SpcOptions(
                    improvement_direction=options["improvement_direction"],
                    target=options["target"],
                    rebase_at=tuple(options["rebase_at"]),
                    fix_after_n_points=options["fix_after_n_points"],
                    screen_outliers=options["screen_outliers"],
                ),
            )
        )
    return specs


def test_batch_of_the_vectors_matches_one_by_one() -> None:
    specs = _vector_specs()
    keys = [f"indicator-{i}" for i in range(len(specs))]
    point_frame, series_frame = analyse_frame(*_frames(specs, keys))
    batch = _results_from_frames(point_frame, series_frame)
    assert list(series_frame["series"]) == keys
    for key, spec in zip(keys, specs, strict=True):
        assert batch[key] == analyse(spec.values, spec.options, spec.gap_before)


def test_point_frame_keeps_extra_columns_and_sorts_unordered_input() -> None:
    specs = [_Spec([3.0, 1.0, 2.0, 5.0]), _Spec([7.0, 7.0, 8.0])]
    points, table = _frames(specs, ["b", "a"])
    points = points.with_columns(pl.format("p{}", pl.col("idx")).alias("period"))
    shuffled = points.sample(fraction=1.0, shuffle=True, seed=3)
    point_frame, series_frame = analyse_frame(shuffled, table)
    assert point_frame.columns == [
        *points.columns,
        "mean",
        "lpl",
        "upl",
        "special_cause_type",
        "point_type",
    ]
    assert point_frame.select("series", "idx").rows() == sorted(
        points.select("series", "idx").rows()
    )
    assert point_frame["period"].to_list() == [f"p{i}" for i in (0, 1, 2, 0, 1, 2, 3)]
    assert series_frame["series"].to_list() == ["a", "b"]
    assert series_frame.schema["groups"] == pl.List(
        pl.Struct(
            {
                "start": pl.Int64,
                "end": pl.Int64,
                "mean": pl.Float64,
                "lpl": pl.Float64,
                "upl": pl.Float64,
                "provisional": pl.Boolean,
            }
        )
    )


def test_ordered_input_keeps_its_row_order() -> None:
    points, table = _frames([_Spec([1.0, 2.0]), _Spec([3.0, 4.0, 5.0])], ["z", "a"])
    point_frame, series_frame = analyse_frame(points, table)
    assert point_frame["series"].to_list() == ["z", "z", "a", "a", "a"]
    assert series_frame["series"].to_list() == ["z", "a"]


def test_empty_points_give_empty_frames() -> None:
    points, table = _frames([_Spec([1.0])])
    point_frame, series_frame = analyse_frame(points.clear(), table)
    assert point_frame.is_empty() and series_frame.is_empty()
    assert {"mean", "special_cause_type", "point_type"} <= set(point_frame.columns)
    assert series_frame.columns == [
        "series",
        "variation_icon",
        "assurance_icon",
        "provisional",
        "groups",
    ]


_small_values = st.lists(st.integers(min_value=0, max_value=6).map(float), min_size=1, max_size=30)
_options = st.builds(
    SpcOptions,
    improvement_direction=st.sampled_from(["increase", "decrease", "neutral"]),
    target=st.none() | st.sampled_from([0.0, 2.5, 3.0, 10.0]),
    rebase_at=st.lists(st.integers(min_value=0, max_value=29), max_size=3).map(
        lambda xs: tuple(sorted(set(xs)))
    ),
    fix_after_n_points=st.none() | st.integers(min_value=12, max_value=20),
    screen_outliers=st.booleans(),
    two_in_three_counts_beyond_limits=st.booleans(),
)


@st.composite
def _specs(draw: st.DrawFn) -> _Spec:
    values = draw(st.one_of(_small_values, st.lists(st.floats(-5, 5), min_size=1, max_size=30)))
    gaps = draw(st.lists(st.booleans(), min_size=len(values), max_size=len(values)))
    return _Spec(values, draw(_options), gaps)


@given(specs=st.lists(_specs(), min_size=1, max_size=8))
@_property
def test_random_batch_matches_one_by_one(specs: list[_Spec]) -> None:
    """Series rated together never leak into each other: same results as one at a time."""
    batch = _results_from_frames(*analyse_frame(*_frames(specs)))
    for key, spec in enumerate(specs):
        assert batch[key] == analyse(spec.values, spec.options, spec.gap_before)


def test_twenty_thousand_series_in_one_call() -> None:
    rng = random.Random(20)
    specs = []
    for _ in range(20_000):
        level = rng.uniform(0, 100)
        values = [round(level + rng.gauss(0, 5) + (8 if i > 25 else 0), 1) for i in range(40)]
        gaps = [i > 0 and rng.random() < 0.03 for i in range(40)]
        options = SpcOptions(
            improvement_direction=rng.choice(["increase", "decrease", "neutral"]),
            target=rng.choice([None, level]),
            rebase_at=rng.choice([(), (30,)]),
            fix_after_n_points=rng.choice([None, 12]),
        )
        specs.append(_Spec(values, options, gaps))
    points, table = _frames(specs)
    point_frame, series_frame = analyse_frame(points, table)
    assert point_frame.height == 800_000
    assert series_frame.height == 20_000
    for key in rng.sample(range(20_000), 25):
        rows = point_frame.slice(key * 40, 40)
        summary = series_frame.row(key, named=True)
        single = analyse(specs[key].values, specs[key].options, specs[key].gap_before)
        assert tuple(rows["special_cause_type"]) == single.special_cause_type
        assert tuple(rows["point_type"]) == single.point_type
        assert tuple(SpcGroup(**g) for g in summary["groups"]) == single.groups
        assert summary["variation_icon"] == single.variation_icon
        assert summary["assurance_icon"] == single.assurance_icon


def test_engine_does_not_import_django() -> None:
    source_dir = Path(__file__).resolve().parents[2] / "src" / "outturn" / "engine" / "spc"
    for path in source_dir.glob("*.py"):
        assert "django" not in path.read_text(encoding="utf-8").lower(), path
