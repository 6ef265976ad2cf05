"""``outturn assess``: the worked example, the JSON shapes, and bad input refused with exit 2."""

from __future__ import annotations

import copy
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from outturn.engine.assess import AssessInputError, assess_document, load

DATA = Path(__file__).parent / "data"
EXAMPLE_INPUT = DATA / "assess-example-input.json"
EXAMPLE_OUTPUT = DATA / "assess-example-output.json"


def _example() -> dict[str, Any]:
    return load(EXAMPLE_INPUT.read_text())


def test_worked_example_matches_exactly() -> None:
    expected = json.loads(EXAMPLE_OUTPUT.read_text())
    assert assess_document(_example()) == expected


def test_worked_example_through_the_command(tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("assess", str(EXAMPLE_INPUT), stdout=out)
    assert json.loads(out.getvalue()) == json.loads(EXAMPLE_OUTPUT.read_text())


def test_command_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(EXAMPLE_INPUT.read_text()))
    out = io.StringIO()
    call_command("assess", stdout=out)
    assert json.loads(out.getvalue()) == json.loads(EXAMPLE_OUTPUT.read_text())


def test_console_script_end_to_end() -> None:
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "outturn.cli", "assess", str(EXAMPLE_INPUT)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == json.loads(EXAMPLE_OUTPUT.read_text())


