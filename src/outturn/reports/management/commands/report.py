"""``outturn report``: render a committee report from the current published figures.

For scripts and committee systems: it writes one file and stores no version. The front
sheet and closing sections come from the period's pack for the scope if the performance
team has written one; empty fields are left out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from outturn.engine.periods import PeriodError, parse_period
from outturn.reports.build import ScopeError, build_report
from outturn.reports.charts import draw_charts
from outturn.reports.renderers import FORMATS, renderer


class Command(BaseCommand):
    help = (
        "Render the performance report for a quarter and a scope (council, directorate:CODE "
        "or committee:CODE) as Word, PDF, HTML or Excel, from published figures."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, help="The quarter, e.g. '2025/26 Q2'.")
        parser.add_argument(
            "--scope",
            default="council",
            help="council (the Cabinet report), directorate:CODE or committee:CODE.",
        )
        parser.add_argument("--format", required=True, choices=FORMATS, dest="file_format")
        parser.add_argument("--output", required=True, help="The file to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = parse_period(options["period"])
        except PeriodError as error:
            raise CommandError(f"--period: {error}", returncode=2) from error
        try:
            report = build_report(period=period, scope=options["scope"])
        except ScopeError as error:
            raise CommandError(f"--scope: {error}", returncode=2) from error
        draw_charts(report.charts())
        content = renderer(options["file_format"])(report)
        output = Path(options["output"])
        if not output.parent.exists():
            raise CommandError(
                f"--output: the folder {output.parent} does not exist.", returncode=2
            )
        output.write_bytes(content)
        indicators = sum(1 for _ in report.indicators())
        self.stdout.write(
            f"Wrote {output} ({len(content):,} bytes): {report.title}, {indicators} indicators, "
            f"{len(report.exception_reports)} exception reports."
        )
