"""Done when: a council's existing scorecard imports, and its ratings match the engine's.

The spreadsheet (``scorecard_workbook``) is imported through the service; the ratings the
scorecard computes from the database (``scorecard.status.assess_histories``) must equal what
the engine computes directly (``engine.status.assess_series``) from series built here, in the
test, from the spreadsheet's own rows: RAG, both directions of travel and the SPC icons and
special causes, for every period.
"""

from __future__ import annotations

import pathlib
from decimal import Decimal

import pytest

from outturn.engine.collection import value_from_parts
from outturn.engine.periods import Period, PeriodKind, parse_period
from outturn.engine.rag import Allowance, AllowanceKind, Polarity
from outturn.engine.status import Aggregation, PointInput, SeriesInput, assess_series
from outturn.engine.targets import target_in_force, tolerance_in_force
from outturn.engine.values import Unit, parse_value, to_decimal
from outturn.scorecard.models import (
    Benchmark,
    Frequency,
    Indicator,
    Outturn,
    OutturnState,
    Target,
    Tolerance,
)
from outturn.scorecard.selectors import indicator_histories
from outturn.scorecard.status import assess_histories
from outturn.transfer.register import kinds as k
from outturn.transfer.register.reading import read_workbook
from outturn.transfer.register.services import register_import
from tests.transfer.register import helpers
from tests.transfer.register import scorecard_workbook as sw

Row = dict[str, object]


def _figure(cell: object, unit: Unit, *, percent_cell: bool = False) -> Decimal | None:
    """A cell as the engine reads it (percentage-format cells hold a fraction)."""
    if cell is None:
        return None
    if percent_cell:
        return to_decimal(cell) * 100  # type: ignore[arg-type]
    return parse_value(cell, unit).value  # type: ignore[arg-type]


def engine_inputs(card: sw.Scorecard) -> list[SeriesInput]:
    """Series built straight from the spreadsheet rows, with the engine's own rules."""
    inputs = []
    for spec in card.rows(k.INDICATORS):
        code = str(spec["code"])
        unit = Unit(str(spec["unit"]))
        cumulative = spec["aggregation"] == "cumulative"
        targets: dict[Period, tuple[Decimal | None, tuple[Decimal, Decimal] | None]] = {}
        for row in card.rows(k.TARGETS):
            if row["indicator_code"] != code:
                continue
            low = _figure(row.get("band_low"), unit)
            high = _figure(row.get("band_high"), unit)
            band = (low, high) if low is not None and high is not None else None
            targets[parse_period(str(row["period"]))] = (_figure(row.get("value"), unit), band)
        tolerances = []
        for row in card.rows(k.TOLERANCES):
            if row["indicator_code"] != code:
                continue
            text = str(row["value"])
            amount = (
                parse_value(text, Unit.PERCENTAGE).value.scaleb(-2)
                if "%" in text
                else to_decimal(text)
            )
            allowance = Allowance(AllowanceKind.from_label(str(row["kind"])), amount)
            tolerances.append((parse_period(str(row["applies_from"])), allowance))
        points = []
        for number, row in enumerate(card.rows(k.OUTTURNS), start=2):
            if row["indicator_code"] != code:
                continue
            period = parse_period(str(row["period"]))
            percent_cell = (k.OUTTURNS.slug, number, "value") in card.percent_cells
            value = _figure(row.get("value"), unit, percent_cell=percent_cell)
            if value is None:
                value = value_from_parts(
                    Decimal(str(row["numerator"])),
                    Decimal(str(row["denominator"])),
                    unit,
                    int(str(spec["decimals"])),
                )
            target = target_in_force(period, targets, cumulative=cumulative)
            target_value, band = target if target is not None else (None, None)
            points.append(
                PointInput(
                    period=period,
                    value=value,
                    target=target_value if band is None else None,
                    target_band=band,
                    tolerance=tolerance_in_force(period, tolerances),
                )
            )
        points.sort(key=lambda p: p.period)
        inputs.append(
            SeriesInput(
                id=code,
                polarity=Polarity(str(spec["polarity"])),
                points=tuple(points),
                direction_threshold=Decimal(str(spec["direction_threshold"])),
                aggregation=Aggregation.CUMULATIVE if cumulative else Aggregation.SNAPSHOT,
                annual_targets={
                    p: v
                    for p, (v, _) in targets.items()
                    if cumulative and p.kind is PeriodKind.FINANCIAL_YEAR and v is not None
                },
            )
        )
    return inputs


def _until(series: SeriesInput, until: Period) -> SeriesInput:
    points = tuple(p for p in series.points if p.period.end <= until.end)
    return SeriesInput(
        id=series.id,
        polarity=series.polarity,
        points=points,
        direction_threshold=series.direction_threshold,
        aggregation=series.aggregation,
        annual_targets=series.annual_targets,
    )


def _ratings(status: object) -> tuple[object, ...]:
    periods = tuple(
        (p.period, p.value, p.rag, p.direction_previous, p.direction_year)
        for p in status.periods  # type: ignore[attr-defined]
    )
    spc = status.spc  # type: ignore[attr-defined]
    points = tuple((p.period, p.special_cause_type, p.point_type) for p in spc.points)
    return periods, spc.variation_icon, spc.assurance_icon, points


