"""The command line: import_register, export_register and export_scorecard."""

from __future__ import annotations

import io
import pathlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from outturn.scorecard.models import Indicator, OutturnState
from tests import factories
from tests.transfer.register.test_checks import BASE


def _write(folder: pathlib.Path, files: dict[str, str]) -> list[str]:
    paths = []
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


@pytest.mark.django_db
def test_import_register_reports_problems_and_exits_non_zero(tmp_path: pathlib.Path) -> None:
    bad = dict(BASE, **{"priorities.csv": "code,name,order\r\nSTART,A good start,first\r\n"})
    errors = io.StringIO()

    with pytest.raises(CommandError, match="1 problem found: nothing was imported"):
        call_command("import_register", *_write(tmp_path, bad), stderr=errors)

    assert "sheet priorities.csv, row 2, column order: The order 'first' is not a number" in (
        errors.getvalue()
    )
    assert Indicator.objects.count() == 0


@pytest.mark.django_db
def test_import_register_dry_run_then_import_then_export(tmp_path: pathlib.Path) -> None:
    paths = _write(tmp_path, BASE)
    out = io.StringIO()
    call_command("import_register", *paths, "--dry-run", stdout=out)
    assert "Indicators: 1 created" in out.getvalue()
    assert "Dry run: nothing was written." in out.getvalue()
    assert Indicator.objects.count() == 0

    call_command("import_register", *paths, stdout=io.StringIO())
    assert Indicator.objects.count() == 1

    workbook = tmp_path / "register.xlsx"
    call_command("export_register", "--output", str(workbook), stdout=io.StringIO())
    again = io.StringIO()
    call_command("import_register", str(workbook), stdout=again)
    assert "created" not in again.getvalue() and "updated" not in again.getvalue()

    with pytest.raises(CommandError):
        call_command("export_register", "--output", str(tmp_path / "register.txt"))


@pytest.mark.django_db
def test_import_register_records_the_user_and_refuses_others(tmp_path: pathlib.Path) -> None:
    factories.user("officer")
    with pytest.raises(CommandError, match="Only the performance team"):
        call_command("import_register", *_write(tmp_path, BASE), "--user", "officer")
    with pytest.raises(CommandError, match="There is no user"):
        call_command("import_register", *_write(tmp_path, BASE), "--user", "nobody")


@pytest.mark.django_db
def test_export_scorecard_writes_xlsx_and_csv_with_dictionary(tmp_path: pathlib.Path) -> None:
    indicator = factories.indicator(code="PUB-1", is_public=True)
    factories.outturn(
        indicator,
        "2025/26 Q2",
        "5",
        state=OutturnState.PUBLISHED,
        published_at="2025-11-01T09:00:00+00:00",
    )
    workbook = tmp_path / "card.xlsx"
    call_command(
        "export_scorecard",
        "--period",
        "Q2 2025-26",
        "--format",
        "xlsx",
        "--output",
        str(workbook),
        stdout=io.StringIO(),
    )
    assert load_workbook(workbook).sheetnames == ["Scorecard 2025-26 Q2", "Data dictionary"]

    table = tmp_path / "card.csv"
    call_command(
        "export_scorecard",
        "--period",
        "2025/26 Q2",
        "--format",
        "csv",
        "--output",
        str(table),
        stdout=io.StringIO(),
    )
    assert "PUB-1" in table.read_text(encoding="utf-8-sig")
    assert (tmp_path / "card-dictionary.csv").exists()

    with pytest.raises(CommandError, match="is not a period"):
        call_command("export_scorecard", "--period", "soon", "--output", str(table))
