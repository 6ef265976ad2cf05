"""Export the register and import it into an empty database: the same register comes back."""

from __future__ import annotations

from decimal import Decimal

import pytest

from outturn.engine.periods import parse_period
from outturn.scorecard.models import Indicator, Outturn
from outturn.transfer.register.exporting import register_csv_zip, register_workbook
from outturn.transfer.register.services import CREATED, UNCHANGED
from tests.transfer.register import helpers
from tests.transfer.register import scorecard_workbook as sw


@pytest.fixture
def register() -> dict[str, object]:
    """The realistic scorecard imported, with a few awkward values added."""
    sw.users()
    helpers.import_bytes({"card.xlsx": sw.build().workbook_bytes()}, by=helpers.team_member())
    awkward = Outturn.objects.get(indicator__code="ENV-07", period=parse_period("May 2022"))
    awkward.value = Decimal("98765432.123456789")  # more digits than a spreadsheet keeps
    awkward.note = "-5% on last month; @team to review; +more"
    awkward.save(update_fields=["value", "note"])
    tiny = Outturn.objects.get(indicator__code="HR-06", period=parse_period("2021/22 Q2"))
    tiny.value = Decimal("0.000001")
    tiny.save(update_fields=["value"])
    Indicator.objects.filter(code="CP-03").update(title="=SUM(A1:A2) looks like a formula")
    return helpers.snapshot()


@pytest.mark.django_db
def test_workbook_export_imports_into_an_empty_database_as_the_same_register(
    register: dict[str, object],
) -> None:
    exported = register_workbook()
    helpers.wipe_register()
    assert helpers.snapshot()["indicators"] == {}

    summary = helpers.import_bytes({"register.xlsx": exported}, by=helpers.team_member())

    assert {change.action for change in summary.changes} == {CREATED}
    assert helpers.snapshot() == register


@pytest.mark.django_db
def test_csv_export_imports_into_an_empty_database_as_the_same_register(
    register: dict[str, object],
) -> None:
    files = helpers.unzip(register_csv_zip())
    assert "read-me.csv" in files and "outturns.csv" in files
    helpers.wipe_register()

    helpers.import_bytes(files, by=helpers.team_member())

    assert helpers.snapshot() == register


@pytest.mark.django_db
def test_importing_an_export_over_its_own_register_changes_nothing(
    register: dict[str, object],
) -> None:
    summary = helpers.import_bytes({"register.xlsx": register_workbook()}, by=helpers.team_member())

    assert {change.action for change in summary.changes} == {UNCHANGED}
    assert helpers.snapshot() == register


@pytest.mark.django_db
def test_exported_register_keeps_exact_values_and_neutralises_formula_text(
    register: dict[str, object],
) -> None:
    csv_files = helpers.unzip(register_csv_zip())
    outturns = csv_files["outturns.csv"].decode("utf-8-sig")
    assert "98765432.123456789" in outturns
    assert "0.000001" in outturns
    assert "'-5% on last month" in outturns
    assert "'=HYPERLINK" in outturns
    indicators = csv_files["indicators.csv"].decode("utf-8-sig")
    assert "'=SUM(A1:A2)" in indicators
