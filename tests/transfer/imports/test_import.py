"""A clean file is imported whole: submitted values, drafts replaced, audit history kept."""

from __future__ import annotations

import io
import pathlib
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from openpyxl import Workbook

from outturn.engine.periods import parse_period
from outturn.rounds.models import Round
from outturn.scorecard.models import Indicator, Outturn, OutturnState
from outturn.transfer import services
from outturn.transfer.outturns.columns import COLUMNS
from outturn.transfer.services import outturns_import
from tests import factories
from tests.transfer.imports.conftest import good_rows

pytestmark = pytest.mark.django_db

WriteFile = Callable[..., pathlib.Path]


def stored() -> dict[tuple[str, str], Outturn]:
    return {
        (o.indicator.code, str(o.period)): o
        for o in Outturn.objects.select_related("indicator", "entered_by")
    }


@pytest.mark.parametrize("name", ["q1.csv", "q1.xlsx"])
def test_a_clean_file_is_imported_as_submitted_values(
    write_file: WriteFile,
    owner: User,
    indicators: dict[str, Indicator],
    round_q1: Round,
    name: str,
) -> None:
    outcome = outturns_import(
        path=write_file(good_rows(), name=name), filename=name, by=owner, round_=round_q1
    )

    assert outcome.ok, outcome.problems
    assert (outcome.created, outcome.replaced) == (4, 0)
    values = stored()
    assert {key: o.value for key, o in values.items()} == {
        ("PCT1", "2026/27 Q1"): Decimal("83.5"),
        ("CNT1", "April 2026"): Decimal(1428),
        ("CNT1", "May 2026"): Decimal(1500),
        ("RATE1", "2026/27 Q1"): Decimal("11.8"),  # 31 / 26,250 per 10,000, to 1 place
    }
    rate = values["RATE1", "2026/27 Q1"]
    assert (rate.numerator, rate.denominator) == (Decimal(31), Decimal(26250))
    assert values["CNT1", "May 2026"].secondary_value == Decimal(12)
    assert values["CNT1", "May 2026"].note == "=SUM(A1)"
    assert values["PCT1", "2026/27 Q1"].note == "Up again"
    for outturn in values.values():
        assert outturn.state == OutturnState.SUBMITTED
        assert outturn.entered_by == owner and outturn.entered_at is not None
        assert outturn.explanation == "" and outturn.approved_by is None


def test_the_audit_history_names_the_importer_and_the_file(
    write_file: WriteFile, owner: User, indicators: dict[str, Indicator], round_q1: Round
) -> None:
    outturns_import(
        path=write_file(good_rows()), filename="q1 figures.csv", by=owner, round_=round_q1
    )

    history = list(Outturn.history.order_by("history_id"))
    assert len(history) == 4
    outturns = {o.pk: o for o in Outturn.objects.all()}
    for record in history:
        assert record.history_type == "+"
        assert record.history_user == owner
        assert record.history_change_reason == "Imported from q1 figures.csv"
        outturn = outturns[record.id]
        assert (record.value, record.state, record.note) == (
            outturn.value,
            "submitted",
            outturn.note,
        )
        assert record.history_date == outturn.entered_at
        assert record.entered_by_id == owner.pk


def test_drafts_and_returned_values_are_replaced_and_recorded_as_changes(
    write_file: WriteFile, owner: User, indicators: dict[str, Indicator], round_q1: Round
) -> None:
    draft = factories.outturn(indicators["PCT1"], "2026/27 Q1", "40", note="first go")
    returned = factories.outturn(
        indicators["CNT1"],
        "April 2026",
        "9",
        state=OutturnState.RETURNED,
        review_comment="Check April",
        explanation="An odd month",
    )
    outcome = outturns_import(
        path=write_file(good_rows()), filename="q1.csv", by=owner, round_=round_q1
    )

    assert (outcome.created, outcome.replaced) == (2, 2)
    draft.refresh_from_db()
    returned.refresh_from_db()
    assert (draft.value, draft.note, draft.state) == (Decimal("83.5"), "Up again", "submitted")
    assert (returned.value, returned.state) == (Decimal(1428), "submitted")
    assert returned.explanation == "An odd month"  # kept: the file has no explanation column
    changes = Outturn.history.filter(history_type="~")
    assert sorted(changes.values_list("id", flat=True)) == sorted([draft.pk, returned.pk])
    assert set(changes.values_list("history_change_reason", flat=True)) == {"Imported from q1.csv"}
    assert Outturn.objects.count() == 4


def test_the_performance_team_imports_for_anyone(
    write_file: WriteFile, team: User, indicators: dict[str, Indicator], round_q1: Round
) -> None:
    rows = [["OTH1", "", "2026/27 Q1", "7", None, None, None, ""], *good_rows()]
    outcome = outturns_import(path=write_file(rows), filename="q1.csv", by=team, round_=round_q1)
    assert outcome.ok and outcome.created == 5
    assert set(Outturn.objects.values_list("entered_by", flat=True)) == {team.pk}


def test_a_data_owner_cannot_import_someone_elses_indicator(
    write_file: WriteFile, someone_else: User, indicators: dict[str, Indicator], round_q1: Round
) -> None:
    outcome = outturns_import(
        path=write_file(good_rows()), filename="q1.csv", by=someone_else, round_=round_q1
    )
    assert [p.row for p in outcome.problems] == [2, 3, 4, 5]
    assert all("you do not enter values for" in p.message for p in outcome.problems)
    assert not Outturn.objects.exists()


