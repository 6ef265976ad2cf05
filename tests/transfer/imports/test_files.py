"""Files that are not what they claim are refused before any parser opens them."""

from __future__ import annotations

import io
import pathlib
import zipfile

import pytest
from django.test import override_settings

from outturn.transfer.files import UnsafeFile, refuse_unsafe
from tests.transfer.imports.conftest import csv_bytes, good_rows, xlsx_bytes

MACRO_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def rezip(
    workbook: bytes, *, add: dict[str, bytes] | None = None, replace: tuple[str, str] | None = None
) -> bytes:
    """A copy of a workbook with parts added, or text replaced in its content types."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item)
            if replace and item.filename == "[Content_Types].xml":
                data = data.replace(replace[0].encode(), replace[1].encode())
            target.writestr(item, data)
        for name, data in (add or {}).items():
            target.writestr(name, data)
    return out.getvalue()


@pytest.fixture
def workbook() -> bytes:
    return xlsx_bytes(good_rows())


def write(tmp_path: pathlib.Path, name: str, data: bytes) -> pathlib.Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refused(path: pathlib.Path, filename: str, **kwargs: int) -> str:
    with pytest.raises(UnsafeFile) as caught:
        refuse_unsafe(path, filename=filename, **kwargs)
    return str(caught.value)


def test_a_workbook_and_a_csv_file_pass(tmp_path: pathlib.Path, workbook: bytes) -> None:
    assert refuse_unsafe(write(tmp_path, "a.xlsx", workbook), filename="Q1.XLSX") == "xlsx"
    csv_data = b"\xef\xbb\xbf" + csv_bytes(good_rows())  # Excel's "CSV UTF-8" has a BOM
    assert refuse_unsafe(write(tmp_path, "a.csv", csv_data), filename="q1.csv") == "csv"


def test_the_name_the_user_gave_decides_what_the_file_must_be(
    tmp_path: pathlib.Path, workbook: bytes
) -> None:
    path = write(tmp_path, "stored-under-any-name", workbook)
    assert refuse_unsafe(path, filename="q1.xlsx") == "xlsx"
    assert "saved with a .csv name" in refused(path, "q1.csv")


@pytest.mark.parametrize("name", ["q1.xls", "q1.xlsm", "q1.txt", "q1", "q1.ods"])
def test_other_kinds_of_file_are_refused(tmp_path: pathlib.Path, name: str) -> None:
    message = refused(write(tmp_path, "f", b"indicator_code\n"), name)
    assert message.startswith(f"{name} is not a spreadsheet Outturn can read")


def test_a_renamed_file_that_is_not_a_zip_is_refused(tmp_path: pathlib.Path) -> None:
    message = refused(write(tmp_path, "f", csv_bytes(good_rows())), "q1.xlsx")
    assert message.startswith("q1.xlsx is not an Excel workbook, although its name ends in .xlsx")


def test_a_renamed_zip_that_is_not_a_workbook_is_refused(tmp_path: pathlib.Path) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as target:
        target.writestr("report.docx.txt", "not a spreadsheet")
    message = refused(write(tmp_path, "f", archive.getvalue()), "q1.xlsx")
    assert message.startswith("q1.xlsx is a zip archive but not an Excel workbook")


def test_a_file_larger_than_the_limit_is_refused(tmp_path: pathlib.Path, workbook: bytes) -> None:
    path = write(tmp_path, "f", workbook)
    assert "larger than the" in refused(path, "q1.xlsx", max_bytes=1000)
    with override_settings(OUTTURN_IMPORT_MAX_BYTES=1000):
        assert "split it into smaller files" in refused(path, "q1.xlsx")
        assert "larger than the" in refused(write(tmp_path, "c", b"x" * 1001), "q1.csv")


def test_a_zip_bomb_is_refused_from_its_directory(tmp_path: pathlib.Path, workbook: bytes) -> None:
    # 64 MB of zeros squeezes into about 64 KB: a thousand times its size.
    bomb = rezip(workbook, add={"xl/media/padding.bin": bytes(64 * 1024 * 1024)})
    path = write(tmp_path, "f", bomb)
    assert path.stat().st_size < 200_000
    message = refused(path, "q1.xlsx")
    assert "would expand to" in message and "refused as unsafe" in message


def test_contents_over_the_expansion_cap_are_refused(
    tmp_path: pathlib.Path, workbook: bytes
) -> None:
    with override_settings(OUTTURN_IMPORT_MAX_UNCOMPRESSED_BYTES=1000):
        assert "would expand to" in refused(write(tmp_path, "f", workbook), "q1.xlsx")


def test_a_workbook_with_macros_is_refused(tmp_path: pathlib.Path, workbook: bytes) -> None:
    with_project = rezip(workbook, add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})
    assert "contains macros" in refused(write(tmp_path, "a", with_project), "q1.xlsx")
    macro_type = rezip(workbook, replace=(SHEET_TYPE, MACRO_TYPE))
    assert "contains macros" in refused(write(tmp_path, "b", macro_type), "q1.xlsx")


def test_a_workbook_with_external_links_is_refused(tmp_path: pathlib.Path, workbook: bytes) -> None:
    linked = rezip(workbook, add={"xl/externalLinks/externalLink1.xml": b"<externalLink/>"})
    assert "links to other workbooks" in refused(write(tmp_path, "f", linked), "q1.xlsx")


def test_a_workbook_with_a_hostile_parts_list_is_refused(
    tmp_path: pathlib.Path, workbook: bytes
) -> None:
    entities = (
        '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><Types>&b;</Types>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, entities if item.filename == "[Content_Types].xml" else data)
    assert "malformed list of parts" in refused(write(tmp_path, "f", out.getvalue()), "q1.xlsx")


def test_a_binary_or_non_utf8_csv_file_is_refused(tmp_path: pathlib.Path) -> None:
    assert "not a text file" in refused(write(tmp_path, "a", b"indicator_code\x00\x01\n"), "q1.csv")
    latin1 = "indicator_code,value\nMONEY1,£20\n".encode("latin-1")
    assert "not saved as UTF-8" in refused(write(tmp_path, "b", latin1), "q1.csv")
