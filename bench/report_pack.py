"""Time a Cabinet pack: the report model, the charts, and each format, cold and warm.

Builds the demo council in a throwaway SQLite database, widens it to ``--indicators``
indicators (default 300, each with 26 published quarters) with ``--exception-reports``
approved exception reports (default 40) for 2025/26 Q2, then builds the council pack
twice: first with an empty chart cache (every sparkline and full chart drawn), then with
the cache warm. Prints seconds per step and the ratio of cold to warm.

    .venv/bin/python bench/report_pack.py
    .venv/bin/python bench/report_pack.py --indicators 58 --exception-reports 0   # the demo as is

Goal (issue 6), warm cache on a 2-core machine: Word <= 10 s, PDF <= 30 s.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

PERIOD = "2025/26 Q2"
LOAD = os.getloadavg()[0]
T = TypeVar("T")


def _setup(data_dir: Path) -> None:
    os.environ["OUTTURN_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outturn.settings")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)


def _widen(indicators: int, exception_reports: int) -> None:
    """Add generated indicators until there are ``indicators``, and approved reports."""
    from django.utils import timezone

    from outturn.demo.builder import build_demo_council
    from outturn.engine.periods import parse_period, periods_between
    from outturn.exception_reports.models import ExceptionReport, ReportKind, ReportState
    from outturn.scorecard.models import (
        CorporatePriority,
        Indicator,
        Outturn,
        OutturnState,
        ServiceUnit,
        Target,
    )

    build_demo_council()
    rng = random.Random(6)
    units = list(ServiceUnit.objects.select_related("directorate"))
    priorities = list(CorporatePriority.objects.all())
    quarters = periods_between(parse_period("2019/20 Q1"), parse_period(PERIOD))
    existing = Indicator.objects.count()
    new = [
        Indicator(
            code=f"GEN{n:03}",
            title=f"Improve generated measure {n} for the benchmark",
            description="A generated indicator that stands in for a larger council's scorecard.",
            polarity=rng.choice(["up", "down"]),
            unit="percentage",
            frequency="quarterly",
            decimals=1,
            directorate=(unit := units[n % len(units)]).directorate,
            service_unit=unit,
            priority=priorities[n % len(priorities)],
            active_from=parse_period("2019/20"),
            order=1000 + n,
        )
        for n in range(max(0, indicators - existing))
    ]
    Indicator.objects.bulk_create(new)
    now = timezone.now()
    outturns, targets = [], []
    for indicator in Indicator.objects.filter(code__startswith="GEN"):
        level = rng.uniform(40, 80)
        for quarter in quarters:
            level = min(99.0, max(1.0, level + rng.gauss(0, 2.5)))
            outturns.append(
                Outturn(
                    indicator=indicator,
                    period=quarter,
                    value=Decimal(f"{level:.1f}"),
                    note="Generated commentary: the figure moved with the season.",
                    state=OutturnState.PUBLISHED,
                    published_at=now,
                )
            )
        for year in {q.financial_year() for q in quarters}:
            targets.append(Target(indicator=indicator, period=year, value=Decimal("60")))
    Outturn.objects.bulk_create(outturns, batch_size=2000)
    Target.objects.bulk_create(targets, batch_size=2000)
    # The demo may have exception reports of its own for the quarter: top them up.
    taken = set(
        ExceptionReport.objects.filter(period=parse_period(PERIOD)).values_list(
            "indicator_id", flat=True
        )
    )
    wanted = max(0, exception_reports - len(taken))
    chosen = rng.sample([i for i in Indicator.objects.all() if i.pk not in taken], wanted)
    text = (
        "Generated account of the quarter. Demand rose over the summer and two posts were "
        "vacant for most of it.\n\n- Agency cover from October\n- Weekly review of every case"
    )
    ExceptionReport.objects.bulk_create(
        ExceptionReport(
            indicator=indicator,
            period=parse_period(PERIOD),
            kind=ReportKind.NEGATIVE if n % 2 else ReportKind.POSITIVE,
            state=ReportState.APPROVED,
            service_unit=indicator.service_unit,
            due_date=date(2025, 11, 14),
            reason_for_performance=text,
            actions=text,
            learnings=text,
            significance=text,
            completed_by_name="Rachel Okafor",
            completed_on=date(2025, 11, 12),
            approved_by_name="Daniel Whitcombe",
            approved_on=date(2025, 11, 13),
        )
        for n, indicator in enumerate(chosen)
    )


def _run(label: str) -> tuple[dict[str, float], dict[str, float]]:
    from outturn.reports.build import build_report
    from outturn.reports.charts import draw_charts
    from outturn.reports.renderers import FORMATS, renderer

    wall: dict[str, float] = {}
    cpu: dict[str, float] = {}

    def timed(step: str, work: Callable[[], T]) -> T:
        started, used = time.perf_counter(), time.process_time()
        result = work()
        wall[step] = time.perf_counter() - started
        cpu[step] = time.process_time() - used
        return result

    report = timed("model", lambda: build_report(period=PERIOD, scope="council"))
    drawn = timed("charts", lambda: draw_charts(report.charts()))
    sizes = {}
    for file_format in FORMATS:
        sizes[file_format] = len(timed(file_format, lambda f=file_format: renderer(f)(report)))
    indicators = sum(1 for _ in report.indicators())
    print(
        f"{label}: {indicators} indicators, {len(report.exception_reports)} exception reports, "
        f"{len(list(report.charts()))} charts ({drawn} drawn); "
        + ", ".join(f"{k} {v / 1000:,.0f} kB" for k, v in sizes.items())
    )
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=300)
    parser.add_argument("--exception-reports", type=int, default=40)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    with tempfile.TemporaryDirectory(prefix="outturn-bench-") as folder:
        _setup(Path(folder))
        started = time.perf_counter()
        _widen(args.indicators, args.exception_reports)
        print(f"Set up the council in {time.perf_counter() - started:.1f} s")
        cold, cold_cpu = _run("cold chart cache")
        warm, warm_cpu = _run("warm chart cache")
    print(f"\nload average before the run: {LOAD:.1f} on {os.cpu_count()} cores")
    print(f"{'step':<8}{'cold s':>9}{'(cpu)':>8}{'warm s':>9}{'(cpu)':>8}{'cold/warm':>11}")
    for step in cold:
        ratio = cold[step] / warm[step] if warm[step] else float("inf")
        print(
            f"{step:<8}{cold[step]:>9.2f}{cold_cpu[step]:>8.2f}{warm[step]:>9.2f}"
            f"{warm_cpu[step]:>8.2f}{ratio:>11.1f}"
        )
    total_cold, total_warm = sum(cold.values()), sum(warm.values())
    ratio = total_cold / total_warm
    print(f"{'total':<8}{total_cold:>9.2f}{'':>8}{total_warm:>9.2f}{'':>8}{ratio:>11.1f}")
    goal = warm["docx"] <= 10 and warm["pdf"] <= 30
    print(
        f"\nGoal with a warm cache, Word <= 10 s and PDF <= 30 s: "
        f"{'met' if goal else 'not met'} (Word {warm['docx']:.1f} s, PDF {warm['pdf']:.1f} s; "
        f"processor time Word {warm_cpu['docx']:.1f} s, PDF {warm_cpu['pdf']:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
