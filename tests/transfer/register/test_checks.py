"""A register file is checked whole: every problem with its sheet, row and column, nothing
written unless it is clean; a clean file updates what exists and is harmless twice."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from outturn.engine.periods import parse_period
from outturn.rounds.models import Round, RoundState
from outturn.scorecard.models import Indicator, Outturn, OutturnState, Restatement, Target
from outturn.transfer.files import UnsafeFile
from outturn.transfer.register import kinds as k
from outturn.transfer.register.exporting import template_csv, template_workbook
from outturn.transfer.register.problems import RegisterProblems
from outturn.transfer.register.services import CREATED, RESTATED, UNCHANGED, UPDATED
from tests.transfer.register import helpers

BASE = {
    "directorates.csv": "code,name\r\nCHI,Children's Services\r\n",
    "service_units.csv": "code,name,directorate_code\r\nEH,Early Help,CHI\r\n",
    "priorities.csv": "code,name,order\r\nSTART,A good start,1\r\n",
    "indicators.csv": (
        "code,title,description,polarity,unit,frequency,directorate_code,service_unit_code,"
        "priority_code,active_from\r\n"
        "EH-01,Reduce repeat referrals,Share of families referred again,down,percentage,"
        "quarterly,CHI,EH,START,2020/21\r\n"
    ),
    "outturns.csv": (
        "indicator_code,period,value,note\r\n"
        "EH-01,2024/25 Q1,18.2%,First quarter\r\n"
        "EH-01,2024/25 Q2,17.9,\r\n"
    ),
}


def _encode(files: dict[str, str]) -> dict[str, bytes]:
    return {name: text.encode("utf-8") for name, text in files.items()}


def _problems(files: dict[str, bytes]) -> list[str]:
    with pytest.raises(RegisterProblems) as raised:
        helpers.import_bytes(files, by=helpers.team_member())
    return [str(problem) for problem in raised.value.problems]


def _workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


@pytest.fixture
def base() -> None:
    helpers.import_bytes(_encode(BASE), by=helpers.team_member())


@pytest.mark.django_db
def test_every_problem_is_reported_with_sheet_row_and_column_and_nothing_is_written() -> None:
    bad = _workbook(
        {
            "Directorates": [["code", "name"], ["CHI", "Children's Services"]],
            "Indicators": [
                [
                    "code",
                    "title",
                    "polarity",
                    "unit",
                    "frequency",
                    "decimals",
                    "directorate_code",
                    "service_unit_code",
                    "priority_code",
                    "active_from",
                ],
                ["OK-1", "Fine", "up", "number", "quarterly", 0, "CHI", "NOPE", "P", "2020/21"],
                ["BAD 2", "Bad", "sideways", "percentage", "weekly", 9, "XX", "NOPE", "P", "2019"],
            ],
            "Targets": [
                ["indicator_code", "period", "band_low", "band_high"],
                ["OK-1", "2024/25", 10, 5],
                ["GHOST", "2024/25", 1, 2],
            ],
            "Outturns": [
                ["indicator_code", "period", "value"],
                ["OK-1", "2024/25 Q1", "n/a"],
                ["OK-1", "2024/25", 5],
                ["OK-1", "2024/25 Q2", "-3"],
                ["OK-1", "2024/25 Q2", "4"],
                ["OK-1", "2024/25 Q3", None],
            ],
            "Indicator notes": [["anything"]],
        }
    )

    problems = _problems({"bad.xlsx": bad})

    expected = [
        "sheet Indicator notes: Outturn does not know what this sheet holds",
        "sheet Indicators, row 2, column service_unit_code: there is no service unit with the "
        "code 'NOPE'",
        "sheet Indicators, row 2, column priority_code: there is no corporate priority with the "
        "code 'P'",
        "sheet Indicators, row 3, column code: 'BAD 2' is not a code",
        "sheet Indicators, row 3, column polarity: 'sideways' is not one of the allowed values: "
        "up, down, none",
        "sheet Indicators, row 3, column frequency: 'weekly' is not one of the allowed values",
        "sheet Indicators, row 3, column decimals: 9 is not a whole number from 0 to 6",
        "sheet Indicators, row 3, column directorate_code: there is no directorate with the "
        "code 'XX'",
        "sheet Indicators, row 3, column active_from: '2019' is not a period I recognise",
        "sheet Targets, row 2, column band_high: the band's top (5) is below its bottom (10)",
        "sheet Targets, row 3, column indicator_code: there is no indicator with the code 'GHOST'",
        "sheet Outturns, row 2, column value: 'n/a' is not a number",
        "sheet Outturns, row 3, column period: 2024/25 is a financial year, but OK-1 is reported "
        "quarterly: give a quarter",
        "sheet Outturns, row 4, column value: -3 is negative: a number cannot be below zero.",
        "sheet Outturns, row 5, column period: OK-1 2024/25 Q2 is already on row 4",
        "sheet Outturns, row 6, column value: enter the value, or both a numerator and a "
        "denominator",
    ]
    for start in expected:
        assert any(problem.startswith(start) for problem in problems), (start, problems)
    assert Indicator.objects.count() == 0
    assert Outturn.objects.count() == 0


@pytest.mark.django_db
def test_missing_and_unknown_columns_are_reported_on_the_header_row() -> None:
    files = _encode({"indicators.csv": "code,titel,polarity\r\nX,Y,up\r\n"})
    problems = _problems(files)
    assert (
        "sheet indicators.csv, row 1, column titel (B): 'titel' is not a column"
        in (
            problems[0][
                : len("sheet indicators.csv, row 1, column titel (B): 'titel' is not a column")
            ]
        )
    )
    for column in ("title", "unit", "frequency", "directorate_code", "active_from"):
        assert (
            f"sheet indicators.csv, row 1, column {column}: this required column is missing "
            "from the sheet"
        ) in problems


@pytest.mark.django_db
def test_the_templates_describe_every_column_and_their_example_rows_are_refused() -> None:
    workbook = load_workbook(io.BytesIO(template_workbook()))
    assert workbook.sheetnames == [k.README_SHEET, *(kind.sheet for kind in k.KINDS)]
    readme = [row for row in workbook[k.README_SHEET].iter_rows(values_only=True)]
    described = {(row[0], row[1]) for row in readme}
    for kind in k.KINDS:
        header = [cell.value for cell in workbook[kind.sheet][1]]
        assert header == [column.name for column in kind.columns]
        for column in kind.columns:
            assert (kind.sheet, column.name) in described
    assert template_csv(k.OUTTURNS).decode("utf-8-sig").splitlines()[0] == (
        "indicator_code,period,value,numerator,denominator,secondary_value,note,published_at"
    )

    problems = _problems({"template.xlsx": template_workbook()})
    assert (
        "sheet Directorates, row 2: this is the template's example row: delete it, or "
        "replace it with your own figures"
    ) in problems
    assert Indicator.objects.count() == 0


@pytest.mark.django_db
def test_a_set_of_csv_files_imports_and_updates_keep_their_history(base: None) -> None:
    indicator = Indicator.objects.get(code="EH-01")
    assert indicator.title == "Reduce repeat referrals"
    assert Outturn.objects.get(period=parse_period("2024/25 Q1")).value == Decimal("18.2")

    renamed = dict(BASE)
    renamed["indicators.csv"] = BASE["indicators.csv"].replace(
        "Reduce repeat referrals", "Reduce repeat referrals to Early Help"
    )
    summary = helpers.import_bytes(_encode(renamed), by=helpers.team_member())

    actions = {(change.kind.slug, change.label): change.action for change in summary.changes}
    assert actions[("indicators", "EH-01")] == UPDATED
    assert actions[("directorates", "CHI")] == UNCHANGED
    assert actions[("outturns", "EH-01 2024/25 Q1")] == UNCHANGED
    history = Indicator.objects.get(code="EH-01").history.order_by("history_date")  # type: ignore[attr-defined]
    assert [h.title for h in history] == [
        "Reduce repeat referrals",
        "Reduce repeat referrals to Early Help",
    ]
    assert history.last().history_change_reason.startswith("Imported from")
    assert history.last().history_user.username == "perf"


@pytest.mark.django_db
def test_a_missing_column_leaves_the_field_alone_and_a_blank_cell_clears_it(base: None) -> None:
    without_description = (
        "code,title,polarity,unit,frequency,directorate_code,service_unit_code,priority_code,"
        "active_from\r\nEH-01,Reduce repeat referrals,down,percentage,quarterly,CHI,EH,START,"
        "2020/21\r\n"
    )
    helpers.import_bytes(_encode({"indicators.csv": without_description}), by=helpers.team_member())
    assert Indicator.objects.get(code="EH-01").description == "Share of families referred again"

    blank = BASE["indicators.csv"].replace("Share of families referred again", "")
    helpers.import_bytes(_encode({"indicators.csv": blank}), by=helpers.team_member())
    assert Indicator.objects.get(code="EH-01").description == ""


@pytest.mark.django_db
def test_a_changed_published_figure_is_restated_with_the_file_as_reason(base: None) -> None:
    changed = {"outturns.csv": BASE["outturns.csv"].replace("18.2%", "18.4%")}

    summary = helpers.import_bytes(_encode(changed), by=helpers.team_member())

    assert [c.action for c in summary.changes] == [RESTATED, UNCHANGED]
    restatement = Restatement.objects.get()
    assert (restatement.previous_value, restatement.new_value) == (Decimal("18.2"), Decimal("18.4"))
    assert restatement.reason == "Imported from outturns.csv"
    assert Outturn.objects.get(period=parse_period("2024/25 Q1")).value == Decimal("18.4")


@pytest.mark.django_db
def test_values_in_a_data_round_are_not_overwritten_as_history(base: None) -> None:
    indicator = Indicator.objects.get(code="EH-01")
    Outturn.objects.create(
        indicator=indicator,
        period=parse_period("2024/25 Q3"),
        value=Decimal(17),
        state=OutturnState.SUBMITTED,
    )
    Round.objects.create(
        period=parse_period("2024/25 Q4"),
        deadline=timezone.now().date(),
        state=RoundState.OPEN,
        opened_at=timezone.now(),
    )
    rows = "indicator_code,period,value\r\nEH-01,2024/25 Q3,16\r\nEH-01,2024/25 Q4,15\r\n"

    problems = _problems(_encode({"outturns.csv": rows}))

    assert problems == [
        "sheet outturns.csv, row 2, column period: EH-01 2024/25 Q3 is submitted in a data "
        "round: finish it there rather than importing it as history",
        "sheet outturns.csv, row 3, column period: the data round for 2024/25 Q4 is open: "
        "enter 2024/25 Q4 through the round, not as history",
    ]
    assert Outturn.objects.get(period=parse_period("2024/25 Q3")).value == Decimal(17)


@pytest.mark.django_db
def test_a_dry_run_writes_nothing_but_says_what_would_change() -> None:
    summary = helpers.import_bytes(_encode(BASE), by=helpers.team_member(), dry_run=True)

    assert summary.dry_run
    assert {c.action for c in summary.changes} == {CREATED}
    assert len(summary.changes) == 6
    assert Indicator.objects.count() == 0
    assert "Outturns: 2 created" in summary.describe()


@pytest.mark.django_db
def test_targets_need_their_annual_target_and_benchmark(base: None) -> None:
    rows = (
        "indicator_code,period,value,benchmark_group,benchmark_period,profiled_from\r\n"
        "EH-01,2023/24 Q1,18,,,2023/24\r\n"
        "EH-01,2024/25 Q1,18,,,2023/24\r\n"
        "EH-01,2024/25,17,NAT,2023/24,\r\n"
        "EH-01,2024/25 Q2,17,,,2024/25\r\n"
    )
    problems = _problems(_encode({"targets.csv": rows}))
    assert problems == [
        "sheet targets.csv, row 2, column profiled_from: EH-01 has no annual target for "
        "2023/24 on the Targets sheet or in Outturn",
        "sheet targets.csv, row 3, column profiled_from: 2024/25 Q1 is not in the financial "
        "year 2023/24",
        "sheet targets.csv, row 4, column benchmark_group: there is no comparator group with "
        "the code 'NAT' on the Comparator groups sheet or in Outturn",
    ]
    assert Target.objects.count() == 0


@pytest.mark.django_db
def test_only_the_performance_team_imports() -> None:
    someone = helpers.team_member("someone")
    someone.is_superuser = False
    someone.save(update_fields=["is_superuser"])
    with pytest.raises(PermissionDenied):
        helpers.import_bytes(_encode(BASE), by=someone)


@pytest.mark.django_db
def test_a_file_that_is_not_what_it_claims_is_refused_before_reading() -> None:
    with pytest.raises(UnsafeFile):
        helpers.read_bytes({"register.xlsx": b"code,name\r\nCHI,Children\r\n"})
    with pytest.raises(UnsafeFile):
        helpers.read_bytes(
            {"register.xlsx": _workbook({"Outturns": [["a"]]}), "outturns.csv": b"a\r\n"}
        )


@pytest.mark.django_db
def test_a_published_indicator_keeps_its_polarity_and_unit(base: None) -> None:
    """Changing how a published indicator is rated would re-rate years already reported."""
    flipped = dict(BASE)
    flipped["indicators.csv"] = BASE["indicators.csv"].replace(",down,percentage,", ",up,number,")

    problems = _problems(_encode(flipped))

    assert any("indicators.csv, row 2, column polarity" in p for p in problems), problems
    assert any("column unit" in p and "retire it" in p for p in problems), problems
    assert Indicator.objects.get(code="EH-01").polarity == "down"
