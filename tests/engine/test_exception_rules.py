"""The exception decision: every reason, the margin, precedence and the scorecard's settings."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from outturn.engine.exception_rules import (
    DEFAULT_MARGIN,
    ExceptionFacts,
    ExceptionKind,
    ExceptionRules,
    Reason,
    beats_target_margin,
    decide,
    decide_frame,
)
from outturn.engine.periods import parse_period, periods_between
from outturn.engine.rag import Allowance, AllowanceKind, Polarity, Rag
from outturn.engine.status import PointInput, SeriesInput, SpcSettings, assess_series

D = Decimal
UP, DOWN, NONE = Polarity.UP, Polarity.DOWN, Polarity.NONE
NEG, POS = ExceptionKind.NEGATIVE, ExceptionKind.POSITIVE


@pytest.mark.parametrize(
    ("value", "target", "polarity", "margin", "expected"),
    [
        ("93.5", "85", UP, DEFAULT_MARGIN, True),  # 85 x 1.1 is exactly 93.5
        ("93.49", "85", UP, DEFAULT_MARGIN, False),
        ("76.5", "85", DOWN, DEFAULT_MARGIN, True),
        ("76.51", "85", DOWN, DEFAULT_MARGIN, False),
        ("93.5", "85", DOWN, DEFAULT_MARGIN, False),
        ("-9", "-10", UP, DEFAULT_MARGIN, True),  # relative to the target's magnitude
        ("-9.01", "-10", UP, DEFAULT_MARGIN, False),
        ("5", "0", UP, DEFAULT_MARGIN, False),  # a relative margin needs a non-zero target
        ("-5", "0", DOWN, DEFAULT_MARGIN, False),
        ("1", "0", UP, Allowance(AllowanceKind.ABSOLUTE, D(1)), True),
        ("0.99", "0", UP, Allowance(AllowanceKind.ABSOLUTE, D(1)), False),
        ("90", "85", UP, Allowance(AllowanceKind.ABSOLUTE, D(5)), True),
        ("85", "85", UP, Allowance(AllowanceKind.ABSOLUTE, D(0)), True),
        ("200", "85", NONE, DEFAULT_MARGIN, False),
        (None, "85", UP, DEFAULT_MARGIN, False),
        ("200", None, UP, DEFAULT_MARGIN, False),
    ],
)
def test_beats_target_margin(
    value: str | None, target: str | None, polarity: Polarity, margin: Allowance, expected: bool
) -> None:
    result = beats_target_margin(
        None if value is None else D(value),
        None if target is None else D(target),
        polarity=polarity,
        margin=margin,
    )
    assert result is expected


# (facts, exception, reasons) under the default rules
DECISIONS: list[tuple[ExceptionFacts, ExceptionKind | None, tuple[Reason, ...]]] = [
    (ExceptionFacts(rag=Rag.GREEN, spc_provisional=False), None, ()),
    (ExceptionFacts(rag=Rag.AMBER, spc_provisional=False), None, ()),
    (ExceptionFacts(rag=Rag.RED), NEG, (Reason.RED,)),
    (
        ExceptionFacts(point_type="special_cause_concern", spc_provisional=False),
        NEG,
        (Reason.SPECIAL_CAUSE_CONCERN,),
    ),
    (ExceptionFacts(point_type="special_cause_concern", spc_provisional=True), None, ()),
    (
        ExceptionFacts(assurance_icon="consistent_fail", spc_provisional=False),
        NEG,
        (Reason.ASSURANCE_FAIL,),
    ),
    (ExceptionFacts(assurance_icon="consistent_fail", spc_provisional=True), None, ()),
    (ExceptionFacts(assurance_icon="consistent_pass", spc_provisional=False), None, ()),
    (ExceptionFacts(forecast_rag=Rag.RED), NEG, (Reason.FORECAST_RED,)),
    (ExceptionFacts(forecast_rag=Rag.AMBER), None, ()),
    (ExceptionFacts(beats_target_margin=True), POS, (Reason.BEATS_TARGET_MARGIN,)),
    (
        ExceptionFacts(point_type="special_cause_improvement", spc_provisional=False),
        POS,
        (Reason.SPECIAL_CAUSE_IMPROVEMENT,),
    ),
    (ExceptionFacts(point_type="special_cause_improvement", spc_provisional=True), None, ()),
    (ExceptionFacts(point_type="special_cause_neutral_high", spc_provisional=False), None, ()),
    # negative wins over positive, and every reason that fired is listed in table order
    (
        ExceptionFacts(rag=Rag.RED, point_type="special_cause_improvement", spc_provisional=False),
        NEG,
        (Reason.RED, Reason.SPECIAL_CAUSE_IMPROVEMENT),
    ),
    (
        ExceptionFacts(
            rag=Rag.RED,
            point_type="special_cause_concern",
            assurance_icon="consistent_fail",
            forecast_rag=Rag.RED,
            beats_target_margin=True,
            spc_provisional=False,
        ),
        NEG,
        (
            Reason.RED,
            Reason.SPECIAL_CAUSE_CONCERN,
            Reason.ASSURANCE_FAIL,
            Reason.FORECAST_RED,
            Reason.BEATS_TARGET_MARGIN,
        ),
    ),
    (
        ExceptionFacts(
            beats_target_margin=True, point_type="special_cause_improvement", spc_provisional=False
        ),
        POS,
        (Reason.BEATS_TARGET_MARGIN, Reason.SPECIAL_CAUSE_IMPROVEMENT),
    ),
]


def _facts_frame(facts: list[ExceptionFacts]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "rag": [f.rag.value for f in facts],
            "point_type": [f.point_type for f in facts],
            "assurance_icon": [f.assurance_icon for f in facts],
            "spc_provisional": [f.spc_provisional for f in facts],
            "forecast_rag": [
                None if f.forecast_rag is None else f.forecast_rag.value for f in facts
            ],
            "beats_target_margin": [f.beats_target_margin for f in facts],
        },
        schema={
            "rag": pl.String,
            "point_type": pl.String,
            "assurance_icon": pl.String,
            "spc_provisional": pl.Boolean,
            "forecast_rag": pl.String,
            "beats_target_margin": pl.Boolean,
        },
    )


@pytest.mark.parametrize(("facts", "exception", "reasons"), DECISIONS)
def test_decide(
    facts: ExceptionFacts, exception: ExceptionKind | None, reasons: tuple[Reason, ...]
) -> None:
    decision = decide(facts)
    assert (decision.exception, decision.reasons) == (exception, reasons)


def test_decide_frame_follows_the_same_table() -> None:
    result = decide_frame(_facts_frame([facts for facts, _, _ in DECISIONS]))
    assert result["exception"].to_list() == [
        None if e is None else e.value for _, e, _ in DECISIONS
    ]
    assert result["reasons"].to_list() == [[r.value for r in reasons] for *_, reasons in DECISIONS]


@pytest.mark.parametrize(
    ("enabled", "exception", "reasons"),
    [
        (
            {Reason.BEATS_TARGET_MARGIN, Reason.SPECIAL_CAUSE_IMPROVEMENT},
            POS,
            (Reason.BEATS_TARGET_MARGIN,),
        ),
        ({Reason.RED}, NEG, (Reason.RED,)),
        ({Reason.ASSURANCE_FAIL}, None, ()),
        (set(), None, ()),
    ],
)
def test_only_enabled_reasons_count(
    enabled: set[Reason], exception: ExceptionKind | None, reasons: tuple[Reason, ...]
) -> None:
    facts = ExceptionFacts(rag=Rag.RED, beats_target_margin=True)
    rules = ExceptionRules(reasons=frozenset(enabled))
    assert decide(facts, rules).exception == exception
    assert decide(facts, rules).reasons == reasons
    frame = decide_frame(_facts_frame([facts]), rules)
    assert frame["exception"].to_list() == [None if exception is None else exception.value]
    assert frame["reasons"].to_list() == [[r.value for r in reasons]]


# --- through the status engine: every reason from real series ---------------------------

QUARTERS = periods_between(parse_period("2021/22 Q1"), parse_period("2024/25 Q4"))


def _series(
    values: list[str],
    *,
    target: str | None = None,
    polarity: Polarity = UP,
    band: tuple[str, str] | None = None,
    spc: SpcSettings | None = None,
) -> SeriesInput:
    return SeriesInput(
        id="S",
        polarity=polarity,
        points=tuple(
            PointInput(
                period,
                D(value),
                None if target is None else D(target),
                None if band is None else (D(band[0]), D(band[1])),
            )
            for period, value in zip(QUARTERS, values, strict=False)
        ),
        spc=spc or SpcSettings(),
    )


STEADY = ["50", "52", "49", "51", "50", "48", "52", "50", "49", "51", "50", "51", "49", "50"]


def _latest(
    series: SeriesInput, rules: ExceptionRules | None = None
) -> tuple[str | None, list[str]]:
    (status,) = assess_series([series], rules or ExceptionRules())
    assert status.latest is not None
    exception = status.latest.exception
    return (
        None if exception is None else exception.value,
        [r.value for r in status.latest.reasons],
    )


def test_status_red() -> None:
    assert _latest(_series([*STEADY, "49"], target="51")) == ("negative", ["red"])


def test_status_special_cause_concern_needs_settled_limits() -> None:
    assert _latest(_series([*STEADY, "20"])) == ("negative", ["special_cause_concern"])
    assert _latest(_series([*STEADY, "80"], polarity=DOWN)) == (
        "negative",
        ["special_cause_concern"],
    )
    # ten points before the drop: eleven in the group, so the limits are still provisional
    assert _latest(_series([*STEADY[:10], "20"])) == (None, [])


def test_status_special_cause_improvement() -> None:
    assert _latest(_series([*STEADY, "80"])) == ("positive", ["special_cause_improvement"])
    assert _latest(_series([*STEADY[:10], "80"])) == (None, [])


def test_status_assurance_fail() -> None:
    spc = SpcSettings(target=D(100))
    assert _latest(_series(STEADY, spc=spc)) == ("negative", ["assurance_fail"])
    assert _latest(_series(STEADY[:11], spc=spc)) == (None, [])  # provisional limits
    assert _latest(_series(STEADY, spc=SpcSettings(target=D(10)))) == (None, [])  # pass


HIGH = [str(int(value) + 42) for value in STEADY]  # around 92, limits about 88 to 96


def test_status_beats_target_margin() -> None:
    assert _latest(_series([*HIGH[:-1], "93.5"], target="85")) == (
        "positive",
        ["beats_target_margin"],
    )
    assert _latest(_series([*HIGH[:-1], "93.49"], target="85")) == (None, [])
    # a spike is also a special cause, so both positive reasons fire, in table order
    assert _latest(_series([*HIGH, "110"], target="85")) == (
        "positive",
        ["beats_target_margin", "special_cause_improvement"],
    )
    # a band is never beaten by a margin, and nor is a target with polarity none
    assert _latest(_series([*HIGH[:-1], "93.5"], band=("80", "85"))) == ("negative", ["red"])
    assert _latest(_series([*HIGH[:-1], "93.5"], target="85", polarity=NONE)) == (None, [])


def test_status_margin_is_a_scorecard_setting() -> None:
    series = _series([*HIGH[:-1], "90"], target="85")
    assert _latest(series) == (None, [])
    absolute = ExceptionRules(positive_margin=Allowance(AllowanceKind.ABSOLUTE, D(5)))
    assert _latest(series, absolute) == ("positive", ["beats_target_margin"])


def test_status_negative_and_positive_together() -> None:
    series = _series([*STEADY, "80"], target="1000")
    assert _latest(series) == (
        "negative",
        ["red", "assurance_fail", "special_cause_improvement"],
    )


def test_status_spc_reasons_need_a_value_for_the_latest_period() -> None:
    series = _series([*STEADY, "20"])
    gap = SeriesInput(
        id="S",
        polarity=UP,
        points=(*series.points, PointInput(QUARTERS[len(STEADY) + 1], None, None)),
    )
    assert _latest(gap) == (None, [])