@pytest.fixture
def imported(tmp_path: pathlib.Path) -> sw.Scorecard:
    sw.users()
    card = sw.build()
    path = tmp_path / "scorecard.xlsx"
    path.write_bytes(card.workbook_bytes())
    register = read_workbook(path, filename="scorecard.xlsx")
    assert register.problems == []
    summary = register_import(register=register, by=helpers.team_member())
    assert not summary.dry_run
    return card


@pytest.mark.django_db
def test_the_whole_scorecard_is_imported(imported: sw.Scorecard) -> None:
    assert Indicator.objects.count() == len(sw.SPECS)
    assert Outturn.objects.count() == len(imported.rows(k.OUTTURNS))
    assert Target.objects.count() == len(imported.rows(k.TARGETS))
    assert Tolerance.objects.count() == len(imported.rows(k.TOLERANCES))
    assert Benchmark.objects.count() == len(imported.rows(k.BENCHMARKS))
    assert set(Outturn.objects.values_list("state", flat=True)) == {OutturnState.PUBLISHED}
    assert not Outturn.objects.filter(published_at__isnull=True).exists()
    # Five years of quarters, and of months for the monthly indicator.
    assert Outturn.objects.filter(indicator__code="EH-01").count() == 20
    assert Outturn.objects.filter(indicator__code="ENV-07").count() == 60


@pytest.mark.django_db
def test_ratings_from_the_database_match_the_engine_for_every_period(
    imported: sw.Scorecard,
) -> None:
    inputs = engine_inputs(imported)
    histories = indicator_histories(Indicator.objects.all())
    # The stored figures are the spreadsheet's, digit for digit.
    stored = {(h.indicator.code, o.period): o.value for h in histories for o in h.outturns}
    typed = {(s.id, p.period): p.value for s in inputs for p in s.points}
    assert stored == typed

    every_period = sorted({p.period for s in inputs for p in s.points})
    compared = 0
    seen_rags: set[str] = set()
    seen_causes: set[str] = set()
    for until in every_period:
        from_db = assess_histories(histories, until=until)
        wanted = [_until(s, until) for s in inputs]
        from_engine = {status.id: status for status in assess_series(wanted)}
        for series in wanted:
            if not series.points:
                continue
            assert _ratings(from_db[series.id]) == _ratings(from_engine[series.id]), (
                f"{series.id} up to {until}"
            )
            compared += 1
            seen_rags.update(p.rag.value for p in from_db[series.id].periods)
            seen_causes.update(p.special_cause_type for p in from_db[series.id].spc.points)
    # The comparison covered every indicator at every period, and had something to rate.
    assert compared > 500
    assert {"green", "amber", "red", "not_rated"} <= seen_rags
    assert len(seen_causes - {"Common Cause"}) >= 2


@pytest.mark.django_db
def test_targets_tolerances_and_benchmarks_arrive_as_typed(imported: sw.Scorecard) -> None:
    eh = Target.objects.get(indicator__code="EH-01", period=parse_period("2024/25"))
    assert eh.value == Decimal("15.2")
    assert eh.basis == "National average"
    assert eh.benchmark is not None
    assert (eh.benchmark.group.code, str(eh.benchmark.period)) == ("NAT", "2023/24")
    profiled = Target.objects.get(indicator__code="CP-02", period=parse_period("2024/25 Q3"))
    assert profiled.profiled_from is not None
    assert profiled.profiled_from.period == parse_period("2024/25")
    band = Target.objects.get(indicator__code="WST-08", period=parse_period("2022/23"))
    assert (band.kind, band.band_low, band.band_high) == ("band", Decimal(45), Decimal(55))
    assert Target.objects.get(indicator__code="ENV-05", period=parse_period("2023/24")).value == (
        Decimal("19.5")
    )
    relative = Tolerance.objects.get(
        indicator__code="CP-02", applies_from=parse_period("2023/24 Q1")
    )
    assert (relative.kind, relative.value) == ("relative", Decimal("0.05"))
    peers = Benchmark.objects.filter(indicator__code="CP-03", organisation__isnull=False)
    assert peers.count() == 5
    cp03 = Outturn.objects.filter(indicator__code="CP-03").first()
    assert cp03 is not None and cp03.secondary_value is not None  # from "56.3 (420)"
    recycling = Outturn.objects.filter(indicator__code="WST-08").order_by("period").first()
    assert recycling is not None and Decimal(30) < recycling.value < Decimal(60)  # type: ignore[operator]
    edu = Outturn.objects.get(
        indicator__code="EDU-09", period=parse_period("2020/21 academic year")
    )
    assert edu.published_at is not None and edu.published_at.date().isoformat() == "2022-02-15"
    indicator = Indicator.objects.get(code="CP-02")
    assert sorted(indicator.committees.values_list("code", flat=True)) == ["CAB", "OS-C"]
    assert indicator.data_owner is not None and indicator.data_owner.username == "fiona.owner"
    assert Frequency(Indicator.objects.get(code="EDU-10").frequency) is Frequency.TERMLY
    note = Outturn.objects.get(indicator__code="EH-01", period=parse_period("2020/21 Q1")).note
    assert note == '=HYPERLINK("http://example.invalid","click")'
