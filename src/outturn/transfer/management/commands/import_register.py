"""``outturn import_register FILE [FILE ...] [--dry-run] [--user NAME]``."""

from __future__ import annotations

import pathlib
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from outturn.transfer.files import UnsafeFile
from outturn.transfer.register.problems import RegisterProblems
from outturn.transfer.register.services import register_import
from outturn.transfer.register.uploads import read_register


class Command(BaseCommand):
    help = (
        "Import the indicator register, targets, tolerances, benchmarks and past outturns "
        "from a register workbook (.xlsx) or CSV files named after their kind "
        "(indicators.csv, outturns.csv...). The whole file is checked first: any problem "
        "is listed with its sheet, row and column, nothing is written and the command "
        "exits with status 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", help="an .xlsx or .csv file")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the file and report what would change, writing nothing",
        )
        parser.add_argument(
            "--user",
            help="the performance team member recorded in the audit history as the author "
            "(without it the history records no user, for imports run on the server)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths = [pathlib.Path(name) for name in options["files"]]
        missing = [str(path) for path in paths if not path.is_file()]
        if missing:
            raise CommandError(f"No such file: {', '.join(missing)}")
        by = None
        if options["user"]:
            model = get_user_model()
            by = model.objects.filter(**{model.USERNAME_FIELD: options["user"]}).first()
            if by is None:
                raise CommandError(f"There is no user {options['user']!r}.")
        try:
            register = read_register([(path, path.name) for path in paths])
            summary = register_import(register=register, by=by, dry_run=options["dry_run"])
        except UnsafeFile as error:
            raise CommandError(str(error)) from error
        except PermissionDenied as error:
            raise CommandError(str(error)) from error
        except RegisterProblems as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            count = len(error.problems)
            raise CommandError(
                f"{count} problem{'s' if count != 1 else ''} found: nothing was imported."
            ) from error
        self.stdout.write(summary.describe())
        if summary.dry_run:
            self.stdout.write("Dry run: nothing was written.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {register.source}."))
