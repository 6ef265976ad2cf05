"""``outturn report``: one file from the current figures, no version stored."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from outturn.reports.models import PackVersion, ReportPack
from tests.reports.conftest import NEGATIVE_REASON, Council
from tests.reports.documents import all_text, headings, open_docx


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_committee_report_as_word(council: Council, tmp_path: Path) -> None:
    output = tmp_path / "children.docx"

    said = run(
        "--period",
        "2025/26 Q2",
        "--scope",
        "committee:children-os",
        "--format",
        "docx",
        "--output",
        str(output),
    )

    assert "2 indicators, 1 exception reports" in said
    document = open_docx(output.read_bytes())
    level_3 = [text for style, text in headings(document) if style == "Heading 3"]
    assert [text.split()[0] for text in level_3 if text[:2] in ("CS", "OP")] == ["CS16", "CS01"]
    assert NEGATIVE_REASON in all_text(document)
    # Nothing was stored, and no pack was made.
    assert not ReportPack.objects.exists() and not PackVersion.objects.exists()
    # Empty front-sheet fields are left out: only the status is known.
    assert [row.cells[0].text for row in document.tables[0].rows] == ["Status"]


def test_council_data_appendix(council: Council, tmp_path: Path) -> None:
    output = tmp_path / "appendix.xlsx"

    run("--period", "2025/26 Q2", "--format", "xlsx", "--output", str(output))

    sheet = load_workbook(output)["Indicators"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "CS16",
        "CS01",
        "OPS02",
        "OPS01",
        "OPS04",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2025/26 Q9", "--format", "pdf"], "--period: '2025/26 Q9'"),
        (["--period", "2025/26 Q2", "--scope", "directorate:X", "--format", "pdf"], "--scope"),
    ],
)
def test_bad_input_is_named(
    council: Council, tmp_path: Path, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message) as raised:
        run(*args, "--output", str(tmp_path / "out"))
    assert raised.value.returncode == 2
    assert not (tmp_path / "out").exists()
