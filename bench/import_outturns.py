"""Speed of the validated outturn import against a bare PostgreSQL COPY of the same file.

Run with ``.venv/bin/python bench/import_outturns.py [indicators] [months]`` (default
10,000 indicators x 100 months = 1,000,000 rows). It needs PostgreSQL: the server named by
``DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/test``), on which it
creates a scratch database, migrates it, and drops it at the end.

What is timed, in one run on the same file:

* **Validated import**: :func:`outturn.transfer.services.outturns_import`, the service
  behind the upload page and the command, end to end: the unsafe-file checks, reading the
  CSV, checking every row (indicator codes, periods and their open rounds, ownership,
  numbers through the engine's parsers, values worked out from numerators and
  denominators, impossible values, duplicates, values already stored) and writing every
  row as a submitted outturn *with its audit history row*, in one transaction, into the
  real tables with all their indexes, checks and foreign keys, committed. The command
  takes one period per run (``--period``); the bench calls the service without a period
  so that one file can hold all 100 months, each row's own round (34 open rounds) being
  checked instead.
* **Bare COPY**: the same file, ``COPY ... FROM STDIN (FORMAT csv, HEADER)`` into a table
  of eight text columns with no keys, indexes or constraints. Run twice and the faster
  run is used, so the ratio errs against the import.

The file is what a council's spreadsheet would hold: most values plain numbers, one
indicator in ten reported as a numerator and denominator (the value worked out on import),
one in twenty written with a % sign (read by the engine's full parser), and a note on
every row.
"""

from __future__ import annotations

import os
import pathlib
import sys
import tempfile
import time
from urllib.parse import urlsplit, urlunsplit

import numpy as np
import polars as pl
import psycopg

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/test"


def _months(count: int) -> list[str]:
    names = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    # Ending in June 2026 (the end of 2026/27 Q1) and going back ``count`` months.
    end = 2026 * 12 + 5
    return [f"{names[m % 12]} {m // 12}" for m in range(end - count + 1, end + 1)]


def write_file(path: pathlib.Path, indicators: int, months: int) -> None:
    """The import file: every indicator for every month, as the template's columns."""
    rng = np.random.default_rng(2026)
    periods = _months(months)
    total = indicators * months
    number = np.repeat(np.arange(indicators), months)
    kind = number % 20  # 0, 1: numerator and denominator; 2: written with %; else plain
    value = np.round(rng.uniform(0, 100, total), 1).astype(str)
    numerator = rng.integers(0, 500, total).astype(str)
    denominator = rng.integers(500, 5000, total).astype(str)
    frame = pl.DataFrame(
        {
            "indicator_code": [f"B{n:05d}" for n in range(indicators)],
        }
    ).select(pl.col("indicator_code").repeat_by(months).explode())
    frame = frame.with_columns(
        pl.lit("Increase the share of cases closed on time").alias("indicator_title"),
        pl.Series("period", np.tile(np.array(periods), indicators)),
        pl.Series(
            "value", np.where(kind < 2, "", np.where(kind == 2, np.char.add(value, "%"), value))
        ),
        pl.Series("numerator", np.where(kind < 2, numerator, "")),
        pl.Series("denominator", np.where(kind < 2, denominator, "")),
        pl.lit("").alias("secondary_value"),
        pl.lit("Steady against last month; see the service plan").alias("note"),
    )
    frame.write_csv(path)


