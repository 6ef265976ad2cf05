"""``outturn import-outturns FILE --period PERIOD --user USERNAME``."""

from __future__ import annotations

import pathlib
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from outturn.engine.periods import PeriodError, parse_period
from outturn.transfer.models import ImportStage
from outturn.transfer.services import outturns_import


class Command(BaseCommand):
    help = (
        "Import a round's outturns for one period from an .xlsx or .csv file made from the "
        "round's template. Every row must be for PERIOD, its round must be open and USERNAME "
        "must enter values for every indicator in the file; the values are submitted for "
        "approval. The whole file is checked first: every problem is printed as "
        "'row N, column X: message', nothing is written and the command exits with status 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="an .xlsx or .csv file")
        parser.add_argument(
            "--period", required=True, help="the period every row is for, e.g. 'April 2026'"
        )
        parser.add_argument(
            "--user", required=True, help="who is importing: recorded as the values' author"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = pathlib.Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            period = parse_period(options["period"])
        except PeriodError as error:
            raise CommandError(f"--period: {error}") from error
        model = get_user_model()
        by = model.objects.filter(
            **{model.USERNAME_FIELD: options["user"], "is_active": True}
        ).first()
        if by is None:
            raise CommandError(f"There is no active user {options['user']!r}.")
        announced: set[ImportStage] = set()

        def progress(stage: ImportStage, done: int, total: int) -> None:
            if stage in announced or (stage is not ImportStage.READING and not total):
                return
            announced.add(stage)
            if stage is ImportStage.READING:
                self.stdout.write(f"Reading {path.name}")
            elif stage is ImportStage.CHECKING:
                self.stdout.write(f"Checking {total} rows")
            else:
                self.stdout.write(f"Writing {total} values")
            self.stdout.flush()

        outcome = outturns_import(
            path=path, filename=path.name, by=by, period=period, progress=progress
        )
        if not outcome.ok:
            for problem in outcome.problems:
                self.stderr.write(str(problem))
            count = len(outcome.problems)
            raise CommandError(
                f"{count} problem{'s' if count != 1 else ''} found: nothing was imported."
            )
        skipped = (
            f"; {outcome.blank_rows} blank row{'s' if outcome.blank_rows != 1 else ''} skipped"
            if outcome.blank_rows
            else ""
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {outcome.imported} value{'s' if outcome.imported != 1 else ''} for "
                f"{period} from {path.name}, submitted for approval ({outcome.created} new, "
                f"{outcome.replaced} replacing drafts{skipped})."
            )
        )
