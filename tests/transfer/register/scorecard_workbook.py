"""A council's existing scorecard as a spreadsheet: the register, targets, five years of history.

Eleven indicators in every unit, polarity and frequency a council reports (quarterly,
monthly, termly, academic-year, snapshot dates; snapshot and cumulative), with annual and
profiled targets, bands, "no target set", targets tied to a benchmark, tolerances that change
part-way, comparator groups, peers, and five years of figures typed the way officers type
them: "82.4%", "1,428", "£20,150", "22.54m", "56.3 (420)", number cells and percentage-format
cells. The figures are generated from a fixed seed with trend, seasonality and a few shifts,
so the SPC rules have something to find.
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from openpyxl import Workbook

from outturn.engine.periods import Period, parse_period, periods_between, snapshot
from outturn.transfer.register import kinds as k

FIRST_YEAR = 2020  # 2020/21 to 2024/25: five financial years
YEARS = [f"{y}/{(y + 1) % 100:02d}" for y in range(FIRST_YEAR, FIRST_YEAR + 5)]

USERS = ("fiona.owner", "dev.author", "hannah.head", "dan.director")

Row = dict[str, object]


@dataclass
class Scorecard:
    """The sheets as lists of rows (column name to cell) and how some cells are formatted."""

    sheets: dict[str, list[Row]] = field(default_factory=dict)
    percent_cells: set[tuple[str, int, str]] = field(default_factory=set)

    def add(self, kind: k.Kind, row: Row) -> None:
        self.sheets.setdefault(kind.slug, []).append(row)

    def rows(self, kind: k.Kind) -> list[Row]:
        return self.sheets.get(kind.slug, [])

    def workbook_bytes(self, *, readme: bool = True) -> bytes:
        workbook = Workbook()
        first = workbook.active
        if readme:
            first.title = k.README_SHEET  # type: ignore[union-attr]
            first.append(["This sheet is skipped by the import."])  # type: ignore[union-attr]
        else:
            workbook.remove(first)  # type: ignore[arg-type]
        for kind in k.KINDS:
            rows = self.rows(kind)
            if not rows:
                continue
            sheet = workbook.create_sheet(kind.sheet)
            columns = [c.name for c in kind.columns if any(c.name in row for row in rows)]
            sheet.append(columns)
            for number, row in enumerate(rows, start=2):
                sheet.append([row.get(name) for name in columns])
                for position, name in enumerate(columns, start=1):
                    cell = sheet.cell(row=number, column=position)
                    if isinstance(cell.value, str) and cell.value.startswith("="):
                        cell.data_type = "s"  # typed text, not a formula
                    if (kind.slug, number, name) in self.percent_cells:
                        cell.number_format = "0.0%"
        stream = io.BytesIO()
        workbook.save(stream)
        return stream.getvalue()


def users() -> None:
    """The people the register names (created without passwords: hashing is slow)."""
    get_user_model().objects.bulk_create(get_user_model()(username=name) for name in USERS)


def _q(value: float, places: int) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def quarters() -> list[Period]:
    return periods_between(parse_period(f"{YEARS[0]} Q1"), parse_period(f"{YEARS[-1]} Q4"))


def _series(
    rng: random.Random,
    n: int,
    start: float,
    trend: float,
    noise: float,
    shift_at: int | None = None,
    shift: float = 0.0,
    season: float = 0.0,
) -> list[float]:
    values = []
    for i in range(n):
        level = start + trend * i + (shift if shift_at is not None and i >= shift_at else 0.0)
        level += season * [1.0, 0.3, -0.6, -0.7][i % 4]
        values.append(level + rng.gauss(0, noise))
    return values


def build(seed: int = 7) -> Scorecard:
    """The whole scorecard, deterministic for ``seed``."""
    rng = random.Random(seed)
    card = Scorecard()
    _organisation(card)
    _indicators(card)
    _benchmarks(card)
    _targets(card)
    _tolerances(card)
    _outturns(card, rng)
    return card


def _organisation(card: Scorecard) -> None:
    card.add(
        k.DIRECTORATES, {"code": "CHI", "name": "Children's Services", "director": "dan.director"}
    )
    card.add(
        k.DIRECTORATES, {"code": "ENV", "name": "Environment and Communities", "director": None}
    )
    for code, name, directorate, head in (
        ("EH", "Early Help", "CHI", "hannah.head"),
        ("CP", "Child Protection", "CHI", "hannah.head"),
        ("EDU", "Education and Skills", "CHI", None),
        ("WST", "Waste and Recycling", "ENV", None),
        ("REG", "Regeneration", "ENV", None),
        ("HR", "People Services", "ENV", None),
    ):
        card.add(
            k.SERVICE_UNITS,
            {"code": code, "name": name, "directorate_code": directorate, "head": head},
        )
    for order, (code, name) in enumerate(
        (
            ("START", "A good start in life"),
            ("PLACE", "Thriving places"),
            ("WELL", "A well-run council"),
        ),
        start=1,
    ):
        card.add(k.PRIORITIES, {"code": code, "name": name, "order": order})
    card.add(
        k.PORTFOLIOS,
        {"code": "PF-CH", "name": "Children and Families", "holder_name": "Cllr A. Example"},
    )
    card.add(k.COMMITTEES, {"code": "CAB", "name": "Cabinet", "kind": "cabinet"})
    card.add(
        k.COMMITTEES,
        {"code": "OS-C", "name": "Children's Overview and Scrutiny", "kind": "scrutiny"},
    )
    for order, (code, name) in enumerate(
        (
            ("NAT", "National average"),
            ("SW", "South West average"),
            ("SN", "Statistical neighbours"),
        ),
        start=1,
    ):
        card.add(k.COMPARATOR_GROUPS, {"code": code, "name": name, "order": order})
    card.add(k.ORGANISATIONS, {"code": "HOME", "name": "Example Coast Council", "kind": "council"})
    for n in range(1, 6):
        card.add(k.ORGANISATIONS, {"code": f"PEER{n}", "name": f"Peer Authority {n}"})


@dataclass(frozen=True)
class Spec:
    code: str
    title: str
    polarity: str
    unit: str
    frequency: str
    unit_code: str
    directorate: str
    priority: str
    aggregation: str = "snapshot"
    decimals: int = 1
    is_public: str = "yes"
    threshold: str = "0"
    lag: int = 0


SPECS = (
    Spec(
        "EH-01",
        "Reduce the share of families returning to Early Help within a year",
        "down",
        "percentage",
        "quarterly",
        "EH",
        "CHI",
        "START",
    ),
    Spec(
        "CP-02",
        "Complete social care assessments within 45 working days",
        "up",
        "percentage",
        "quarterly",
        "CP",
        "CHI",
        "START",
        threshold="0.5",
    ),
    Spec(
        "CP-03",
        "Rate of children subject to a child protection plan",
        "down",
        "rate_per_10000",
        "quarterly",
        "CP",
        "CHI",
        "START",
    ),
    Spec(
        "ENV-04",
        "Issue fixed penalty notices for environmental crime",
        "up",
        "number",
        "quarterly",
        "REG",
        "ENV",
        "PLACE",
        aggregation="cumulative",
        decimals=0,
    ),
    Spec(
        "ENV-05",
        "Increase footfall across the town centres",
        "up",
        "millions",
        "quarterly",
        "REG",
        "ENV",
        "PLACE",
        decimals=2,
    ),
    Spec(
        "HR-06",
        "Reduce working days lost to sickness per employee",
        "down",
        "days",
        "quarterly",
        "HR",
        "ENV",
        "WELL",
        decimals=2,
        is_public="no",
    ),
    Spec(
        "ENV-07",
        "Keep the monthly cost of fly-tipping clearance down",
        "down",
        "money",
        "monthly",
        "WST",
        "ENV",
        "PLACE",
        decimals=0,
    ),
    Spec(
        "WST-08", "Recycle household waste", "up", "percentage", "quarterly", "WST", "ENV", "PLACE"
    ),
    Spec(
        "EDU-09",
        "Pupils achieving a strong pass in English and maths",
        "up",
        "percentage",
        "academic_year",
        "EDU",
        "CHI",
        "START",
        lag=6,
    ),
    Spec(
        "EDU-10",
        "Applications per school place",
        "none",
        "ratio",
        "termly",
        "EDU",
        "CHI",
        "START",
        decimals=2,
    ),
    Spec(
        "CP-11",
        "Children in care per 10,000 children",
        "down",
        "rate_per_10000",
        "snapshot",
        "CP",
        "CHI",
        "START",
    ),
)


def _indicators(card: Scorecard) -> None:
    for order, spec in enumerate(SPECS, start=1):
        card.add(
            k.INDICATORS,
            {
                "code": spec.code,
                "title": spec.title,
                "description": f"Measured each period by the {spec.unit_code} service.",
                "polarity": spec.polarity,
                "unit": spec.unit,
                "frequency": spec.frequency,
                "aggregation": spec.aggregation,
                "decimals": spec.decimals,
                "numerator_label": "Days lost" if spec.code == "HR-06" else None,
                "denominator_label": "Employees (FTE)" if spec.code == "HR-06" else None,
                "secondary_label": "children" if spec.code == "CP-03" else None,
                "source": "Local case management system",
                "lag_months": spec.lag,
                "direction_threshold": spec.threshold,
                "directorate_code": spec.directorate,
                "service_unit_code": spec.unit_code,
                "priority_code": spec.priority,
                "portfolio_code": "PF-CH" if spec.directorate == "CHI" else None,
                "committee_codes": "CAB; OS-C" if spec.directorate == "CHI" else "CAB",
                "responsible_officer": "dev.author",
                "data_owner": "fiona.owner",
                "is_public": spec.is_public,
                "active_from": "2020/21",
                "order": order * 10,
            },
        )


def _benchmarks(card: Scorecard) -> None:
    for year, nat, sw in zip(
        YEARS,
        ("17.1", "16.4", "16.0", "15.2", "14.8"),
        ("18.0", "17.2", "16.9", "16.1", "15.0"),
        strict=True,
    ):
        card.add(
            k.BENCHMARKS,
            {
                "indicator_code": "EH-01",
                "group_code": "NAT",
                "period": year,
                "value": nat,
                "source": "Published national statistics",
            },
        )
        card.add(
            k.BENCHMARKS,
            {"indicator_code": "EH-01", "group_code": "SW", "period": year, "value": sw},
        )
    card.add(
        k.BENCHMARKS,
        {"indicator_code": "CP-03", "group_code": "NAT", "period": "2023/24", "value": "41.0"},
    )
    for n, value in enumerate(("38.2", "44.9", "51.3", "47.0", "39.8"), start=1):
        card.add(
            k.BENCHMARKS,
            {
                "indicator_code": "CP-03",
                "group_code": "SN",
                "organisation_code": f"PEER{n}",
                "period": "2023/24",
                "value": value,
            },
        )
    card.add(
        k.BENCHMARKS,
        {
            "indicator_code": "EDU-09",
            "group_code": "NAT",
            "period": "2023/24 academic year",
            "value": "45.9%",
        },
    )


def _targets(card: Scorecard) -> None:
    # EH-01: held to the national average of the year before.
    for year, prior in zip(YEARS[1:], YEARS, strict=False):
        nat = {
            r["period"]: r["value"]
            for r in card.rows(k.BENCHMARKS)
            if r["indicator_code"] == "EH-01" and r["group_code"] == "NAT"
        }[prior]
        card.add(
            k.TARGETS,
            {
                "indicator_code": "EH-01",
                "period": year,
                "value": nat,
                "basis": "National average",
                "benchmark_group": "NAT",
                "benchmark_period": prior,
            },
        )
    for year, value in zip(YEARS, ("85", "85", "87", "88", "90"), strict=True):
        card.add(k.TARGETS, {"indicator_code": "CP-02", "period": year, "value": f"{value}%"})
    # The last year's annual target is profiled across the quarters.
    for q, value in enumerate(("86", "88", "90", "92"), start=1):
        card.add(
            k.TARGETS,
            {
                "indicator_code": "CP-02",
                "period": f"{YEARS[-1]} Q{q}",
                "value": value,
                "profiled_from": YEARS[-1],
            },
        )
    for year in YEARS:
        card.add(
            k.TARGETS,
            {
                "indicator_code": "CP-03",
                "period": year,
                "kind": "none",
                "basis": "No target set: reported for context",
            },
        )
    for year, value in zip(YEARS, ("800", "900", "1,000", "1,100", "1,200"), strict=True):
        card.add(k.TARGETS, {"indicator_code": "ENV-04", "period": year, "value": value})
    for year, value in zip(YEARS, (15, 17, 18, 19.5, 20), strict=True):
        card.add(k.TARGETS, {"indicator_code": "ENV-05", "period": year, "value": f"{value}m"})
    for year in YEARS:
        card.add(k.TARGETS, {"indicator_code": "HR-06", "period": year, "value": Decimal("2.5")})
        card.add(k.TARGETS, {"indicator_code": "ENV-07", "period": year, "value": "£20,000"})
        card.add(
            k.TARGETS,
            {
                "indicator_code": "WST-08",
                "period": year,
                "band_low": "45",
                "band_high": "55",
                "basis": "Waste strategy range",
            },
        )
    card.add(
        k.TARGETS,
        {
            "indicator_code": "EDU-09",
            "period": "2023/24 academic year",
            "value": "45.9",
            "basis": "National average",
            "benchmark_group": "NAT",
            "benchmark_period": "2023/24 academic year",
        },
    )
    for year in YEARS:
        card.add(k.TARGETS, {"indicator_code": "CP-11", "period": year, "value": "70"})


def _tolerances(card: Scorecard) -> None:
    card.add(
        k.TOLERANCES,
        {"indicator_code": "EH-01", "applies_from": "2020/21 Q1", "kind": "absolute", "value": "1"},
    )
    card.add(
        k.TOLERANCES,
        {"indicator_code": "CP-02", "applies_from": "2020/21 Q1", "kind": "absolute", "value": "2"},
    )
    card.add(
        k.TOLERANCES,
        {
            "indicator_code": "CP-02",
            "applies_from": "2023/24 Q1",
            "kind": "relative",
            "value": "5%",
        },
    )
    card.add(
        k.TOLERANCES,
        {"indicator_code": "ENV-04", "applies_from": "2020/21", "kind": "relative", "value": "0.1"},
    )
    card.add(
        k.TOLERANCES,
        {
            "indicator_code": "ENV-05",
            "applies_from": "2020/21 Q1",
            "kind": "absolute",
            "value": "1.5",
        },
    )
    card.add(
        k.TOLERANCES,
        {
            "indicator_code": "HR-06",
            "applies_from": "2020/21 Q1",
            "kind": "absolute",
            "value": "0.25",
        },
    )
    card.add(
        k.TOLERANCES,
        {
            "indicator_code": "ENV-07",
            "applies_from": "April 2020",
            "kind": "relative",
            "value": "0.1",
        },
    )
    card.add(
        k.TOLERANCES,
        {
            "indicator_code": "WST-08",
            "applies_from": "2020/21 Q1",
            "kind": "absolute",
            "value": "2",
        },
    )
    card.add(
        k.TOLERANCES,
        {
            "indicator_code": "CP-11",
            "applies_from": "31 March 2020",
            "kind": "absolute",
            "value": "3",
        },
    )


def _outturn(card: Scorecard, code: str, period: str, **cells: object) -> None:
    card.add(k.OUTTURNS, {"indicator_code": code, "period": period, **cells})


def _outturns(card: Scorecard, rng: random.Random) -> None:
    qs = quarters()
    n = len(qs)
    # EH-01: a percentage typed with its sign; improves after a new model of support.
    for period, value in zip(
        qs, _series(rng, n, 19, -0.1, 0.8, shift_at=12, shift=-3), strict=True
    ):
        _outturn(card, "EH-01", str(period), value=f"{_q(value, 1)}%")
    # CP-02: numerator and denominator only; the value is worked out to 1 decimal place.
    for period, value in zip(qs, _series(rng, n, 84, 0.4, 2.5), strict=True):
        denominator = rng.randint(700, 950)
        numerator = min(denominator, round(denominator * value / 100))
        _outturn(
            card,
            "CP-02",
            str(period),
            numerator=numerator,
            denominator=denominator,
            note="Assessment timeliness reviewed weekly by team managers.",
        )
    # CP-03: a rate with the count in brackets, as the papers print it.
    for period, value in zip(qs, _series(rng, n, 48, 0.3, 2.0), strict=True):
        count = int(value * 7.5)
        _outturn(card, "CP-03", str(period), value=f"{_q(value, 1)} ({count})")
    # ENV-04: cumulative year to date, as thousands-separated text.
    for year in range(5):
        total = 0
        for q in range(4):
            total += int(180 + 40 * year + rng.gauss(0, 30))
            _outturn(card, "ENV-04", f"{YEARS[year]} Q{q + 1}", value=f"{total:,}")
    # ENV-05: millions with the m suffix, seasonal, with a fall in the first year.
    for period, value in zip(
        qs, _series(rng, n, 14, 0.35, 0.6, season=1.5, shift_at=0), strict=True
    ):
        _outturn(card, "ENV-05", str(period), value=f"{_q(value, 2)}m")
    # HR-06: number cells with two decimal places.
    for period, value in zip(qs, _series(rng, n, 2.8, -0.02, 0.15, season=0.3), strict=True):
        _outturn(card, "HR-06", str(period), value=float(_q(value, 2)))
    # ENV-07: money, monthly, five years of months.
    months = periods_between(
        parse_period(f"April {FIRST_YEAR}"), parse_period(f"March {FIRST_YEAR + 5}")
    )
    for period, value in zip(months, _series(rng, len(months), 21500, -40, 1200), strict=True):
        _outturn(card, "ENV-07", str(period), value=f"£{int(value):,}")
    # WST-08: percentage cells formatted as 0.0%, holding fractions, as Excel stores them.
    for period, value in zip(qs, _series(rng, n, 44, 0.5, 1.5), strict=True):
        _outturn(card, "WST-08", str(period), value=float(_q(value, 1) / 100))
        card.percent_cells.add((k.OUTTURNS.slug, len(card.rows(k.OUTTURNS)) + 1, "value"))
    # EDU-09: academic years.
    for year, value in zip(
        range(FIRST_YEAR, FIRST_YEAR + 5), (41.2, 42.8, 44.1, 46.3, 47.0), strict=True
    ):
        _outturn(
            card,
            "EDU-09",
            f"{year}/{(year + 1) % 100:02d} academic year",
            value=value,
            published_at=f"{year + 2}-02-15",
        )
    # EDU-10: terms, no polarity, no target.
    terms = periods_between(
        parse_period(f"Summer term {FIRST_YEAR}"), parse_period(f"Spring term {FIRST_YEAR + 5}")
    )
    for period, value in zip(terms, _series(rng, len(terms), 1.6, 0.01, 0.12), strict=True):
        _outturn(card, "EDU-10", str(period), value=str(_q(value, 2)))
    # CP-11: snapshot dates at each quarter's end, written as ISO dates.
    for period, value in zip(qs, _series(rng, n, 74, -0.3, 1.8), strict=True):
        _outturn(card, "CP-11", snapshot(period.end).start.isoformat(), value=str(_q(value, 1)))
    # One commentary line that a spreadsheet would run as a formula.
    card.rows(k.OUTTURNS)[0]["note"] = '=HYPERLINK("http://example.invalid","click")'


def indicator_codes() -> Iterable[str]:
    return (spec.code for spec in SPECS)
