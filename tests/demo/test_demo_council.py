"""The demo council: built reproducibly, complete, and faithful to the published figures."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from outturn.demo import catalogue as cat
from outturn.demo.builder import DEMO_PASSWORD, DemoSummary, build_demo_council
from outturn.demo.history import available_from, months_after
from outturn.engine.periods import (
    Period,
    PeriodKind,
    financial_year,
    month,
    parse_period,
    periods_between,
    quarter,
)
from outturn.rounds.models import Round, RoundState
from outturn.scorecard.models import (
    Benchmark,
    Committee,
    ComparatorGroup,
    CorporatePriority,
    Directorate,
    Indicator,
    Organisation,
    Outturn,
    OutturnState,
    Portfolio,
    ServiceUnit,
    Target,
    TargetKind,
    Tolerance,
)

ROLE_GROUPS = {
    "performance": "Performance team",
    "owner": "Data owner",
    "author": "Responsible officer",
    "head": "Head of service",
    "director": "Director",
    "councillor": "Councillor",
}

REGISTER_MODELS = (
    Organisation,
    Directorate,
    ServiceUnit,
    CorporatePriority,
    Portfolio,
    Committee,
    ComparatorGroup,
    Indicator,
    Target,
    Tolerance,
    Benchmark,
    Outturn,
    Round,
)


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[DemoSummary]:
    """One build shared by the module's tests, rolled back when they are done."""
    with django_db_blocker.unblock(), transaction.atomic():
        summary = build_demo_council(seed=2026)
        yield summary
        transaction.set_rollback(True)


def _values() -> list[tuple[str, str, Decimal | None, str]]:
    return sorted(
        (code, period.key, value, state)
        for code, period, value, state in Outturn.objects.values_list(
            "indicator__code", "period", "value", "state"
        )
    )


def _counts() -> dict[str, int]:
    counts = {model.__name__: model.objects.count() for model in REGISTER_MODELS}
    counts["users"] = get_user_model().objects.count()
    counts["history"] = Outturn.history.count()
    return counts


def _target_in_force(indicator: Indicator, period: Period) -> Target | None:
    targets = {target.period: target for target in indicator.targets.all()}
    return targets.get(period) or targets.get(period.financial_year())


# --- the register ------------------------------------------------------------------------


@pytest.mark.django_db
def test_register_has_the_expected_shape(demo: DemoSummary) -> None:
    assert Indicator.objects.count() >= 45
    assert Directorate.objects.count() >= 4
    assert CorporatePriority.objects.count() >= 3
    frequencies = set(Indicator.objects.values_list("frequency", flat=True))
    assert {"monthly", "quarterly", "annual", "academic_year", "termly"} <= frequencies
    units = set(Indicator.objects.values_list("unit", flat=True))
    assert {"number", "percentage", "rate_per_10000", "money", "days", "millions"} <= units
    assert set(Indicator.objects.values_list("polarity", flat=True)) == {"up", "down", "none"}
    assert Indicator.objects.filter(aggregation="cumulative").count() >= 2
    assert Indicator.objects.exclude(numerator_label="").exists()
    assert Indicator.objects.filter(is_public=False).exists()
    assert Indicator.objects.filter(is_public=True).count() > 40
    assert demo.indicators == Indicator.objects.count()


@pytest.mark.django_db
def test_council_and_peers_are_marked_as_demo(demo: DemoSummary) -> None:
    council = Organisation.objects.get(kind=Organisation.Kind.COUNCIL)
    assert council.name == "Wessex Coast Council"
    assert council.is_demo
    peers = Organisation.objects.filter(kind=Organisation.Kind.COMPARATOR)
    assert peers.count() == 10
    assert all(peer.is_demo for peer in peers)


@pytest.mark.django_db
def test_committees_include_the_childrens_scrutiny_committee(demo: DemoSummary) -> None:
    codes = set(Committee.objects.values_list("code", flat=True))
    assert {"cabinet", "children-os"} <= codes
    assert Committee.objects.filter(kind="scrutiny").count() == 4
    children = Committee.objects.get(code="children-os")
    assert children.indicators.filter(code="CS02").exists()
    assert all(portfolio.holder_name for portfolio in Portfolio.objects.all())


