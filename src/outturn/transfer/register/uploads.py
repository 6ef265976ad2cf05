"""Opening what a user hands in: one register workbook, or one or more CSV files."""

from __future__ import annotations

import pathlib
from collections.abc import Sequence

from outturn.transfer.files import UnsafeFile, refuse_unsafe
from outturn.transfer.register.reading import RegisterFile, read_csv_files, read_workbook

__all__ = ["read_register"]


def read_register(files: Sequence[tuple[pathlib.Path, str]]) -> RegisterFile:
    """Read ``files`` (path on disk, name the user gave it) after refusing unsafe ones.

    Either one .xlsx workbook or any number of .csv files, one per kind, each named after
    its kind. Raises :class:`~outturn.transfer.files.UnsafeFile` before any parser runs.
    """
    if not files:
        raise UnsafeFile("Choose a register workbook (.xlsx) or CSV files to import.")
    found = [(path, name, refuse_unsafe(path, filename=name)) for path, name in files]
    workbooks = [(path, name) for path, name, kind in found if kind == "xlsx"]
    if workbooks and len(found) > 1:
        raise UnsafeFile(
            "Import one register workbook on its own, or a set of CSV files, not both "
            "or several workbooks at once."
        )
    if workbooks:
        [(path, name)] = workbooks
        return read_workbook(path, filename=name)
    return read_csv_files((path, name) for path, name, _ in found)