def test_rows_without_figures_are_skipped(
    write_file: WriteFile, owner: User, indicators: dict[str, Indicator], round_q1: Round
) -> None:
    rows = [
        *good_rows(),
        ["CNT1", "Increase visits", "June 2026", None, None, None, None, ""],
        ["", "", "", "", "", "", "", ""],
    ]
    outcome = outturns_import(path=write_file(rows), filename="q1.csv", by=owner, round_=round_q1)
    assert outcome.ok and outcome.created == 4 and outcome.blank_rows == 2


def test_workbook_cells_are_read_as_the_user_sees_them(
    tmp_path: pathlib.Path, owner: User, indicators: dict[str, Indicator], round_q1: Round
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Outturns"
    sheet.append(list(COLUMNS))
    sheet.append(["PCT1", "", "2026/27 Q1", 0.835, None, None, None, '\'=HYPERLINK("x")'])
    sheet["D2"].number_format = "0.0%"  # shows 83.5%
    sheet.append(
        [
            "CNT1",
            "",
            datetime(2026, 4, 1),  # noqa: DTZ001 - a spreadsheet date has no zone
            0.1,
            None,
            None,
            None,
            None,
        ]
    )  # typed "Apr 2026"
    sheet.append(["CNT1", "", date(2026, 5, 1), 12345678901, None, None, 3.25, None])
    workbook.create_sheet("Notes").append(["ignored"])
    path = tmp_path / "q1.xlsx"
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())

    outcome = outturns_import(path=path, filename="q1.xlsx", by=owner, round_=round_q1)

    assert outcome.ok, outcome.problems
    values = stored()
    assert values["PCT1", "2026/27 Q1"].value == Decimal("83.5")
    assert values["PCT1", "2026/27 Q1"].note == '=HYPERLINK("x")'  # the template's guard undone
    assert values["CNT1", "April 2026"].value == Decimal("0.1")  # not 0.1000000000000000055...
    assert values["CNT1", "May 2026"].value == Decimal(12345678901)
    assert values["CNT1", "May 2026"].secondary_value == Decimal("3.25")


def test_a_value_with_a_second_figure_in_brackets(
    write_file: WriteFile, owner: User, indicators: dict[str, Indicator], round_q1: Round
) -> None:
    rows = [["PCT1", "", "2026/27 Q1", "7.7% (548)", None, None, None, ""]]
    outcome = outturns_import(path=write_file(rows), filename="q1.csv", by=owner, round_=round_q1)
    assert outcome.ok
    outturn = Outturn.objects.get()
    assert (outturn.value, outturn.secondary_value) == (Decimal("7.7"), Decimal(548))


def test_exact_digits_are_kept(
    write_file: WriteFile, owner: User, indicators: dict[str, Indicator], round_q1: Round
) -> None:
    long = "98765432109876543210.123456789012345678"
    rows = [["CNT1", "", "April 2026", long, None, None, None, ""]]
    assert outturns_import(path=write_file(rows), filename="q1.csv", by=owner, round_=round_q1).ok
    assert Outturn.objects.get().value == Decimal(long)


def test_a_period_import_with_no_round_given(
    write_file: WriteFile, owner: User, indicators: dict[str, Indicator], round_q1: Round
) -> None:
    rows = [r for r in good_rows() if r[2] == "April 2026"]
    outcome = outturns_import(
        path=write_file(rows), filename="april.csv", by=owner, period=parse_period("April 2026")
    )
    assert outcome.ok and outcome.created == 1


def test_a_draft_submitted_while_the_file_is_checked_stops_the_import(
    write_file: WriteFile,
    owner: User,
    indicators: dict[str, Indicator],
    round_q1: Round,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    draft = factories.outturn(indicators["PCT1"], "2026/27 Q1", "40")
    check = services.check_outturns

    def check_then_someone_submits(*args: object, **kwargs: object) -> object:
        checked = check(*args, **kwargs)  # type: ignore[arg-type]
        Outturn.objects.filter(pk=draft.pk).update(state=OutturnState.SUBMITTED)
        return checked

    monkeypatch.setattr(services, "check_outturns", check_then_someone_submits)
    outcome = outturns_import(
        path=write_file(good_rows()), filename="q1.csv", by=owner, round_=round_q1
    )
    assert [str(p) for p in outcome.problems] == [
        "1 of the values this file replaces were submitted by someone else while it was "
        "being imported. Nothing was imported: check the file and import it again."
    ]
    assert Outturn.objects.count() == 1 and Outturn.objects.get().value == Decimal(40)
    assert not Outturn.history.filter(history_change_reason__startswith="Imported").exists()


def test_a_round_closed_while_the_file_is_checked_stops_the_import(
    write_file: WriteFile,
    owner: User,
    indicators: dict[str, Indicator],
    round_q1: Round,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    check = services.check_outturns

    def check_then_close(*args: object, **kwargs: object) -> object:
        checked = check(*args, **kwargs)  # type: ignore[arg-type]
        Round.objects.filter(pk=round_q1.pk).update(state="closed")
        return checked

    monkeypatch.setattr(services, "check_outturns", check_then_close)
    outcome = outturns_import(
        path=write_file(good_rows()), filename="q1.csv", by=owner, round_=round_q1
    )
    assert "The round was closed while the file was being checked." in str(outcome.problems[0])
    assert not Outturn.objects.exists()


def test_a_long_file_name_fits_the_audit_reason(
    write_file: WriteFile, owner: User, indicators: dict[str, Indicator], round_q1: Round
) -> None:
    name = "q1 " + "very " * 30 + "long.csv"
    outturns_import(path=write_file(good_rows()), filename=name, by=owner, round_=round_q1)
    reasons = set(Outturn.history.values_list("history_change_reason", flat=True))
    (reason,) = reasons
    assert (
        len(reason) == 100 and reason.startswith("Imported from q1 very") and reason.endswith("…")
    )
