"""``outturn assess [FILE]``: rate series given as JSON, without touching the database.

The whole format (input, output, the forecast and benchmark entries) is documented in
``outturn.engine.assess``; this command only reads, writes and sets the exit status.
"""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser, RawDescriptionHelpFormatter
from pathlib import Path
from typing import Any

from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    handle_default_options,
)

from outturn.engine.assess import AssessInputError, assess_document, load

HELP = """\
Rate series given as JSON: RAG, direction of travel, benchmarks, year-end forecast,
SPC and the exception decision for the latest period. Reads FILE, or standard input
when FILE is absent or "-", and writes JSON to standard output.

Input: {"rules": {"positive_margin": {"kind", "value"}, "reasons": [...]} (optional),
"series": [{"id", "polarity": "up|down|none", "tolerance": {"kind": "absolute|relative",
"value"}, "direction_threshold", "aggregation": "snapshot|cumulative", "annual_targets":
{"2025/26": value}, "points": [{"period", "value", "target", "target_band": [low, high],
"tolerance"}], "benchmarks": [{"group", "period", "value"}], "peers": [{"group",
"period", "values": [...]}], "spc": {"improvement_direction", "target", "rebase_at":
[periods], "fix_after_n_points", "screen_outliers"}}]}.

Output per series: periods, missing_periods, latest {period, rag, direction_previous,
direction_year, benchmarks, forecast, exception, reasons} and spc {groups, points,
variation_icon, assurance_icon, provisional}. A comparator benchmark is {group, period,
value (theirs), position: better|worse|same, or higher|lower|same for polarity none}; a
peer benchmark is {group, period, value (ours), rank (1 = best, counting us; ties share
the better rank), of, quartile (ceil(4 * rank / of))}. forecast is null unless the series
is cumulative with an annual target for the latest period's financial year, otherwise
{period (financial year), value (year-end forecast, 6 decimal places), method
(last_year_profile|linear), annual_target, rag}.

Bad input exits with status 2 and a message naming the series and the field.
"""


class Command(BaseCommand):
    help = HELP
    requires_system_checks: list[str] = []

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def run_from_argv(self, argv: list[str]) -> None:
        """As Django's, but a bad input's message goes to stderr bare, for scripts to show."""
        self._called_from_command_line = True
        parser = self.create_parser(argv[0], argv[1])
        options = parser.parse_args(argv[2:])
        handle_default_options(options)
        cmd_options = vars(options)
        args = cmd_options.pop("args", ())
        try:
            self.execute(*args, **cmd_options)
        except CommandError as error:
            if cmd_options.get("traceback"):
                raise
            self.stderr.write(str(error))
            sys.exit(error.returncode)

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "file", nargs="?", default="-", help='JSON input file; "-" or absent for stdin'
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["file"]
        try:
            text = sys.stdin.read() if source == "-" else Path(source).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read {source}: {error}", returncode=2) from None
        try:
            result = assess_document(load(text))
        except AssessInputError as error:
            raise CommandError(str(error), returncode=2) from None
        self.stdout.write(json.dumps(result, indent=2, allow_nan=False))