def test_console_script_refuses_bad_input_with_status_2() -> None:
    document = _example()
    document["series"][0]["points"][1]["period"] = "2025 Q5"
    done = subprocess.run(
        [sys.executable, "-m", "outturn.cli", "assess"],
        input=json.dumps(document, default=str),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith('series "EX1", points[1].period: ')
    assert "'2025 Q5' is not a period" in done.stderr


def _mutated(change: Any) -> dict[str, Any]:
    document = copy.deepcopy(_example())
    change(document)
    return document


def _ex1(document: dict[str, Any]) -> dict[str, Any]:
    return document["series"][0]


BAD_INPUT = [
    (lambda d: _ex1(d).update(polarity="sideways"), 'series "EX1", polarity: ', "'sideways'"),
    (
        lambda d: _ex1(d)["points"][1].update(period="2025 Q5"),
        'series "EX1", points[1].period: ',
        "not a period",
    ),
    (
        lambda d: _ex1(d)["points"][2].update(value="ninety"),
        'series "EX1", points[2].value: ',
        "not a number",
    ),
    (
        lambda d: _ex1(d)["points"][2].update(value=True),
        'series "EX1", points[2].value: ',
        "not a number",
    ),
    (
        lambda d: _ex1(d)["points"][0].update(target="9x"),
        'series "EX1", points[0].target: ',
        "not a number",
    ),
    (
        lambda d: _ex1(d)["points"][2].update(period="Q1 2025/26"),
        'series "EX1", points[2].period: ',
        "appears twice",
    ),
    (
        lambda d: _ex1(d)["points"][2].update(period="May 2025"),
        'series "EX1", points[2].period: ',
        "one kind",
    ),
    (
        lambda d: _ex1(d)["points"][0].update(target=None, target_band=[90, 80]),
        'series "EX1", points[0].target_band: ',
        "upside down",
    ),
    (
        lambda d: _ex1(d)["points"][0].update(target_band=[80, 90]),
        'series "EX1", points[0].target_band: ',
        "not both",
    ),
    (lambda d: _ex1(d).pop("id"), "series[0], id: ", "missing"),
    (lambda d: _ex1(d).pop("points"), 'series "EX1", points: ', "missing"),
    (lambda d: _ex1(d).update(points=[]), 'series "EX1", points: ', "at least one"),
    (lambda d: _ex1(d).pop("polarity"), 'series "EX1", polarity: ', "missing"),
    (
        lambda d: _ex1(d).update(tolerance={"kind": "percent", "value": 1}),
        'series "EX1", tolerance.kind: ',
        "'percent'",
    ),
    (
        lambda d: _ex1(d).update(tolerance={"kind": "absolute", "value": -1}),
        'series "EX1", tolerance.value: ',
        "negative",
    ),
    (
        lambda d: _ex1(d).update(tolerence={"kind": "absolute", "value": 1}),
        'series "EX1", tolerence: ',
        "unknown field",
    ),
    (lambda d: _ex1(d).update(aggregation="sum"), 'series "EX1", aggregation: ', "'sum'"),
    (
        lambda d: _ex1(d).update(annual_targets={"2025/26 Q1": 5}),
        'series "EX1", annual_targets["2025/26 Q1"]: ',
        "not a financial year",
    ),
    (
        lambda d: _ex1(d)["benchmarks"][1].update(period="someday"),
        'series "EX1", benchmarks[1].period: ',
        "not a period",
    ),
    (
        lambda d: _ex1(d).update(peers=[{"group": "SN", "period": "2024/25", "values": [1, "x"]}]),
        'series "EX1", peers[0].values[1]: ',
        "not a number",
    ),
    (
        lambda d: _ex1(d).update(spc={"improvement_direction": "up"}),
        'series "EX1", spc.improvement_direction: ',
        "'up'",
    ),
    (
        lambda d: _ex1(d).update(spc={"fix_after_n_points": 11}),
        'series "EX1", spc.fix_after_n_points: ',
        "at least 12",
    ),
    (
        lambda d: _ex1(d).update(spc={"rebase_at": ["May 2025"]}),
        'series "EX1", spc.rebase_at[0]: ',
        "quarter",
    ),
    (
        lambda d: _ex1(d).update(spc={"screen_outliers": "yes"}),
        'series "EX1", spc.screen_outliers: ',
        "true or false",
    ),
    (lambda d: d["series"][1].update(id="EX1"), 'series "EX1", id: ', "unique"),
    (lambda d: d["rules"].update(reasons=["red", "purple"]), "rules, reasons[1]: ", "'purple'"),
    (
        lambda d: d["rules"].update(positive_margin={"kind": "relative"}),
        "rules, positive_margin: ",
        "value",
    ),
    (lambda d: d.pop("series"), "input, series: ", "missing"),
]


@pytest.mark.parametrize(("change", "prefix", "detail"), BAD_INPUT)
def test_bad_input_names_the_series_and_the_field(change: Any, prefix: str, detail: str) -> None:
    with pytest.raises(AssessInputError) as caught:
        assess_document(_mutated(change))
    message = str(caught.value)
    assert message.startswith(prefix)
    assert detail in message


@pytest.mark.parametrize(("change", "prefix", "detail"), BAD_INPUT[:4])
def test_command_exits_2_with_nothing_on_stdout(
    change: Any, prefix: str, detail: str, tmp_path: Path
) -> None:
    source = tmp_path / "input.json"
    source.write_text(json.dumps(_mutated(change), default=str))
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("assess", str(source), stdout=out)
    assert caught.value.returncode == 2
    assert str(caught.value).startswith(prefix)
    assert out.getvalue() == ""


@pytest.mark.parametrize(
    "text",
    [
        "{not json",
        '{"series": [{"id": "A", "polarity": "up", '
        '"points": [{"period": "2025/26", "value": NaN}]}]}',
    ],
)
def test_invalid_json_is_refused(text: str) -> None:
    with pytest.raises(AssessInputError):
        assess_document(load(text))


def test_numbers_may_be_strings_and_are_echoed_plain() -> None:
    document = {
        "series": [
            {
                "id": "A",
                "polarity": "up",
                "tolerance": {"kind": "relative", "value": "0.10"},
                "points": [
                    {"period": "2025-26", "value": "1.50", "target": 1.5e2},
                    {"period": "FY2026/27", "value": 93.50, "target": "85.0"},
                ],
            }
        ]
    }
    result = assess_document(load(json.dumps(document)))
    periods = result["series"][0]["periods"]
    assert [(p["period"], p["value"], p["target"]) for p in periods] == [
        ("2025/26", "1.5", "150"),
        ("2026/27", "93.5", "85"),
    ]
    assert periods[0]["rag"] == "red"
    latest = result["series"][0]["latest"]
    assert latest["exception"] == "positive"
    assert latest["reasons"] == ["beats_target_margin"]


def test_bands_nulls_and_missing_periods_in_the_output() -> None:
    document = {
        "series": [
            {
                "id": "B",
                "polarity": "down",
                "points": [
                    {"period": "2025/26 Q1", "value": 85, "target": None, "target_band": [80, 90]},
                    {"period": "2025/26 Q3", "value": None, "target": 10},
                ],
            }
        ]
    }
    (series,) = assess_document(document)["series"]
    assert series["periods"][0] == {
        "period": "2025/26 Q1",
        "value": "85",
        "target": None,
        "target_band": ["80", "90"],
        "rag": "green",
        "direction_previous": "not_comparable",
        "direction_year": "not_comparable",
    }
    assert series["periods"][1]["value"] is None
    assert series["periods"][1]["rag"] == "not_rated"
    assert series["missing_periods"] == ["2025/26 Q2"]
    assert series["latest"]["period"] == "2025/26 Q3"
    assert series["spc"]["points"] == [
        {
            "period": "2025/26 Q1",
            "value": "85",
            "special_cause_type": "Common Cause",
            "point_type": "common_cause",
        }
    ]
    (group,) = series["spc"]["groups"]
    assert (group["mean"], group["lpl"], group["upl"]) == (85.0, None, None)
    assert series["spc"]["assurance_icon"] is None


def test_forecast_and_peers_in_the_output() -> None:
    document = {
        "rules": {"reasons": ["red", "forecast_red"]},
        "series": [
            {
                "id": "C",
                "polarity": "down",
                "aggregation": "cumulative",
                "annual_targets": {"2025-26": 50},
                "points": [
                    {"period": "Q1 2025-26", "value": 9, "target": None},
                    {"period": "Q2 2025-26", "value": 20, "target": None},
                    {"period": "Q3 2025-26", "value": 31, "target": None},
                ],
                "peers": [
                    {
                        "group": "Statistical neighbours",
                        "period": "2025/26 Q3",
                        "values": [25, 31, 40, None],
                    },
                    {"group": "Region", "period": "2024/25 Q3", "values": [1, 2]},
                ],
            }
        ],
    }
    (series,) = assess_document(document)["series"]
    latest = series["latest"]
    assert latest["forecast"] == {
        "period": "2025/26",
        "value": "41.333333",
        "method": "linear",
        "annual_target": "50",
        "rag": "green",
    }
    assert latest["benchmarks"] == [
        {
            "group": "Statistical neighbours",
            "period": "2025/26 Q3",
            "value": "31",
            "rank": 2,
            "of": 4,
            "quartile": 2,
        },
        {
            "group": "Region",
            "period": "2024/25 Q3",
            "value": None,
            "rank": None,
            "of": None,
            "quartile": None,
        },
    ]
    assert (latest["exception"], latest["reasons"]) == (None, [])


def test_output_is_strict_json() -> None:
    text = json.dumps(assess_document(_example()), allow_nan=False)
    assert "NaN" not in text