@pytest.mark.django_db
def test_every_indicator_is_fully_owned(demo: DemoSummary) -> None:
    for indicator in Indicator.objects.select_related("service_unit"):
        assert indicator.title and indicator.description and indicator.source
        assert indicator.responsible_officer is not None
        assert indicator.data_owner is not None
        assert indicator.service_unit.head is not None
        assert indicator.service_unit.directorate_id == indicator.directorate_id
        assert indicator.portfolio is not None
        assert indicator.committees.exists()
        assert indicator.active_from == parse_period("2019/20")


@pytest.mark.django_db
def test_role_users_exist_in_their_groups(demo: DemoSummary) -> None:
    users = get_user_model().objects.prefetch_related("groups")
    for username, group in ROLE_GROUPS.items():
        user = users.get(username=username)
        assert [g.name for g in user.groups.all()] == [group]
        assert user.first_name and user.last_name
        assert user.email == f"{username}@example.org"
    performance = users.get(username="performance")
    assert performance.is_staff and performance.is_superuser
    assert performance.check_password(DEMO_PASSWORD)
    assert not users.get(username="councillor").is_staff
    assert [username for username, _ in demo.users] == list(ROLE_GROUPS)
    assert demo.password == DEMO_PASSWORD


@pytest.mark.django_db
def test_role_users_own_approve_and_lead_the_same_indicators(demo: DemoSummary) -> None:
    owned = Indicator.objects.filter(data_owner__username="owner")
    written = Indicator.objects.filter(responsible_officer__username="author")
    assert owned.count() >= 10
    assert written.count() >= 10
    for indicator in written.select_related("service_unit__head", "directorate__director"):
        assert indicator.data_owner is not None
        assert indicator.data_owner.username == "owner"
        assert indicator.service_unit.head is not None
        assert indicator.service_unit.head.username == "head"
        assert indicator.directorate.director is not None
        assert indicator.directorate.director.username == "director"


# --- history -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_history_spans_seven_years_all_published(demo: DemoSummary) -> None:
    quarters = periods_between(quarter(2019, 1), quarter(2025, 4))
    months = periods_between(month(2019, 4), month(2026, 3))
    for indicator in Indicator.objects.filter(frequency__in=["quarterly", "monthly"]):
        expected = quarters if indicator.frequency == "quarterly" else months
        published = [
            outturn.period
            for outturn in indicator.outturns.all()
            if outturn.period.end <= date(2026, 3, 31)
        ]
        assert sorted(published) == expected, indicator.code
    early = [o for o in Outturn.objects.all() if o.period.end <= date(2026, 3, 31)]
    assert early
    assert {o.state for o in early} == {OutturnState.PUBLISHED}
    assert demo.published == len(early)


@pytest.mark.django_db
def test_published_values_are_stamped_in_order_by_owner_and_head(demo: DemoSummary) -> None:
    published = Outturn.objects.filter(state=OutturnState.PUBLISHED).select_related(
        "indicator__service_unit"
    )
    for outturn in published:
        entered, approved, stamped = outturn.entered_at, outturn.approved_at, outturn.published_at
        assert entered is not None and approved is not None and stamped is not None
        assert entered < approved < stamped
        due = available_from(outturn.period, outturn.indicator.lag_months)
        for moment in (entered, approved, stamped):
            assert moment.tzinfo is not None
            local = moment.astimezone(parse_tz()).date()
            assert due <= local < months_after(due, 1), (outturn.indicator.code, outturn.period)
        assert outturn.entered_by_id == outturn.indicator.data_owner_id
        assert outturn.approved_by_id == outturn.indicator.service_unit.head_id
        assert outturn.value is not None


def parse_tz() -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/London")


@pytest.mark.django_db
def test_values_respect_their_units(demo: DemoSummary) -> None:
    for outturn in Outturn.objects.select_related("indicator"):
        value = outturn.value
        assert value is not None
        unit = outturn.indicator.unit
        if unit == "percentage":
            assert Decimal(0) <= value <= Decimal(100), outturn
        if unit != "money":
            assert value >= 0, outturn
        if unit == "number" and outturn.indicator.decimals == 0:
            assert value == value.to_integral_value(), outturn
        if outturn.denominator is not None:
            assert outturn.numerator is not None
            assert Decimal(0) <= outturn.numerator <= outturn.denominator


