"""Every problem in a file is reported as `row N, column X: message`; nothing is written."""

from __future__ import annotations

import pathlib
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from outturn.engine.periods import parse_period
from outturn.rounds.models import Round, RoundState
from outturn.scorecard.models import Indicator, Outturn, OutturnState
from outturn.transfer.services import ImportOutcome, outturns_import
from tests import factories
from tests.transfer.imports.conftest import good_rows

pytestmark = pytest.mark.django_db

WriteFile = Callable[..., pathlib.Path]


def run(
    write_file: WriteFile,
    rows: list[list[object]],
    by: User,
    *,
    round_: Round | None = None,
    period: str | None = None,
    name: str = "q1.csv",
    header: list[str] | None = None,
) -> ImportOutcome:
    path = write_file(rows, name=name, **({"header": header} if header else {}))
    return outturns_import(
        path=path,
        filename=name,
        by=by,
        round_=round_,
        period=parse_period(period) if period else None,
    )


def texts(outcome: ImportOutcome) -> list[str]:
    return [str(problem) for problem in outcome.problems]


def nothing_written() -> None:
    assert not Outturn.objects.exists()
    assert not Outturn.history.exists()


@pytest.fixture
def problems(
    write_file: WriteFile, owner: User, indicators: dict[str, Indicator], round_q1: Round
) -> Callable[..., list[str]]:
    """The problems a file of the owner's has, in the round's upload; asserts none written."""

    def check(rows: list[list[object]], **kwargs: object) -> list[str]:
        outcome = run(write_file, rows, owner, round_=round_q1, **kwargs)  # type: ignore[arg-type]
        assert not outcome.ok
        nothing_written()
        return texts(outcome)

    return check


def row(code: str, period: str, value: object = None, **cells: object) -> list[object]:
    return [
        code,
        "",
        period,
        value,
        cells.get("numerator"),
        cells.get("denominator"),
        cells.get("secondary_value"),
        cells.get("note", ""),
    ]


def test_one_bad_row_stops_the_whole_file(problems: Callable[..., list[str]]) -> None:
    rows = [*good_rows(), row("NOPE1", "2026/27 Q1", "5")]
    assert problems(rows) == [
        "row 6, column A (indicator_code): there is no indicator with the code “NOPE1”: "
        "check it against the template."
    ]


def test_every_problem_is_listed_in_file_order(problems: Callable[..., list[str]]) -> None:
    rows = [
        row("PCT1", "2026/27 Q1", "about 80"),
        row("CNT1", "Sometime 2026", "12"),
        row("OTH1", "2026/27 Q1", "3"),
        row("CNT1", "April 2026", "-4"),
        row("RATE1", "2026/27 Q1", None, numerator="lots", denominator="100"),
    ]
    found = problems(rows)
    assert found[0] == (
        "row 2, column D (value): 'about 80' is not a percentage. Expected a percentage such "
        "as 7.7%, 7.7 or 7.7% (548)."
    )
    assert found[1].startswith(
        "row 3, column C (period): 'Sometime 2026' is not a period I recognise"
    )
    assert found[2] == (
        "row 4, column A (indicator_code): you do not enter values for OTH1: only its data "
        "owner or the performance team may."
    )
    assert found[3] == ("row 5, column D (value): -4 is negative: a number cannot be below zero.")
    assert found[4].startswith("row 6, column E (numerator): The numerator 'lots' is not a number")
    assert len(found) == 5


def test_an_impossible_percentage(problems: Callable[..., list[str]]) -> None:
    assert problems([row("PCT1", "2026/27 Q1", "120%")]) == [
        "row 2, column D (value): 120% is above 100%: a share of a whole cannot be more than 100%."
    ]


def test_duplicate_rows(problems: Callable[..., list[str]]) -> None:
    rows = [
        row("PCT1", "2026/27 Q1", "50"),
        row("CNT1", "May 2026", "1"),
        row("PCT1", "2026/27 Q1", "51"),
    ]
    assert problems(rows) == [
        "row 4, column A (indicator_code): PCT1 for 2026/27 Q1 is already on row 2: give each "
        "indicator and period one row."
    ]


def test_a_period_outside_the_round_or_of_the_wrong_kind(
    problems: Callable[..., list[str]],
) -> None:
    rows = [
        row("PCT1", "2026/27 Q2", "50"),
        row("PCT1", "April 2026", "50"),
        row("CNT1", "2026/27 Q1", "50"),
    ]
    assert problems(rows) == [
        "row 2, column C (period): 2026/27 Q2 is not collected in the 2026/27 Q1 round (it "
        "belongs to 2026/27 Q2).",
        "row 3, column C (period): PCT1 is collected quarterly: April 2026 is not one of its "
        "periods.",
        "row 4, column C (period): CNT1 is collected monthly: 2026/27 Q1 is not one of its "
        "periods.",
    ]


