"""Benchmarks: how an outturn compares with other organisations'.

A comparator value (the national figure, the statistical neighbours' average...) gives
a ``position``: ``better``, ``worse`` or ``same`` by the indicator's polarity. For
polarity ``none`` nothing is better, so the position is ``higher``, ``lower`` or
``same``. The position always describes our value relative to theirs.

A peer group's individual values give a ranking that counts this organisation too:
``rank`` is 1 + the number of peers strictly better than us (so peers tied with us
share our rank and we take the best place among ties), ``of`` is the number of peers
plus one, and ``quartile`` is ``ceil(4 * rank / of)`` (1 = best quarter). With polarity
``none``, "better" reads as "higher": rank 1 is the highest value. Peer values that are
missing (suppressed figures) are left out; with none left there is no ranking.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

import polars as pl

from outturn.engine.rag import Number, Polarity


class Position(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    SAME = "same"
    HIGHER = "higher"
    LOWER = "lower"


POSITION_DTYPE = pl.Enum([position.value for position in Position])


def position(ours: Number | None, theirs: Number | None, *, polarity: Polarity) -> Position | None:
    """Our value relative to a comparator's; None when either is missing."""
    if ours is None or theirs is None:
        return None
    mine, other = Fraction(ours), Fraction(theirs)
    if mine == other:
        return Position.SAME
    if polarity is Polarity.NONE:
        return Position.HIGHER if mine > other else Position.LOWER
    return Position.BETTER if (mine > other) == (polarity.sign > 0) else Position.WORSE


@dataclass(frozen=True)
class PeerRank:
    rank: int
    of: int
    quartile: int


def quartile(rank: int, of: int) -> int:
    """The quarter a rank falls in, 1 (best) to 4: ceil(4 * rank / of)."""
    return -(-4 * rank // of)


def peer_rank(
    ours: Number | None, peers: Iterable[Number | None], *, polarity: Polarity
) -> PeerRank | None:
    """Where we stand among ``peers``; None without our value or any peer value."""
    values = [Fraction(peer) for peer in peers if peer is not None]
    if ours is None or not values:
        return None
    mine = Fraction(ours)
    if polarity is Polarity.DOWN:
        ahead = sum(1 for peer in values if peer < mine)
    else:
        ahead = sum(1 for peer in values if peer > mine)
    rank, of = ahead + 1, len(values) + 1
    return PeerRank(rank=rank, of=of, quartile=quartile(rank, of))


# --- frames ---------------------------------------------------------------------------


def position_expr(ours: pl.Expr, theirs: pl.Expr, polarity: pl.Expr) -> pl.Expr:
    """The frame form of ``position``: decimal columns, polarity Int8 (+1/-1/0)."""
    higher = ours > theirs
    return (
        pl.when(ours.is_null() | theirs.is_null())
        .then(pl.lit(None))
        .when(ours == theirs)
        .then(pl.lit(Position.SAME.value))
        .when(polarity == 0)
        .then(
            pl.when(higher)
            .then(pl.lit(Position.HIGHER.value))
            .otherwise(pl.lit(Position.LOWER.value))
        )
        .when(higher == (polarity > 0))
        .then(pl.lit(Position.BETTER.value))
        .otherwise(pl.lit(Position.WORSE.value))
        .cast(POSITION_DTYPE)
    )


def rank_frame(peer_values: pl.DataFrame, key: str) -> pl.DataFrame:
    """Rank, of and quartile per ``key``, from one row per peer value.

    ``peer_values`` has ``key``, ``ours`` and ``peer`` (decimals, nullable) and
    ``polarity`` (Int8). Keys with no usable peer value, or without our value, get
    nulls.
    """
    peer, ours, polarity = pl.col("peer"), pl.col("ours"), pl.col("polarity")
    ahead = pl.when(polarity == -1).then(peer < ours).otherwise(peer > ours)
    ranked = peer_values.group_by(key, maintain_order=True).agg(
        (ahead.sum() + 1).cast(pl.Int64).alias("rank"),
        (peer.count() + 1).cast(pl.Int64).alias("of"),
        ours.first().is_not_null().alias("_has_ours"),
    )
    usable = pl.col("_has_ours") & (pl.col("of") > 1)
    rank, of = pl.col("rank"), pl.col("of")
    return ranked.select(
        pl.col(key),
        pl.when(usable).then(rank).alias("rank"),
        pl.when(usable).then(of).alias("of"),
        pl.when(usable).then((4 * rank + of - 1) // of).alias("quartile"),
    )
