"""Refuse uploaded files that are unsafe to open before any parser sees them.

Spreadsheets arrive from people's desktops and e-mail: a renamed file, a zip bomb, a
workbook with macros or links to other workbooks must be turned away with a message the
uploader understands, not handed to openpyxl. Every check here reads only the file size,
the zip central directory and ``[Content_Types].xml`` (parsed with defusedxml); nothing is
extracted. The directory sizes are a safe upper bound because Python's zipfile stops
reading a member at its declared size.
"""

from __future__ import annotations

import codecs
import pathlib
import zipfile
from typing import Final

from defusedxml import ElementTree
from django.conf import settings

__all__ = ["UnsafeFile", "refuse_unsafe"]

DEFAULT_MAX_BYTES: Final = 50 * 1024 * 1024
#: No honest import workbook expands beyond this, whatever its size on disk.
DEFAULT_MAX_UNCOMPRESSED_BYTES: Final = 1024 * 1024 * 1024
#: Spreadsheet XML compresses well, but not this well unless it was built to explode.
MAX_RATIO: Final = 200
#: The ratio only matters once the expanded contents are big enough to hurt.
RATIO_APPLIES_ABOVE: Final = 32 * 1024 * 1024
MAX_MEMBERS: Final = 10_000
MAX_CONTENT_TYPES_BYTES: Final = 1024 * 1024
CHUNK: Final = 1024 * 1024

WORKBOOK_TYPES: Final = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    }
)
CT_NS: Final = "{http://schemas.openxmlformats.org/package/2006/content-types}"


class UnsafeFile(ValueError):
    """The file was refused before being opened; the message is for the uploader."""


def refuse_unsafe(path: pathlib.Path, *, filename: str, max_bytes: int | None = None) -> str:
    """Return the file's kind, ``"xlsx"`` or ``"csv"``, or raise :class:`UnsafeFile`.

    ``filename`` is the name the user gave the file (uploads are stored under other
    names); its extension decides what the file must be, and the content must agree.
    """
    limit = max_bytes if max_bytes is not None else _setting_max_bytes()
    suffix = pathlib.PurePath(filename).suffix.lower()
    if suffix not in {".xlsx", ".csv"}:
        raise UnsafeFile(
            f"{filename} is not a spreadsheet Outturn can read: "
            "upload an Excel workbook (.xlsx) or a CSV file (.csv)."
        )
    size = path.stat().st_size
    if size > limit:
        raise UnsafeFile(
            f"{filename} is {_megabytes(size)}, larger than the {_megabytes(limit)} limit: "
            "split it into smaller files."
        )
    if suffix == ".xlsx":
        _check_workbook(path, filename=filename, size=size)
        return "xlsx"
    _check_csv(path, filename=filename)
    return "csv"


def _setting_max_bytes() -> int:
    return int(getattr(settings, "OUTTURN_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _check_workbook(path: pathlib.Path, *, filename: str, size: int) -> None:
    if not zipfile.is_zipfile(path):
        raise UnsafeFile(
            f"{filename} is not an Excel workbook, although its name ends in .xlsx: "
            "open it in Excel and save it as an Excel Workbook (.xlsx)."
        )
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            _check_members(members, filename=filename, size=size)
            _check_content_types(archive, filename=filename)
    except zipfile.BadZipFile as error:
        raise UnsafeFile(f"{filename} is a damaged workbook and cannot be read.") from error


def _check_members(members: list[zipfile.ZipInfo], *, filename: str, size: int) -> None:
    if len(members) > MAX_MEMBERS:
        raise UnsafeFile(f"{filename} holds too many parts to be an import workbook.")
    names = {member.filename.lower() for member in members}
    if "[content_types].xml" not in names or "xl/workbook.xml" not in names:
        raise UnsafeFile(
            f"{filename} is a zip archive but not an Excel workbook: "
            "save the sheet from Excel as an Excel Workbook (.xlsx)."
        )
    if any(member.flag_bits & 0x1 for member in members):
        raise UnsafeFile(f"{filename} is password-protected: remove the password and try again.")
    if any(name.endswith("vbaproject.bin") for name in names):
        raise UnsafeFile(_macro_message(filename))
    if any(name.startswith("xl/externallinks/") for name in names):
        raise UnsafeFile(_links_message(filename))
    expanded = sum(member.file_size for member in members)
    cap = int(
        getattr(settings, "OUTTURN_IMPORT_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED_BYTES)
    )
    too_big = expanded > cap
    too_dense = expanded > RATIO_APPLIES_ABOVE and expanded > MAX_RATIO * max(size, 1)
    if too_big or too_dense:
        raise UnsafeFile(
            f"{filename} would expand to {_megabytes(expanded)} when opened, far more than "
            "a workbook of its size should: it has been refused as unsafe."
        )


def _check_content_types(archive: zipfile.ZipFile, *, filename: str) -> None:
    info = next(m for m in archive.infolist() if m.filename.lower() == "[content_types].xml")
    if info.file_size > MAX_CONTENT_TYPES_BYTES:
        raise UnsafeFile(f"{filename} has a malformed list of parts and cannot be read.")
    try:
        root = ElementTree.fromstring(archive.read(info))
    except Exception as error:  # defusedxml raises several kinds; all mean "refuse"
        raise UnsafeFile(f"{filename} has a malformed list of parts and cannot be read.") from error
    types = [
        (element.get("ContentType") or "")
        for element in root
        if element.tag in {f"{CT_NS}Default", f"{CT_NS}Override"}
    ]
    lowered = [content_type.lower() for content_type in types]
    if any("macroenabled" in t or "vbaproject" in t for t in lowered):
        raise UnsafeFile(_macro_message(filename))
    if any("externallink" in t for t in lowered):
        raise UnsafeFile(_links_message(filename))
    if not WORKBOOK_TYPES.intersection(types):
        raise UnsafeFile(
            f"{filename} is not an ordinary Excel workbook: "
            "save it from Excel as an Excel Workbook (.xlsx)."
        )


def _macro_message(filename: str) -> str:
    return (
        f"{filename} contains macros, which Outturn does not accept: "
        "save a copy as an Excel Workbook (.xlsx) without macros."
    )


def _links_message(filename: str) -> str:
    return (
        f"{filename} links to other workbooks: copy the sheet, paste values only "
        "into a new workbook and upload that."
    )


def _check_csv(path: pathlib.Path, *, filename: str) -> None:
    """A CSV must be UTF-8 text (a leading byte-order mark is fine) with no NUL bytes."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    with path.open("rb") as handle:
        first = True
        while chunk := handle.read(CHUNK):
            if first and chunk.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
                raise UnsafeFile(
                    f"{filename} is a spreadsheet saved with a .csv name: "
                    "save it as CSV UTF-8 (comma delimited), or upload the .xlsx file."
                )
            first = False
            if b"\x00" in chunk:
                raise UnsafeFile(f"{filename} is not a text file and cannot be read as CSV.")
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                raise UnsafeFile(_encoding_message(filename)) from error
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as error:
            raise UnsafeFile(_encoding_message(filename)) from error


def _encoding_message(filename: str) -> str:
    return (
        f"{filename} is not saved as UTF-8 text: in Excel choose "
        "File, Save As, CSV UTF-8 (comma delimited) and upload that."
    )
