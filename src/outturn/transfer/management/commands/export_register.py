"""``outturn export_register --output FILE``: the register as .xlsx, or CSV files in a .zip."""

from __future__ import annotations

import pathlib
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from outturn.transfer.register.exporting import register_csv_zip, register_workbook


class Command(BaseCommand):
    help = (
        "Export the indicator register, targets, tolerances, benchmarks and published "
        "outturns: to a workbook when FILE ends in .xlsx, or to a zip of CSV files (one per "
        "kind, and read-me.csv) when it ends in .zip. import_register reads either back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        output = pathlib.Path(options["output"])
        suffix = output.suffix.lower()
        if suffix == ".xlsx":
            content = register_workbook()
        elif suffix == ".zip":
            content = register_csv_zip()
        else:
            raise CommandError("--output must end in .xlsx (a workbook) or .zip (CSV files).")
        output.write_bytes(content)
        self.stdout.write(f"Wrote the register to {output}.")