def _database_url(base: str, name: str) -> str:
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _psycopg_url(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


def bare_copy(url: str, path: pathlib.Path) -> float:
    """Seconds to COPY the file into an unconstrained table, committed."""
    with psycopg.connect(_psycopg_url(url)) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS bench_bare (indicator_code text, indicator_title text, "
            "period text, value text, numerator text, denominator text, secondary_value text, "
            "note text)"
        )
        connection.execute("TRUNCATE bench_bare")
        connection.commit()
        data = path.read_bytes()
        started = time.perf_counter()
        with (
            connection.cursor() as cursor,
            cursor.copy("COPY bench_bare FROM STDIN (FORMAT csv, HEADER true)") as copy,
        ):
            for start in range(0, len(data), 8 * 1024 * 1024):
                copy.write(data[start : start + 8 * 1024 * 1024])
        connection.commit()
        elapsed = time.perf_counter() - started
        connection.execute("DROP TABLE bench_bare")
        connection.commit()
    return elapsed


def seed(indicators: int, months: int) -> object:
    """The council: one data owner with every indicator, every month's round open."""
    from datetime import date

    from django.contrib.auth.models import Group, User
    from django.utils import timezone

    from outturn.accounts.roles import Role
    from outturn.engine.collection import round_quarter_for
    from outturn.engine.periods import parse_period
    from outturn.rounds.models import Round
    from outturn.scorecard import models

    owner = User.objects.create_user("bench-owner")  # no password: it never signs in
    owner.groups.add(Group.objects.get_or_create(name=Role.DATA_OWNER.value)[0])
    directorate = models.Directorate.objects.create(code="BD", name="Bench directorate")
    unit = models.ServiceUnit.objects.create(
        code="BS", name="Bench service", directorate=directorate
    )
    priority = models.CorporatePriority.objects.create(code="BP", name="Bench priority")
    models.Indicator.objects.bulk_create(
        [
            models.Indicator(
                code=f"B{n:05d}",
                title=f"Bench measure {n}",
                polarity=models.Polarity.UP,
                unit="rate_per_10000" if n % 20 < 2 else "percentage",
                decimals=1,
                frequency=models.Frequency.MONTHLY,
                directorate=directorate,
                service_unit=unit,
                priority=priority,
                data_owner=owner,
                active_from=parse_period("2015/16"),
            )
            for n in range(indicators)
        ],
        batch_size=5_000,
    )
    quarters = sorted({round_quarter_for(parse_period(m)) for m in _months(months)})
    Round.objects.bulk_create(
        [Round(period=q, deadline=date(2030, 1, 1), opened_at=timezone.now()) for q in quarters]
    )
    return owner


def main() -> None:
    indicators = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    months = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    rows = indicators * months
    base = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not base.startswith(("postgres://", "postgresql://")):
        raise SystemExit("This bench needs PostgreSQL: set DATABASE_URL to a postgres:// URL.")
    scratch = f"outturn_bench_{os.getpid()}"
    admin_url = _psycopg_url(_database_url(base, "postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{scratch}"')
    url = _database_url(base, scratch)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outturn.settings")
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        from outturn.scorecard.models import Outturn
        from outturn.transfer.models import ImportStage
        from outturn.transfer.services import outturns_import

        print(f"Scratch database {scratch}: migrating...", flush=True)
        call_command("migrate", verbosity=0)
        owner = seed(indicators, months)
        with tempfile.TemporaryDirectory() as folder:
            path = pathlib.Path(folder) / "outturns.csv"
            write_file(path, indicators, months)
            size = path.stat().st_size / 1e6
            print(f"File: {rows:,} rows, {size:,.1f} MB", flush=True)

            copies = [bare_copy(url, path)]

            marks: dict[str, float] = {}

            def progress(stage: ImportStage, done: int, total: int) -> None:
                marks.setdefault(stage.value, time.perf_counter())

            started = time.perf_counter()
            outcome = outturns_import(
                path=path,
                filename=path.name,
                by=owner,  # type: ignore[arg-type]
                progress=progress,
                max_bytes=10**10,
            )
            validated = time.perf_counter() - started
            if not outcome.ok:
                for problem in outcome.problems[:20]:
                    print(problem)
                raise SystemExit("The bench file did not import cleanly.")
            assert outcome.created == rows, outcome
            stored = Outturn.objects.count()
            audited = Outturn.history.count()
            assert stored == rows and audited == rows, (stored, audited)

            copies.append(bare_copy(url, path))
        connections.close_all()
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')

    copy = min(copies)
    phases = []
    order = [s for s in ("reading", "checking", "writing") if s in marks]
    for index, stage in enumerate(order):
        end = marks[order[index + 1]] if index + 1 < len(order) else started + validated
        phases.append(f"{stage} {end - marks[stage]:.2f} s")
    runs = ", ".join(f"{c:.2f}" for c in copies)
    print(
        f"Bare COPY, unconstrained table: {copy:7.2f} s {rows / copy:11,.0f} rows/s (runs {runs} s)"
    )
    print(f"Validated import with history:  {validated:7.2f} s {rows / validated:11,.0f} rows/s")
    print(f"  of which {', '.join(phases)}")
    ratio = copy / validated
    print(f"Validated import / bare COPY throughput: {ratio:.1%} (goal: at least 40%)")
    if "writing" in marks:
        checked = marks["writing"] - started
        print(
            f"Reading and checking alone (no writing): {checked:.2f} s, "
            f"{copy / checked:.0%} of bare COPY throughput; the rest is the write into the "
            "indexed, constrained outturn and history tables and its foreign-key checks"
        )


if __name__ == "__main__":
    main()