def test_wrong_period_for_the_command(
    write_file: WriteFile, owner: User, indicators: dict[str, Indicator], round_q1: Round
) -> None:
    rows = [row("CNT1", "April 2026", "5"), row("CNT1", "May 2026", "6")]
    outcome = run(write_file, rows, owner, period="April 2026")
    assert texts(outcome) == [
        "row 3, column C (period): the period is May 2026, but this import is for April 2026."
    ]
    nothing_written()


def test_no_round_open_for_the_period(
    write_file: WriteFile, owner: User, indicators: dict[str, Indicator], round_q1: Round
) -> None:
    outcome = run(write_file, [row("CNT1", "July 2026", "5")], owner, period="July 2026")
    assert texts(outcome) == [
        "No data round is open for July 2026 (it is collected in the 2026/27 Q2 round): ask "
        "the performance team to open it."
    ]
    round_q1.state = RoundState.CLOSED
    round_q1.save()
    outcome = run(write_file, [row("CNT1", "April 2026", "5")], owner, round_=round_q1)
    assert texts(outcome) == ["The 2026/27 Q1 round is closed: values can no longer be imported."]


def test_a_missing_required_column_is_reported_once(problems: Callable[..., list[str]]) -> None:
    header = ["indicator_code", "value", "note"]
    rows = [["PCT1", "50", ""], ["CNT1", "3", ""], ["RATE1", "4", ""]]
    assert problems(rows, header=header) == [
        "row 1, column period: the required column period is missing: add a column headed "
        "period to the first row."
    ]


def test_no_value_column_is_fine_with_a_numerator_and_denominator(
    problems: Callable[..., list[str]],
) -> None:
    assert problems(
        [["RATE1", "2026/27 Q1", "1"]], header=["indicator_code", "period", "note"]
    ) == [
        "row 1, column value: the required column value is missing: add a column headed value "
        "to the first row."
    ]


def test_an_empty_file(
    tmp_path: pathlib.Path, owner: User, indicators: dict[str, Indicator], round_q1: Round
) -> None:
    for content in (b"", b"\n\n", b"\xef\xbb\xbf"):
        path = tmp_path / "empty.csv"
        path.write_bytes(content)
        outcome = outturns_import(path=path, filename="empty.csv", by=owner, round_=round_q1)
        assert texts(outcome) == [
            "The file is empty: download the template, fill in your figures and upload it again."
        ]


def test_a_header_and_no_figures(problems: Callable[..., list[str]]) -> None:
    assert problems([row("PCT1", "2026/27 Q1"), row("CNT1", "April 2026")]) == [
        "The file has no figures to import: every row's value, numerator, denominator, "
        "secondary value, note and explanation are blank."
    ]


def test_a_value_that_disagrees_with_its_numerator_and_denominator(
    problems: Callable[..., list[str]],
) -> None:
    rows = [
        row("RATE1", "2026/27 Q1", "12", numerator="31", denominator="26250"),
        row("CNT1", "April 2026", None, note="A note but no figure"),
        row("CNT1", "May 2026", "4", numerator="1", denominator="0"),
    ]
    assert problems(rows) == [
        "row 2, column D (value): the value 12 does not match 11.8, worked out from the "
        "numerator and denominator: correct it, or leave the value blank to use the "
        "worked-out figure.",
        "row 3, column D (value): enter a value, or both the numerator and the denominator "
        "to work it out from.",
        "row 4, column F (denominator): The denominator is 0: a value cannot be worked out "
        "from it.",
    ]


def test_values_already_beyond_draft_cannot_be_replaced(
    problems: Callable[..., list[str]], indicators: dict[str, Indicator]
) -> None:
    factories.outturn(indicators["PCT1"], "2026/27 Q1", "50", state=OutturnState.SUBMITTED)
    factories.outturn(indicators["CNT1"], "April 2026", "5", state=OutturnState.APPROVED)
    factories.outturn(
        indicators["CNT1"],
        "May 2026",
        "6",
        state=OutturnState.PUBLISHED,
        published_at=timezone.now(),
    )
    rows = [
        row("PCT1", "2026/27 Q1", "51"),
        row("CNT1", "April 2026", "7"),
        row("CNT1", "May 2026", "8"),
    ]
    with pytest.raises(AssertionError):
        problems(rows)  # the three stored values are there, so "nothing written" fails...
    assert Outturn.objects.count() == 3  # ...but they are untouched:
    assert sorted(Outturn.objects.values_list("value", flat=True)) == [5, 6, 50]
    assert not Outturn.history.filter(history_change_reason__startswith="Imported").exists()