@pytest.mark.django_db
def test_generated_history_has_real_shifts_for_spc_to_find(demo: DemoSummary) -> None:
    def mean(code: str, year: int) -> Decimal:
        values = [
            o.value
            for o in Outturn.objects.filter(indicator__code=code)
            if o.period.financial_year() == financial_year(year) and o.value is not None
        ]
        return sum(values, Decimal(0)) / len(values)

    # A sustained improvement in assessment timeliness; a rising child protection rate;
    # a deterioration run in missed bins in 2022/23 that recovers.
    assert mean("CS02", 2024) - mean("CS02", 2019) > 20
    assert mean("CS03", 2025) - mean("CS03", 2019) > 10
    assert mean("OPS04", 2022) > mean("OPS04", 2021) + 15
    assert mean("OPS04", 2025) < mean("OPS04", 2022) - 15


@pytest.mark.django_db
def test_recent_figures_carry_varied_commentary(demo: DemoSummary) -> None:
    recent = Outturn.objects.filter(
        indicator__frequency="quarterly", state=OutturnState.PUBLISHED
    ).exclude(note="")
    recent_periods = {o.period for o in recent}
    assert {quarter(2025, n) for n in (1, 2, 3, 4)} <= recent_periods
    notes = [o.note for o in recent if o.period.financial_year() == financial_year(2025)]
    assert len(notes) >= 100
    assert len(set(notes)) == len(notes)
    openings = {note.split(" ")[1] for note in notes}
    assert len(openings) > 5


# --- the open round -----------------------------------------------------------------------


@pytest.mark.django_db
def test_open_round_has_values_in_progress_and_nothing_published(demo: DemoSummary) -> None:
    open_round = Round.objects.get(state=RoundState.OPEN)
    assert open_round.period == quarter(2026, 1)
    assert open_round.deadline == date(2026, 7, 24)
    assert open_round.opened_at.astimezone(parse_tz()).date() == date(2026, 7, 1)
    assert Round.objects.filter(state=RoundState.CLOSED).count() == 28

    this_year = [o for o in Outturn.objects.all() if o.period.start >= date(2026, 4, 1)]
    states = {o.state for o in this_year}
    assert states == {OutturnState.DRAFT, OutturnState.SUBMITTED, OutturnState.APPROVED}
    # Four values are approved so that their exception reports can be under way.
    approved = {o.indicator.code for o in this_year if o.state == OutturnState.APPROVED}
    assert approved == {"CS01", "CS02", "CS04", "CS16"}
    assert all(o.published_at is None for o in this_year)
    assert all((o.approved_at is None) == (o.state != OutturnState.APPROVED) for o in this_year)
    assert all(o.entered_by_id is not None and o.note for o in this_year)
    assert demo.in_open_round == len(this_year)

    due_quarterly = Indicator.objects.filter(frequency="quarterly").count()
    entered_quarterly = {o.indicator_id for o in this_year if o.period == quarter(2026, 1)}
    assert 0 < len(entered_quarterly) < due_quarterly


# --- the published figures ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("figure", cat.SEED_FIGURES, ids=lambda f: f"{f.code} {f.period}")
def test_published_figures_are_stored_exactly(demo: DemoSummary, figure: cat.SeedFigure) -> None:
    period = parse_period(figure.period)
    outturn = Outturn.objects.get(indicator__code=figure.code, period=period)
    assert outturn.value == Decimal(figure.value)
    assert str(outturn.value) == figure.value
    assert outturn.state == OutturnState.PUBLISHED
    assert outturn.note
    assert outturn.indicator.is_public
    if figure.secondary is not None:
        assert outturn.secondary_value == Decimal(figure.secondary)
    if figure.numerator is not None:
        assert outturn.numerator == Decimal(figure.numerator)
        assert outturn.denominator == Decimal(figure.denominator or "0")
    if figure.target is not None:
        target = _target_in_force(outturn.indicator, period)
        assert target is not None
        assert target.value == Decimal(figure.target)


@pytest.mark.django_db
def test_the_briefs_figures_in_their_periods(demo: DemoSummary) -> None:
    expected = {
        ("OPS01", "2025/26 Q2"): ("265", None),
        ("OPS02", "2025/26 Q2"): ("1428", None),
        ("WBP01", "2025/26 Q2"): ("22.54", None),
        ("CS02", "2024/25 Q4"): ("94", None),
        ("CS02", "2025/26 Q1"): ("96", None),
        ("CS01", "2025/26 Q1"): ("14", None),
        ("CS01", "2025/26 Q2"): ("10", None),
        ("CS02", "2019/20 Q2"): ("65.9", None),
        ("CS10", "2019/20 Q2"): ("31", "11.8"),
        ("CS11", "2019/20 Q2"): ("6", None),
        ("CS12", "2019/20 Q2"): ("7.7", "548"),
        ("CS13", "2019/20 Q2"): ("0.47", "109"),
        ("CS03", "2025/26 Q4"): ("58", None),
    }
    for (code, period), (value, secondary) in expected.items():
        outturn = Outturn.objects.get(indicator__code=code, period=parse_period(period))
        assert outturn.value == Decimal(value), (code, period)
        if secondary is not None:
            assert outturn.secondary_value == Decimal(secondary), (code, period)
    assert Indicator.objects.get(code="WBP01").unit == "millions"
    assert Indicator.objects.get(code="CS01").polarity == "down"
    assert Indicator.objects.get(code="CS11").polarity == "down"


