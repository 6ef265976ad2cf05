"""Direction of travel: polarity, the no-change threshold and missing comparisons."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outturn.engine.direction import Direction, direction_of_travel, directions_frame
from outturn.engine.rag import Polarity

D = Decimal
UP, DOWN, NONE = Polarity.UP, Polarity.DOWN, Polarity.NONE

# (current, earlier, polarity, threshold, expected)
CASES: list[tuple[str | None, str | None, Polarity, str, Direction]] = [
    ("100", "90", UP, "0", Direction.IMPROVING),
    ("90", "100", UP, "0", Direction.WORSENING),
    ("90", "100", DOWN, "0", Direction.IMPROVING),
    ("100", "90", DOWN, "0", Direction.WORSENING),
    ("95", "95", UP, "0", Direction.NO_CHANGE),
    ("95", "95", DOWN, "0", Direction.NO_CHANGE),
    ("95.01", "95", UP, "0", Direction.IMPROVING),  # any change counts without a threshold
    # the threshold: a change no larger than it is no change, inclusive
    ("95.5", "95", UP, "0.5", Direction.NO_CHANGE),
    ("94.5", "95", UP, "0.5", Direction.NO_CHANGE),
    ("95.51", "95", UP, "0.5", Direction.IMPROVING),
    ("94.49", "95", DOWN, "0.5", Direction.IMPROVING),
    ("95.51", "95", DOWN, "0.5", Direction.WORSENING),
    # nothing to compare with
    ("95", None, UP, "0", Direction.NOT_COMPARABLE),
    (None, "95", DOWN, "0", Direction.NOT_COMPARABLE),
    (None, None, NONE, "0", Direction.NOT_COMPARABLE),
    # polarity none: just up or down
    ("100", "90", NONE, "0", Direction.INCREASED),
    ("90", "100", NONE, "0", Direction.DECREASED),
    ("90", "90", NONE, "0", Direction.NO_CHANGE),
    ("90.4", "90", NONE, "0.5", Direction.NO_CHANGE),
    ("-3", "-2", UP, "0", Direction.WORSENING),
]


def _number(text: str | None) -> Decimal | None:
    return None if text is None else D(text)


@pytest.mark.parametrize(("current", "earlier", "polarity", "threshold", "expected"), CASES)
def test_direction_of_travel(
    current: str | None,
    earlier: str | None,
    polarity: Polarity,
    threshold: str,
    expected: Direction,
) -> None:
    result = direction_of_travel(
        _number(current), _number(earlier), polarity=polarity, threshold=D(threshold)
    )
    assert result is expected


def _frame(rows: list[tuple[Decimal | None, Decimal | None, Polarity, Decimal]]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            pl.Series("value", [row[0] for row in rows], dtype=pl.Decimal(38, 3)),
            pl.Series("earlier", [row[1] for row in rows], dtype=pl.Decimal(38, 2)),
            pl.Series("polarity", [row[2].sign for row in rows], dtype=pl.Int8),
            pl.Series("direction_threshold", [row[3] for row in rows], dtype=pl.Decimal(38, 1)),
        ]
    )


def test_directions_frame_follows_the_same_table() -> None:
    frame = _frame([(_number(c), _number(e), p, D(t)) for c, e, p, t, _ in CASES])
    result = directions_frame(frame, {"travel": "earlier"})
    assert result["travel"].to_list() == [expected.value for *_, expected in CASES]


_number_strategy = st.decimals(
    min_value=D("-1e30"), max_value=D("1e30"), places=2, allow_nan=False, allow_infinity=False
)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.none() | _number_strategy,
            st.none() | _number_strategy,
            st.sampled_from(list(Polarity)),
            st.sampled_from([D(0), D("0.5"), D(10)]),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_frame_agrees_with_one_at_a_time(
    rows: list[tuple[Decimal | None, Decimal | None, Polarity, Decimal]],
) -> None:
    result = directions_frame(_frame(rows), {"travel": "earlier"})["travel"].to_list()
    assert result == [
        direction_of_travel(current, earlier, polarity=polarity, threshold=threshold).value
        for current, earlier, polarity, threshold in rows
    ]
