"""Benchmarks: position against comparators, and rank, of and quartile among peers."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outturn.engine.benchmarks import (
    PeerRank,
    Position,
    peer_rank,
    position,
    position_expr,
    quartile,
    rank_frame,
)
from outturn.engine.rag import Polarity

D = Decimal
UP, DOWN, NONE = Polarity.UP, Polarity.DOWN, Polarity.NONE


@pytest.mark.parametrize(
    ("ours", "theirs", "polarity", "expected"),
    [
        ("100", "98", UP, Position.BETTER),
        ("96", "98", UP, Position.WORSE),
        ("100", "100", UP, Position.SAME),
        ("100", "98", DOWN, Position.WORSE),
        ("96", "98", DOWN, Position.BETTER),
        ("98.0", "98", DOWN, Position.SAME),
        ("100", "98", NONE, Position.HIGHER),
        ("96", "98", NONE, Position.LOWER),
        ("98", "98", NONE, Position.SAME),
        (None, "98", UP, None),
        ("98", None, UP, None),
    ],
)
def test_position(
    ours: str | None, theirs: str | None, polarity: Polarity, expected: Position | None
) -> None:
    result = position(
        None if ours is None else D(ours), None if theirs is None else D(theirs), polarity=polarity
    )
    assert result is expected


@pytest.mark.parametrize(
    ("rank", "of", "expected"),
    [
        (1, 4, 1),
        (2, 4, 2),
        (3, 4, 3),
        (4, 4, 4),
        (1, 10, 1),
        (3, 10, 2),
        (5, 10, 2),
        (6, 10, 3),
        (8, 10, 4),
        (10, 10, 4),
        (1, 2, 2),
        (2, 2, 4),
        (1, 153, 1),
        (153, 153, 4),
    ],
)
def test_quartile(rank: int, of: int, expected: int) -> None:
    assert quartile(rank, of) == expected


@pytest.mark.parametrize(
    ("ours", "peers", "polarity", "expected"),
    [
        # rank counts us: 1 + peers strictly better; of = peers + 1
        ("50", ["10", "20", "30"], UP, PeerRank(1, 4, 1)),
        ("5", ["10", "20", "30"], UP, PeerRank(4, 4, 4)),
        ("25", ["10", "20", "30"], UP, PeerRank(2, 4, 2)),
        ("25", ["10", "20", "30"], DOWN, PeerRank(3, 4, 3)),
        # ties share the better rank: nobody tied with us is ahead of us
        ("20", ["10", "20", "20", "30"], UP, PeerRank(2, 5, 2)),
        ("20", ["10", "20", "20", "30"], DOWN, PeerRank(2, 5, 2)),
        ("20", ["20", "20", "20"], UP, PeerRank(1, 4, 1)),
        # polarity none ranks the highest first
        ("25", ["10", "20", "30"], NONE, PeerRank(2, 4, 2)),
        # suppressed peer figures are left out
        ("25", ["10", None, "30"], UP, PeerRank(2, 3, 3)),
        # no ranking without our value or any peer value
        (None, ["10", "20"], UP, None),
        ("25", [], UP, None),
        ("25", [None], UP, None),
    ],
)
def test_peer_rank(
    ours: str | None, peers: list[str | None], polarity: Polarity, expected: PeerRank | None
) -> None:
    result = peer_rank(
        None if ours is None else D(ours),
        [None if p is None else D(p) for p in peers],
        polarity=polarity,
    )
    assert result == expected


_value = st.none() | st.decimals(min_value=-1000, max_value=1000, places=1, allow_nan=False)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(_value, st.lists(_value, max_size=8), st.sampled_from(list(Polarity))),
        min_size=1,
        max_size=10,
    )
)
def test_frames_agree_with_one_at_a_time(
    entries: list[tuple[Decimal | None, list[Decimal | None], Polarity]],
) -> None:
    rows = [
        (entry, ours, peer, polarity.sign)
        for entry, (ours, peers, polarity) in enumerate(entries)
        for peer in (peers or [None])
    ]
    exploded = pl.DataFrame(
        rows,
        schema={
            "entry": pl.Int64,
            "ours": pl.Decimal(38, 1),
            "peer": pl.Decimal(38, 1),
            "polarity": pl.Int8,
        },
        orient="row",
    )
    ranks = {row[0]: row[1:] for row in rank_frame(exploded, "entry").iter_rows()}
    for entry, (ours, peers, polarity) in enumerate(entries):
        expected = peer_rank(ours, peers, polarity=polarity)
        got = ranks[entry]
        assert got == (
            (None, None, None)
            if expected is None
            else (expected.rank, expected.of, expected.quartile)
        )

    pairs = pl.DataFrame(
        [(ours, peers[0] if peers else None, polarity.sign) for ours, peers, polarity in entries],
        schema={"ours": pl.Decimal(38, 1), "theirs": pl.Decimal(38, 1), "polarity": pl.Int8},
        orient="row",
    )
    positions = pairs.select(
        position_expr(pl.col("ours"), pl.col("theirs"), pl.col("polarity"))
    ).to_series()
    assert positions.to_list() == [
        None
        if (p := position(ours, peers[0] if peers else None, polarity=polarity)) is None
        else p.value
        for ours, peers, polarity in entries
    ]