@pytest.mark.django_db
def test_targets_tied_to_benchmarks(demo: DemoSummary) -> None:
    cases = {
        ("CS02", "2019/20 Q2"): ("83", "National average", "national", "2018/19"),
        ("CS12", "2019/20 Q2"): ("6.3", "South West average", "south-west", "2018/19"),
        ("CS13", "2019/20 Q2"): ("0.2", "National average 2017/18", "national", "2017/18"),
    }
    for (code, period), (value, basis, group, bench_period) in cases.items():
        target = Target.objects.get(indicator__code=code, period=parse_period(period))
        assert target.value == Decimal(value)
        assert target.basis == basis
        assert target.benchmark is not None
        assert target.benchmark.group.code == group
        assert target.benchmark.period == parse_period(bench_period)
        assert target.benchmark.value == Decimal(value)


@pytest.mark.django_db
def test_child_protection_rate_benchmarks_from_the_self_assessment(demo: DemoSummary) -> None:
    rows = Benchmark.objects.filter(
        indicator__code="CS03", organisation__isnull=True, period=parse_period("2024/25")
    )
    assert {row.group.code: row.value for row in rows} == {
        "national": Decimal(41),
        "stat-neighbours": Decimal(35),
        "good-plus": Decimal(42),
    }
    peers = Benchmark.objects.filter(indicator__code="CS03", organisation__isnull=False)
    assert peers.count() == 10
    target = _target_in_force(Indicator.objects.get(code="CS03"), parse_period("2025/26 Q4"))
    assert target is not None and target.kind == TargetKind.NONE


@pytest.mark.django_db
def test_targets_cover_every_kind_and_profile(demo: DemoSummary) -> None:
    kinds = set(Target.objects.values_list("kind", flat=True))
    assert kinds == {TargetKind.VALUE, TargetKind.BAND, TargetKind.NONE}
    for code in ("CS15", "WBP02", "RES01"):
        indicator = Indicator.objects.get(code=code)
        assert indicator.aggregation == "cumulative"
        annual = Target.objects.get(indicator=indicator, period=financial_year(2025))
        profiled = Target.objects.filter(profiled_from=annual)
        expected = 12 if indicator.frequency == "monthly" else 4
        assert profiled.count() == expected
        year_end = max(profiled, key=lambda t: t.period)
        assert year_end.value == annual.value
    # Targets exist for the open round's year, so its figures can be rated.
    assert Target.objects.filter(period=quarter(2026, 1)).exists()
    assert Tolerance.objects.count() >= 45


# --- reproducibility ----------------------------------------------------------------------


@pytest.mark.django_db
def test_same_seed_builds_the_same_figures_and_rebuilding_is_idempotent(
    demo: DemoSummary,
) -> None:
    first_values, first_counts = _values(), _counts()
    summary = build_demo_council(seed=2026)
    assert _values() == first_values
    assert _counts() == first_counts
    assert summary.outturns == demo.outturns
    assert summary.targets == demo.targets


@pytest.mark.django_db
def test_another_seed_builds_different_figures_but_keeps_the_published_ones(
    demo: DemoSummary,
) -> None:
    first = _values()
    build_demo_council(seed=7)
    second = _values()
    assert second != first
    assert Outturn.objects.get(
        indicator__code="OPS02", period=parse_period("2025/26 Q2")
    ).value == Decimal(1428)


def test_catalogue_codes_are_unique_and_seed_periods_parse() -> None:
    codes = [spec.code for spec in cat.INDICATORS]
    assert len(codes) == len(set(codes))
    for figure in cat.SEED_FIGURES:
        assert figure.code in codes
        assert parse_period(figure.period).kind in {PeriodKind.QUARTER, PeriodKind.MONTH}
