"""Properties of the status engine as a whole, and the details of ``assess_series``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outturn.engine.direction import Direction
from outturn.engine.periods import parse_period, periods_between
from outturn.engine.rag import Allowance, AllowanceKind, Polarity, Rag
from outturn.engine.status import (
    BenchmarkInput,
    ComparatorStatus,
    PeerGroupInput,
    PeerStatus,
    PointInput,
    SeriesInput,
    SeriesStatus,
    SpcSettings,
    assess_series,
)

D = Decimal
P = parse_period
QUARTERS = periods_between(P("2019/20 Q1"), P("2026/27 Q4"))

_property = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

_amount = st.decimals(min_value=-500, max_value=500, places=1, allow_nan=False)


@st.composite
def points(draw: st.DrawFn, *, min_size: int = 1, max_size: int = 24) -> tuple[PointInput, ...]:
    chosen = draw(
        st.lists(
            st.integers(0, len(QUARTERS) - 1), min_size=min_size, max_size=max_size, unique=True
        )
    )
    made = []
    for index in sorted(chosen):
        value = draw(st.none() | _amount) if draw(st.integers(0, 9)) == 0 else draw(_amount)
        band = None
        target = None
        if draw(st.integers(0, 4)) == 0:
            low, high = sorted([draw(_amount), draw(_amount)])
            band = (low, high)
        elif draw(st.integers(0, 5)):
            target = draw(_amount)
        tolerance = None
        if draw(st.integers(0, 5)) == 0:
            tolerance = Allowance(
                draw(st.sampled_from(list(AllowanceKind))),
                draw(st.decimals(min_value=0, max_value=5, places=2, allow_nan=False)),
            )
        made.append(PointInput(QUARTERS[index], value, target, band, tolerance))
    return tuple(made)


@st.composite
def series_inputs(draw: st.DrawFn, *, identifier: str = "S", min_size: int = 1) -> SeriesInput:
    return SeriesInput(
        id=identifier,
        polarity=draw(st.sampled_from(list(Polarity))),
        points=draw(points(min_size=min_size)),
        tolerance=Allowance(
            draw(st.sampled_from(list(AllowanceKind))),
            draw(st.decimals(min_value=0, max_value=3, places=2, allow_nan=False)),
        ),
        direction_threshold=draw(st.sampled_from([D(0), D("0.5"), D(5)])),
        benchmarks=tuple(
            BenchmarkInput("National", QUARTERS[0], value)
            for value in draw(st.lists(_amount, max_size=2))
        ),
        peers=tuple(
            PeerGroupInput("Neighbours", period, tuple(draw(st.lists(_amount, max_size=6))))
            for period in draw(st.lists(st.sampled_from(QUARTERS[:8]), max_size=2))
        ),
    )


_MIRROR = {Polarity.UP: Polarity.DOWN, Polarity.DOWN: Polarity.UP, Polarity.NONE: Polarity.NONE}
_MIRROR_DIRECTION = {
    Direction.INCREASED: Direction.DECREASED,
    Direction.DECREASED: Direction.INCREASED,
}


def _negate(number: Decimal | None) -> Decimal | None:
    return None if number is None else -number


def _mirrored(series: SeriesInput) -> SeriesInput:
    return SeriesInput(
        id=series.id,
        polarity=_MIRROR[series.polarity],
        points=tuple(
            PointInput(
                point.period,
                _negate(point.value),
                _negate(point.target),
                None
                if point.target_band is None
                else (-point.target_band[1], -point.target_band[0]),
                point.tolerance,
            )
            for point in series.points
        ),
        tolerance=series.tolerance,
        direction_threshold=series.direction_threshold,
    )


@_property
@given(series_inputs())
def test_mirroring_values_and_polarity_mirrors_rag_and_direction(series: SeriesInput) -> None:
    (original,) = assess_series([series])
    (mirror,) = assess_series([_mirrored(series)])
    assert [p.rag for p in mirror.periods] == [p.rag for p in original.periods]
    for theirs, ours in zip(mirror.periods, original.periods, strict=True):
        for name in ("direction_previous", "direction_year"):
            expected = getattr(ours, name)
            assert getattr(theirs, name) == _MIRROR_DIRECTION.get(expected, expected)


@_property
@given(
    st.lists(st.integers(0, len(QUARTERS) - 1), min_size=1, max_size=30, unique=True),
    st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False),
    st.sampled_from(list(Polarity)),
    st.booleans(),
)
def test_a_constant_series_has_no_special_cause(
    indices: list[int], value: Decimal, polarity: Polarity, screen: bool
) -> None:
    series = SeriesInput(
        id="flat",
        polarity=polarity,
        points=tuple(PointInput(QUARTERS[i], value, value) for i in sorted(indices)),
        spc=SpcSettings(screen_outliers=screen),
    )
    (status,) = assess_series([series])
    assert {point.special_cause_type for point in status.spc.points} == {"Common Cause"}
    assert {point.point_type for point in status.spc.points} == {"common_cause"}
    assert status.spc.variation_icon == "common_cause"
    assert all(group.mean == float(value) for group in status.spc.groups)
    assert status.latest is not None
    assert status.latest.rag in (Rag.GREEN, Rag.NOT_RATED)
    assert "special_cause_concern" not in status.latest.reasons


@_property
@given(series_inputs(min_size=2), st.data())
def test_a_later_point_never_changes_an_earlier_periods_status(
    series: SeriesInput, data: st.DataObject
) -> None:
    last = max(point.period for point in series.points)
    later = [q for q in QUARTERS if q > last]
    if not later:
        return
    extra = PointInput(data.draw(st.sampled_from(later)), data.draw(_amount), data.draw(_amount))
    extended = SeriesInput(
        id=series.id,
        polarity=series.polarity,
        points=(*series.points, extra),
        tolerance=series.tolerance,
        direction_threshold=series.direction_threshold,
    )
    (before,) = assess_series([series])
    (after,) = assess_series([extended])
    assert after.periods[:-1] == before.periods


@_property
@given(st.lists(series_inputs(), min_size=1, max_size=6))
def test_a_batch_gives_the_same_results_as_each_series_alone(
    batch: list[SeriesInput],
) -> None:
    alone = [assess_series([series])[0] for series in batch]
    assert assess_series(batch) == alone


# --- details of assess_series -------------------------------------------------------------


def _point(period: str, value: str | None, target: str | None = None) -> PointInput:
    return PointInput(
        P(period), None if value is None else D(value), None if target is None else D(target)
    )


def _assess(*points: PointInput, **settings: Any) -> SeriesStatus:
    (status,) = assess_series(
        [SeriesInput(id="S", polarity=Polarity.UP, points=points, **settings)]
    )
    return status


def test_periods_come_out_in_period_order_and_gaps_are_listed() -> None:
    status = _assess(
        _point("2025/26 Q3", "3"), _point("2024/25 Q4", "1"), _point("2025/26 Q2", "2")
    )
    assert [p.period for p in status.periods] == [P("2024/25 Q4"), P("2025/26 Q2"), P("2025/26 Q3")]
    assert status.missing_periods == (P("2025/26 Q1"),)
    assert [p.direction_previous for p in status.periods] == [
        Direction.NOT_COMPARABLE,
        Direction.NOT_COMPARABLE,  # 2025/26 Q1 has no point
        Direction.IMPROVING,
    ]
    assert status.latest is not None and status.latest.period == P("2025/26 Q3")


def test_direction_against_the_same_period_a_year_before() -> None:
    status = _assess(
        _point("2024/25 Q2", "10"), _point("2025/26 Q1", "12"), _point("2025/26 Q2", "9")
    )
    assert [p.direction_year for p in status.periods] == [
        Direction.NOT_COMPARABLE,
        Direction.NOT_COMPARABLE,
        Direction.WORSENING,
    ]


def test_monthly_series_compare_with_the_previous_month_and_the_month_a_year_before() -> None:
    months = periods_between(P("March 2024"), P("April 2025"))
    status = _assess(*(PointInput(m, D(i)) for i, m in enumerate(months)))
    assert status.periods[-1].direction_previous is Direction.IMPROVING
    assert status.periods[-1].direction_year is Direction.IMPROVING  # April 2024: 1 < 13
    assert status.periods[0].direction_year is Direction.NOT_COMPARABLE
    assert status.missing_periods == ()


def test_a_missing_value_is_a_gap_for_spc_but_still_a_period() -> None:
    status = _assess(
        _point("2025/26 Q1", "1"), _point("2025/26 Q2", None), _point("2025/26 Q3", "3")
    )
    assert [p.period for p in status.spc.points] == [P("2025/26 Q1"), P("2025/26 Q3")]
    assert status.missing_periods == ()
    assert status.periods[1].rag is Rag.NOT_RATED
    # the only moving range spans the gap, so there is none and no limits
    (group,) = status.spc.groups
    assert (group.start, group.end) == (P("2025/26 Q1"), P("2025/26 Q3"))
    assert group.lpl is None and group.upl is None


def test_rebase_starts_a_group_at_the_first_point_at_or_after_it() -> None:
    quarters = periods_between(P("2022/23 Q1"), P("2024/25 Q4"))
    values = [10, 11, 10, 12, 11, 10, 30, 31, 29, 30, 32, 31]
    points = [PointInput(q, D(v)) for q, v in zip(quarters, values, strict=True)]
    del points[6]  # no point for the rebase period itself
    status = _assess(*points, spc=SpcSettings(rebase_at=(quarters[6],)))
    starts = [(g.start, g.end) for g in status.spc.groups]
    assert starts == [(quarters[0], quarters[5]), (quarters[7], quarters[11])]
    assert status.spc.groups[1].mean == pytest.approx(30.6)


def test_spc_target_and_direction_default_from_the_series() -> None:
    steady = ["50", "52", "49", "51", "50", "48", "52", "50", "49", "51", "50", "51"]
    quarters = periods_between(P("2022/23 Q1"), P("2024/25 Q4"))
    points = [PointInput(q, D(v), D(10)) for q, v in zip(quarters, steady, strict=True)]
    assert _assess(*points).spc.assurance_icon == "consistent_pass"
    down = SeriesInput(id="S", polarity=Polarity.DOWN, points=tuple(points))
    assert assess_series([down])[0].spc.assurance_icon == "consistent_fail"
    neutral = SpcSettings(improvement_direction="neutral")
    assert _assess(*points, spc=neutral).spc.assurance_icon is None
    no_target = SpcSettings(target=None)
    assert _assess(*points, spc=no_target).spc.assurance_icon is None
    own_target = SpcSettings(target=D(100))
    assert _assess(*points, spc=own_target).spc.assurance_icon == "consistent_fail"


def test_benchmarks_in_latest() -> None:
    status = _assess(
        _point("2024/25 Q4", "40"),
        _point("2025/26 Q1", "50"),
        benchmarks=(BenchmarkInput("National", P("2024/25"), D(45)),),
        peers=(
            PeerGroupInput("Neighbours", P("2024/25 Q4"), (D(30), D(41), D(50), None)),
            PeerGroupInput("Region", P("2023/24 Q4"), (D(1),)),
        ),
    )
    assert status.latest is not None
    national, neighbours, region = status.latest.benchmarks
    assert isinstance(national, ComparatorStatus)
    assert (national.value, national.position) == (D(45), "better")
    assert isinstance(neighbours, PeerStatus)
    assert neighbours.value == D(40)  # ours for the peers' period
    assert neighbours.ranking is not None
    assert (neighbours.ranking.rank, neighbours.ranking.of, neighbours.ranking.quartile) == (
        3,
        4,
        3,
    )
    assert isinstance(region, PeerStatus)
    assert (region.value, region.ranking) == (None, None)


def test_no_points_gives_no_latest() -> None:
    (status,) = assess_series([SeriesInput(id="empty", polarity=Polarity.UP, points=())])
    assert status.periods == () and status.latest is None
    assert status.spc.groups == () and status.spc.variation_icon is None


def test_series_input_refuses_duplicates_and_mixed_kinds() -> None:
    with pytest.raises(ValueError, match="more than once"):
        SeriesInput(
            id="S",
            polarity=Polarity.UP,
            points=(_point("2025/26 Q1", "1"), _point("Q1 2025-26", "2")),
        )
    with pytest.raises(ValueError, match="month"):
        SeriesInput(
            id="S",
            polarity=Polarity.UP,
            points=(_point("2025/26 Q1", "1"), _point("May 2025", "2")),
        )
    with pytest.raises(ValueError, match="upside down"):
        PointInput(P("2025/26 Q1"), D(1), None, (D(5), D(4)))


def test_numbers_too_wide_for_one_batch_are_assessed_series_by_series() -> None:
    tiny = SeriesInput(
        id="tiny",
        polarity=Polarity.UP,
        points=(_point("2025/26 Q1", "0.000000000000000000001", "0"),),
    )
    huge = SeriesInput(
        id="huge",
        polarity=Polarity.UP,
        points=(_point("2025/26 Q1", "100000000000000000000", "1"),),
    )
    batch = assess_series([tiny, huge])
    assert [s.periods[0].rag for s in batch] == [Rag.GREEN, Rag.GREEN]
    assert batch == [assess_series([tiny])[0], assess_series([huge])[0]]
