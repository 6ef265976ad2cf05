"""The shared SPC test vectors (SPC.md section 12), one test per vector.

The vectors' format is not the engine's: this module maps options and expectations
between them. The repository keeps its own copy of the vectors so the suite runs on
its own; the shared directory beside the repository is the fallback.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from outturn.engine.spc import SpcGroup, SpcOptions, analyse, assurance_icon, rules

_REPO_COPY = Path(__file__).resolve().parent / "data" / "spc_vectors.json"
_SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "spc" / "vectors.json"


def _load_vectors() -> list[dict[str, Any]]:
    for path in (_REPO_COPY, _SHARED):
        if path.exists():
            vectors: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
            return vectors
    raise FileNotFoundError(f"no SPC vectors at {_REPO_COPY} or {_SHARED}")


VECTORS = _load_vectors()


def _by_kind(kind: str) -> list[Any]:
    return [pytest.param(v, id=v["name"]) for v in VECTORS if v["kind"] == kind]


def test_every_vector_kind_is_handled() -> None:
    assert {v["kind"] for v in VECTORS} <= {"series", "assurance_only", "rule_helper"}
    assert len({v["name"] for v in VECTORS}) == len(VECTORS)


def _close(actual: float | None, expected: float | None, tolerance: float) -> bool:
    if expected is None or actual is None:
        return actual is None and expected is None
    return math.isclose(actual, expected, rel_tol=0, abs_tol=tolerance)


@pytest.mark.parametrize("vector", _by_kind("series"))
def test_series_vector(vector: dict[str, Any]) -> None:
    options, expected = vector["options"], vector["expected"]
    result = analyse(
        vector["values"],
        SpcOptions(
            improvement_direction=options["improvement_direction"],
            target=options["target"],
            rebase_at=tuple(options["rebase_at"]),
            fix_after_n_points=options["fix_after_n_points"],
            screen_outliers=options["screen_outliers"],
        ),
    )
    expected_groups = expected.get("groups") or [
        {
            "start": 0,
            "end": len(vector["values"]),
            "mean": expected["mean"],
            "lpl": expected["lpl"],
            "upl": expected["upl"],
        }
    ]
    assert [(g.start, g.end) for g in result.groups] == [
        (g["start"], g["end"]) for g in expected_groups
    ]
    for group, wanted in zip(result.groups, expected_groups, strict=True):
        for field in ("mean", "lpl", "upl"):
            actual = getattr(group, field)
            assert _close(actual, wanted[field], vector["tolerance"]), (field, actual, wanted)
    assert list(result.special_cause_type) == expected["special_cause_type"]
    assert list(result.point_type) == expected["point_type"]
    assert result.variation_icon == expected["variation_icon"]
    assert result.assurance_icon == expected["assurance_icon"]
    assert result.provisional == (_last(result.groups).end - _last(result.groups).start < 12)


def _last(groups: tuple[SpcGroup, ...]) -> SpcGroup:
    return groups[-1]


@pytest.mark.parametrize("vector", _by_kind("assurance_only"))
def test_assurance_vector(vector: dict[str, Any]) -> None:
    options = vector["options"]
    icon = assurance_icon(
        options["lpl"], options["upl"], options["target"], options["improvement_direction"]
    )
    assert icon == vector["expected"]["assurance_icon"]


def _one_segment(columns: dict[str, list[int]]) -> pl.DataFrame:
    """A frame of one unbroken segment: every row linked to the row before it."""
    length = len(next(iter(columns.values())))
    return pl.DataFrame(
        {**columns, "link": [index > 0 for index in range(length)]},
        schema={**dict.fromkeys(columns, pl.Int64), "link": pl.Boolean},
    )


def _rule_output(rule: str, case_input: Any) -> list[int]:
    """Run one helper case through the engine's rule expression that plays its part."""
    link = pl.col("link")
    if rule in ("two_in_three_any_window", "two_in_three_flagged"):
        frame = _one_segment({"band": case_input["close"], "side": case_input["side"]})
        band = pl.col("band").cast(pl.Boolean)
        window_end = rules.two_in_three_window_end(band, pl.col("side"), link)
        if rule == "two_in_three_any_window":
            expression = rules.window_members(window_end, rules.TWO_IN_THREE_LENGTH)
        else:
            expression = rules.two_in_three_flagged(band, window_end)
    elif rule == "run_window_end":
        frame = _one_segment({"side": case_input})
        expression = rules.run_window_end(pl.col("side"), link)
    elif rule == "part_of_window":
        frame = _one_segment({"marker": case_input})
        expression = rules.window_members(pl.col("marker") != 0, rules.RUN_LENGTH)
    elif rule == "trend_window_end":
        frame = _one_segment({"value": case_input})
        expression = rules.trend_window_end(pl.col("value"), link)
    else:
        raise AssertionError(f"unmapped rule helper {rule!r}")
    return frame.select(expression.cast(pl.Int64).alias("out"))["out"].to_list()


@pytest.mark.parametrize("vector", _by_kind("rule_helper"))
def test_rule_helper_vector(vector: dict[str, Any]) -> None:
    rule = vector["options"]["rule"]
    cases = vector["options"]["cases"]
    assert [case["output"] for case in cases] == vector["expected"]["outputs"]
    for case in cases:
        assert _rule_output(rule, case["input"]) == case["output"], case
