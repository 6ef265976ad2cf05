"""The scorecard for a quarter as XLSX and CSV: safe in Excel, exact, with a data dictionary,
and holding only what its reader may see."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from outturn.engine.periods import parse_period
from outturn.scorecard.models import OutturnState, Target
from outturn.scorecard.selectors import indicator_histories, indicators_for
from outturn.transfer.export.scorecard import (
    COLUMNS,
    Audience,
    audience_for,
    rows_by_column,
    scorecard_csv,
    scorecard_dictionary_csv,
    scorecard_table,
    scorecard_workbook,
)
from outturn.web.scorecard_rows import scorecard_rows
from tests import factories

QUARTER = parse_period("2025/26 Q2")
FORMULA = '=HYPERLINK("http://example.invalid/steal","Click for detail")'
PUBLISHED_AT = {"state": OutturnState.PUBLISHED, "published_at": "2025-11-01T09:00:00+00:00"}


@pytest.fixture
def scorecard() -> None:
    public = factories.indicator(code="PUB-1", unit="money", is_public=True)
    private = factories.indicator(code="PRIV-2", unit="percentage", is_public=False)
    retired = factories.indicator(code="OLD-3", active_to=parse_period("2023/24"))
    Target.objects.create(indicator=public, period=parse_period("2025/26"), value=Decimal(100))
    Target.objects.create(
        indicator=private, period=parse_period("2025/26"), value=Decimal(80), basis="National"
    )
    for quarter, value in (("2025/26 Q1", "90"), ("2025/26 Q2", "98765432.123456789")):
        factories.outturn(public, quarter, value, note=FORMULA, **PUBLISHED_AT)
    factories.outturn(private, "2025/26 Q1", "12.5", **PUBLISHED_AT)
    factories.outturn(private, "2025/26 Q2", "79.25", state=OutturnState.DRAFT, note="-ve")
    factories.outturn(retired, "2023/24 Q4", "1", **PUBLISHED_AT)


def _team() -> User:
    return User.objects.create(username="perf", is_superuser=True)


@pytest.mark.django_db
def test_formula_text_is_neutralised_in_xlsx_and_csv(scorecard: None) -> None:
    workbook = load_workbook(
        io.BytesIO(scorecard_workbook(quarter=QUARTER, audience=Audience.PUBLIC))
    )
    sheet = workbook["Scorecard 2025-26 Q2"]
    header = [cell.value for cell in sheet[1]]
    note = sheet.cell(row=2, column=header.index("note") + 1)
    assert note.value == "'" + FORMULA
    assert note.data_type == "s"

    text = scorecard_csv(quarter=QUARTER, audience=Audience.PUBLIC).decode("utf-8-sig")
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert row["note"] == "'" + FORMULA


@pytest.mark.django_db
def test_workbook_has_a_data_dictionary_describing_every_column(scorecard: None) -> None:
    workbook = load_workbook(
        io.BytesIO(scorecard_workbook(quarter=QUARTER, audience=Audience.PUBLIC))
    )
    assert workbook.sheetnames == ["Scorecard 2025-26 Q2", "Data dictionary"]
    header = [cell.value for cell in workbook["Scorecard 2025-26 Q2"][1]]
    described = [
        row[0] for row in workbook["Data dictionary"].iter_rows(min_row=2, values_only=True)
    ]
    assert header == described == [column.name for column in COLUMNS]
    dictionary = scorecard_dictionary_csv().decode("utf-8-sig").splitlines()
    assert dictionary[0] == "column,description,values"
    assert len(dictionary) == len(COLUMNS) + 1


@pytest.mark.django_db
def test_values_stay_exact(scorecard: None) -> None:
    workbook = load_workbook(
        io.BytesIO(scorecard_workbook(quarter=QUARTER, audience=Audience.PUBLIC))
    )
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    row = {name: sheet.cell(row=2, column=i + 1).value for i, name in enumerate(header)}
    # Too many digits for a spreadsheet number: written as its exact text.
    assert row["value"] == "98765432.123456789"
    assert row["previous_value"] == 90  # a number a spreadsheet holds exactly
    assert row["target"] == 100

    text = scorecard_csv(quarter=QUARTER, audience=Audience.PUBLIC).decode("utf-8-sig")
    [line] = list(csv.DictReader(io.StringIO(text)))
    assert line["value"] == "98765432.123456789"
    assert line["value_shown"] == "£98,765,432"


@pytest.mark.django_db
def test_each_reader_gets_only_what_they_may_see(scorecard: None) -> None:
    public = rows_by_column(scorecard_table(quarter=QUARTER, audience=Audience.PUBLIC))
    assert [row["indicator_code"] for row in public] == ["PUB-1"]

    signed_in = rows_by_column(scorecard_table(quarter=QUARTER, audience=Audience.SIGNED_IN))
    by_code = {row["indicator_code"]: row for row in signed_in}
    assert set(by_code) == {"PUB-1", "PRIV-2"}  # the retired indicator is left out
    # The private indicator's Q2 value is a draft: not in a published export.
    assert by_code["PRIV-2"]["value"] is None
    assert by_code["PRIV-2"]["rag"] == "not_rated"

    team = rows_by_column(scorecard_table(quarter=QUARTER, audience=Audience.UNPUBLISHED))
    draft = {row["indicator_code"]: row for row in team}["PRIV-2"]
    assert (draft["value"], draft["state"], draft["note"]) == (Decimal("79.25"), "draft", "-ve")
    assert (draft["previous_value"], draft["rag"]) == (Decimal("12.5"), "red")
    assert draft["target_shown"] == "80% (National)"


@pytest.mark.django_db
def test_who_gets_which_export() -> None:
    member = _team()
    officer = User.objects.create(username="officer")
    assert audience_for(AnonymousUser()) is Audience.PUBLIC
    assert audience_for(officer) is Audience.SIGNED_IN
    assert audience_for(member, include_unpublished=True) is Audience.UNPUBLISHED
    with pytest.raises(PermissionDenied):
        audience_for(officer, include_unpublished=True)
    with pytest.raises(PermissionDenied):
        audience_for(AnonymousUser(), include_unpublished=True)


@pytest.mark.django_db
def test_ratings_are_the_web_scorecards(scorecard: None) -> None:
    exported = rows_by_column(scorecard_table(quarter=QUARTER, audience=Audience.SIGNED_IN))
    histories = indicator_histories(
        [i for i in indicators_for(public_only=False) if i.is_active_in(QUARTER)]
    )
    web = {row.indicator.code: row for row in scorecard_rows(histories, QUARTER)}
    for row in exported:
        page = web[str(row["indicator_code"])]
        assert row["rag"] == page.rag
        assert row["period"] == page.period
        assert row["value"] == (page.outturn.value if page.outturn else None)
    assert {row["rag"] for row in exported} == {"green", "not_rated"}
