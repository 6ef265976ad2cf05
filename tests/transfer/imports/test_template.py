"""The round's template: the values due from the person, drafts filled in, safe cells."""

from __future__ import annotations

import csv
import io
import pathlib

import pytest
from django.contrib.auth.models import User
from openpyxl import load_workbook

from outturn.rounds.models import Round
from outturn.scorecard.models import Indicator, Outturn, OutturnState
from outturn.transfer.outturns.columns import COLUMNS
from outturn.transfer.outturns.template import template_csv, template_rows, template_xlsx
from outturn.transfer.services import outturns_import
from tests import factories

pytestmark = pytest.mark.django_db


def keys(rows: list) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(row.indicator_code, str(row.period)) for row in rows]


def test_the_template_lists_what_is_due_from_the_owner(
    owner: User, indicators: dict[str, Indicator], round_q1: Round
) -> None:
    assert sorted(keys(template_rows(round_=round_q1, by=owner))) == [
        ("CNT1", "April 2026"),
        ("CNT1", "June 2026"),
        ("CNT1", "May 2026"),
        ("PCT1", "2026/27 Q1"),
        ("RATE1", "2026/27 Q1"),
    ]


def test_the_performance_team_gets_every_indicator(
    team: User, indicators: dict[str, Indicator], round_q1: Round
) -> None:
    assert ("OTH1", "2026/27 Q1") in keys(template_rows(round_=round_q1, by=team))


def test_drafts_are_filled_in_and_submitted_values_left_out(
    owner: User, indicators: dict[str, Indicator], round_q1: Round
) -> None:
    factories.outturn(indicators["PCT1"], "2026/27 Q1", "61.5", note="=cmd|' /C calc'!A0")
    factories.outturn(indicators["CNT1"], "April 2026", "40", state=OutturnState.SUBMITTED)
    factories.outturn(
        indicators["RATE1"], "2026/27 Q1", "11.8", numerator="31", denominator="26250"
    )
    rows = {(r.indicator_code, str(r.period)): r for r in template_rows(round_=round_q1, by=owner)}
    assert ("CNT1", "April 2026") not in rows
    assert rows["PCT1", "2026/27 Q1"].value == 61.5
    rate = rows["RATE1", "2026/27 Q1"]
    assert (rate.value, rate.numerator, rate.denominator) == (None, 31, 26250)

    text = template_csv(list(rows.values())).decode("utf-8")
    assert text.startswith("\ufeff" + ",".join(COLUMNS))
    records = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    pct = next(r for r in records if r[0] == "PCT1")
    assert pct[3] == "61.5"
    assert pct[7] == "'=cmd|' /C calc'!A0"  # neutralised: Excel shows it as text

    workbook = load_workbook(io.BytesIO(template_xlsx(list(rows.values()))))
    sheet = workbook["Outturns"]
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert cells["PCT1"][3].value == 61.5 and cells["PCT1"][3].data_type == "n"
    assert cells["PCT1"][7].value == "'=cmd|' /C calc'!A0"
    assert cells["PCT1"][2].value == "2026/27 Q1" and cells["PCT1"][2].number_format == "@"
    assert "Read me" in workbook.sheetnames


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_a_filled_template_imports_as_it_stands(
    tmp_path: pathlib.Path,
    owner: User,
    indicators: dict[str, Indicator],
    round_q1: Round,
    file_format: str,
) -> None:
    factories.outturn(indicators["PCT1"], "2026/27 Q1", "61.5", note="=cmd|' /C calc'!A0")
    rows = template_rows(round_=round_q1, by=owner)
    path = tmp_path / f"template.{file_format}"
    path.write_bytes(template_xlsx(rows) if file_format == "xlsx" else template_csv(rows))

    outcome = outturns_import(path=path, filename=path.name, by=owner, round_=round_q1)

    assert outcome.ok, outcome.problems
    assert (outcome.replaced, outcome.created, outcome.blank_rows) == (1, 0, 4)
    draft = Outturn.objects.get()
    assert draft.state == OutturnState.SUBMITTED
    assert draft.note == "=cmd|' /C calc'!A0"  # the guard is undone on the way back in