def test_messages_for_values_beyond_draft(
    write_file: WriteFile, owner: User, indicators: dict[str, Indicator], round_q1: Round
) -> None:
    factories.outturn(indicators["PCT1"], "2026/27 Q1", "50", state=OutturnState.SUBMITTED)
    factories.outturn(indicators["CNT1"], "April 2026", "5", state=OutturnState.APPROVED)
    rows = [row("PCT1", "2026/27 Q1", "51"), row("CNT1", "April 2026", "7")]
    assert texts(run(write_file, rows, owner, round_=round_q1)) == [
        "row 2, column D (value): PCT1 for 2026/27 Q1 is already submitted: ask the head of "
        "service to return it if the figure needs to change, then import it again.",
        "row 3, column D (value): CNT1 for April 2026 is already approved, so an import "
        "cannot replace it: ask the performance team.",
    ]


def test_columns_the_template_does_not_have(problems: Callable[..., list[str]]) -> None:
    header = ["indicator_code", "period", "value", "Comments"]
    found = problems([["PCT1", "2026/27 Q1", "50", "fine"]], header=header)
    assert found == [
        "row 1, column D (Comments): “Comments” is not a column of the outturn template; the "
        "columns are indicator_code, indicator_title, period, value, numerator, denominator, "
        "secondary_value, note, explanation. Delete the column or rename it."
    ]


def test_a_cell_beyond_the_headed_columns(
    problems: Callable[..., list[str]], tmp_path: pathlib.Path, owner: User, round_q1: Round
) -> None:
    # A ragged CSV row: Polars refuses it, the csv module reads it, the cell is reported.
    path = tmp_path / "ragged.csv"
    path.write_text("indicator_code,period,value\nPCT1,2026/27 Q1,50\nCNT1,April 2026,4,oops\n")
    outcome = outturns_import(path=path, filename="ragged.csv", by=owner, round_=round_q1)
    assert texts(outcome) == [
        "row 3: the cell in column D has a value but its column has no heading: add the "
        "heading or clear the column."
    ]
    nothing_written()


def test_an_indicator_not_on_the_scorecard_that_year(
    problems: Callable[..., list[str]], indicators: dict[str, Indicator]
) -> None:
    indicator = indicators["PCT1"]
    indicator.active_to = parse_period("2025/26")
    indicator.save()
    assert problems([row("PCT1", "2026/27 Q1", "50")]) == [
        "row 2, column A (indicator_code): PCT1 is not on the scorecard in 2026/27."
    ]


def test_problems_in_a_workbook_name_its_rows_and_columns(
    problems: Callable[..., list[str]],
) -> None:
    rows = [row("PCT1", "2026/27 Q1", 50), row("CNT1", "April 2026", "twelve")]
    found = problems(rows, name="q1.xlsx")
    assert found == [
        "row 3, column D (value): 'twelve' is not a number. Expected a number such as 1,428, "
        "22.54m or 31 (11.8)."
    ]


def test_blank_rows_count_towards_row_numbers(problems: Callable[..., list[str]]) -> None:
    rows = [
        row("PCT1", "2026/27 Q1", "50"),
        ["", "", "", "", "", "", "", ""],
        row("CNT1", "Nope", "1"),
    ]
    assert problems(rows)[0].startswith("row 4, column C (period): 'Nope'")


def test_a_quoted_note_over_several_lines_is_one_row(
    tmp_path: pathlib.Path, owner: User, indicators: dict[str, Indicator], round_q1: Round
) -> None:
    path = tmp_path / "notes.csv"
    path.write_text(
        'indicator_code,period,value,note\nPCT1,2026/27 Q1,50,"line one\nline two"\n'
        "CNT1,April 2026,x,\n"
    )
    outcome = outturns_import(path=path, filename="notes.csv", by=owner, round_=round_q1)
    assert texts(outcome)[0].startswith("row 3, column C (value): 'x' is not a number")


def test_a_stored_value_survives_a_failed_import(
    write_file: WriteFile, owner: User, indicators: dict[str, Indicator], round_q1: Round
) -> None:
    draft = factories.outturn(indicators["PCT1"], "2026/27 Q1", "40", state=OutturnState.DRAFT)
    rows = [row("PCT1", "2026/27 Q1", "60"), row("NOPE", "2026/27 Q1", "1")]
    assert not run(write_file, rows, owner, round_=round_q1).ok
    draft.refresh_from_db()
    assert draft.value == Decimal(40) and draft.state == OutturnState.DRAFT
