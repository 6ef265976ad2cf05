"""``outturn export_scorecard --period PERIOD --format xlsx|csv --output FILE``."""

from __future__ import annotations

import pathlib
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from outturn.engine.periods import PeriodError, parse_period
from outturn.transfer.export.scorecard import (
    Audience,
    scorecard_csv,
    scorecard_dictionary_csv,
    scorecard_workbook,
)


class Command(BaseCommand):
    help = (
        "Export the scorecard for a quarter: every indicator with its outturn, previous "
        "value, target and basis, RAG, direction of travel, SPC icons and commentary. "
        "By default only published figures of public indicators (what the public sees); "
        "--all-indicators adds the indicators that are not public, --unpublished adds "
        "values not yet published. An .xlsx file carries a Data dictionary sheet; with "
        "--format csv the dictionary is written beside FILE as FILE-dictionary.csv."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, help="a quarter, e.g. '2025/26 Q2'")
        parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
        parser.add_argument("--output", required=True, metavar="FILE")
        parser.add_argument(
            "--all-indicators",
            action="store_true",
            help="include indicators that are not on the public scorecard",
        )
        parser.add_argument(
            "--unpublished",
            action="store_true",
            help="include values not yet published (implies --all-indicators)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            quarter = parse_period(options["period"]).reporting_quarter()
        except PeriodError as error:
            raise CommandError(str(error)) from error
        # The command's operator runs the server, so may choose any audience.
        audience = (
            Audience.UNPUBLISHED
            if options["unpublished"]
            else Audience.SIGNED_IN
            if options["all_indicators"]
            else Audience.PUBLIC
        )
        output = pathlib.Path(options["output"])
        if options["format"] == "xlsx":
            output.write_bytes(scorecard_workbook(quarter=quarter, audience=audience))
            self.stdout.write(f"Wrote the {quarter} scorecard to {output}.")
            return
        output.write_bytes(scorecard_csv(quarter=quarter, audience=audience))
        dictionary = output.with_name(f"{output.stem}-dictionary.csv")
        dictionary.write_bytes(scorecard_dictionary_csv())
        self.stdout.write(
            f"Wrote the {quarter} scorecard to {output} and its dictionary to {dictionary}."
        )
