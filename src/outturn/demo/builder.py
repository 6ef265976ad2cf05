"""Build the demo council: a fictional council with seven years of scorecard history.

:func:`build_demo_council` replaces the whole register (every table of the scorecard and
rounds apps, audit history included) and the demo's user accounts, then creates the demo
council from :mod:`outturn.demo.catalogue`, all in one transaction. It is meant for a
fresh or demonstration database: **it deletes any real register in the database it
runs against.** The same seed always builds the same figures.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.db import connection, models, transaction
from simple_history.utils import bulk_create_with_history

from outturn.demo import catalogue as cat
from outturn.demo import exception_reports as demo_exception_reports
from outturn.demo import history as hist
from outturn.demo import narratives
from outturn.demo import reports as demo_reports
from outturn.demo.catalogue import Goal, IndicatorSpec
from outturn.engine.periods import Period, PeriodKind, parse_period, periods_between, quarter
from outturn.engine.targets import target_in_force
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

DEMO_PASSWORD = "outturn-demo"  # noqa: S105 - the published password of the demo accounts

REGISTER_APPS = (
    "django_tasks_database",
    "reports",
    "exception_reports",
    "transfer",
    "planning",
    "rounds",
    "scorecard",
)
"""Apps whose tables make up the register, wiped before every build."""

REGISTER_STARTED = datetime(2019, 4, 1, 9, 0, tzinfo=hist.LONDON)
"""When the demo's register notionally began: the date on its first audit records."""

ROUND_OPENED = datetime(2026, 7, 1, 9, 0, tzinfo=hist.LONDON)
ROUND_DEADLINE = date(2026, 7, 24)

M = TypeVar("M", bound=models.Model)


class Writer(Protocol):
    def write(self, text: str, /) -> Any: ...


@dataclass(frozen=True)
class DemoSummary:
    """What was built, for the ``outturn demo`` command to print."""

    council: str
    directorates: int
    service_units: int
    priorities: int
    indicators: int
    outturns: int
    published: int
    in_open_round: int
    targets: int
    benchmarks: int
    user_count: int
    users: tuple[tuple[str, str], ...]
    password: str
    seconds: float

    def describe(self) -> str:
        return (
            f"{self.council}: {self.indicators} indicators in {self.directorates} "
            f"directorates ({self.service_units} service units, {self.priorities} "
            f"priorities); {self.outturns} outturns ({self.published} published, "
            f"{self.in_open_round} in the open 2026/27 Q1 round); {self.targets} targets; "
            f"{self.benchmarks} benchmark values; {self.user_count} user accounts. "
            f"Built in {self.seconds:.1f}s."
        )


def build_demo_council(*, seed: int = 2026, stdout: Writer | None = None) -> DemoSummary:
    """Replace the register with the demo council, reproducibly for ``seed``."""
    started = time.perf_counter()

    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(message + "\n")

    with transaction.atomic():
        say("  clearing the register")
        _wipe_register()
        say("  people and organisation")
        users = _people()
        builder = _Builder(seed, users)
        builder.organisation()
        say("  indicators, targets and benchmarks")
        builder.indicators()
        builder.benchmarks()
        builder.targets()
        builder.tolerances()
        say("  seven years of outturns and the open round")
        builder.outturns()
        builder.rounds()
        demo_exception_reports.build_exception_reports(seed=seed)
        demo_reports.build_demo_packs()

    role_descriptions = tuple(
        (person.username, f"{person.group}: {person.full_name}, {person.job_title}")
        for person in cat.ROLE_PEOPLE
    )
    return DemoSummary(
        council=cat.COUNCIL_NAME,
        directorates=len(cat.DIRECTORATES),
        service_units=len(cat.SERVICE_UNITS),
        priorities=len(cat.PRIORITIES),
        indicators=len(cat.INDICATORS),
        outturns=builder.outturn_count,
        published=builder.published_count,
        in_open_round=builder.outturn_count - builder.published_count,
        targets=builder.target_count,
        benchmarks=len(builder.benchmark_rows),
        user_count=len(users),
        users=role_descriptions,
        password=DEMO_PASSWORD,
        seconds=time.perf_counter() - started,
    )


# --- clearing ---------------------------------------------------------------------------


def _wipe_register() -> None:
    """Delete every row of the register's tables, history included.

    Plain DELETE statements skip the ORM's signals, so no audit records are written for
    rows about to be rebuilt. Foreign keys are checked at commit, so the order is free.
    """
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for label in REGISTER_APPS:
            for model in apps.get_app_config(label).get_models(include_auto_created=True):
                cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")  # noqa: S608
    usernames = [person.username for person in cat.PEOPLE]
    get_user_model().objects.filter(username__in=usernames).delete()


def _people() -> dict[str, User]:
    user_model = get_user_model()
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing is slow by design
    users = [
        user_model(
            username=person.username,
            first_name=person.first_name,
            last_name=person.last_name,
            email=f"{person.username}@example.org",
            password=password,
            is_staff=person.group == cat.PERFORMANCE_TEAM,
            is_superuser=person.group == cat.PERFORMANCE_TEAM,
            date_joined=REGISTER_STARTED,
        )
        for person in cat.PEOPLE
    ]
    created = user_model.objects.bulk_create(users)
    by_name = {user.username: user for user in created}
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in cat.GROUPS}
    membership = user_model.groups.through
    membership.objects.bulk_create(
        [
            membership(user_id=by_name[person.username].pk, group_id=groups[person.group].pk)
            for person in cat.PEOPLE
        ]
    )
    return by_name


# --- building ---------------------------------------------------------------------------


class _Builder:
    """Creates the register's rows, keeping what later steps refer to."""

    def __init__(self, seed: int, users: dict[str, User]) -> None:
        self.seed = seed
        self.users = users
        self.performance = users["performance"]
        self.directorates: dict[str, Directorate] = {}
        self.service_units: dict[str, ServiceUnit] = {}
        self.priorities: dict[str, CorporatePriority] = {}
        self.portfolios: dict[str, Portfolio] = {}
        self.committees: dict[str, Committee] = {}
        self.groups: dict[str, ComparatorGroup] = {}
        self.peers: list[Organisation] = []
        self.indicator_rows: dict[str, Indicator] = {}
        self.benchmark_rows: dict[tuple[str, str, str], Benchmark] = {}
        self.planned: dict[str, list[hist.PlannedTarget]] = {}
        self.outturn_count = 0
        self.published_count = 0
        self.target_count = 0

    def _create(self, model: type[M], objs: Sequence[M]) -> list[M]:
        """Bulk-create rows with an initial audit record dated when the register began."""
        return bulk_create_with_history(
            objs, model, default_user=self.performance, default_date=REGISTER_STARTED
        )

    def organisation(self) -> None:
        self._create(
            Organisation,
            [
                Organisation(
                    code=cat.COUNCIL_CODE,
                    name=cat.COUNCIL_NAME,
                    kind=Organisation.Kind.COUNCIL,
                    is_demo=True,
                )
            ],
        )
        self.peers = self._create(
            Organisation,
            [
                Organisation(code=code, name=name, kind=Organisation.Kind.COMPARATOR, is_demo=True)
                for code, name in cat.PEERS
            ],
        )
        self.directorates = _by_code(
            self._create(
                Directorate,
                [
                    Directorate(code=d.code, name=d.name, director=self.users[d.director])
                    for d in cat.DIRECTORATES
                ],
            )
        )
        self.service_units = _by_code(
            self._create(
                ServiceUnit,
                [
                    ServiceUnit(
                        code=unit.code,
                        name=unit.name,
                        directorate=self.directorates[unit.directorate],
                        head=self.users[unit.head],
                        deputy=self.users[unit.deputy] if unit.deputy else None,
                    )
                    for unit in cat.SERVICE_UNITS
                ],
            )
        )
        self.priorities = _by_code(
            self._create(
                CorporatePriority,
                [
                    CorporatePriority(code=code, name=name, description=description, order=order)
                    for order, (code, name, description) in enumerate(cat.PRIORITIES, start=1)
                ],
            )
        )
        self.portfolios = _by_code(
            self._create(
                Portfolio,
                [
                    Portfolio(
                        code=code,
                        name=name,
                        holder_name=holder_name,
                        holder=self.users[holder] if holder else None,
                    )
                    for code, name, holder_name, holder in cat.PORTFOLIOS
                ],
            )
        )
        self.committees = _by_code(
            self._create(
                Committee,
                [Committee(code=code, name=name, kind=kind) for code, name, kind in cat.COMMITTEES],
            )
        )
        self.groups = _by_code(
            ComparatorGroup.objects.bulk_create(
                [
                    ComparatorGroup(code=code, name=name, order=order)
                    for order, (code, name) in enumerate(cat.COMPARATOR_GROUPS, start=1)
                ]
            )
        )

    def indicators(self) -> None:
        rows = []
        for order, spec in enumerate(cat.INDICATORS, start=1):
            defaults = cat.DEFAULTS[spec.directorate]
            rows.append(
                Indicator(
                    code=spec.code,
                    title=spec.title,
                    description=spec.description,
                    polarity=spec.polarity,
                    unit=spec.unit,
                    frequency=spec.frequency,
                    aggregation=spec.aggregation,
                    decimals=spec.decimals,
                    numerator_label=spec.numerator_label,
                    denominator_label=spec.denominator_label,
                    secondary_label=spec.secondary_label,
                    source=spec.source,
                    lag_months=spec.lag_months,
                    direction_threshold=Decimal(spec.direction_threshold),
                    directorate=self.directorates[spec.directorate],
                    service_unit=self.service_units[spec.service_unit],
                    responsible_officer=self.users[author_for(spec)],
                    data_owner=self.users[spec.owner or defaults.owner],
                    priority=self.priorities[spec.priority or defaults.priority],
                    portfolio=self.portfolios[spec.portfolio or defaults.portfolio],
                    is_public=spec.is_public,
                    active_from=parse_period("2019/20"),
                    order=order * 10,
                )
            )
        self.indicator_rows = _by_code(self._create(Indicator, rows))
        through = Indicator.committees.through
        links = []
        for spec in cat.INDICATORS:
            for code in committees_for(spec):
                links.append(
                    through(
                        indicator_id=self.indicator_rows[spec.code].pk,
                        committee_id=self.committees[code].pk,
                    )
                )
        through.objects.bulk_create(links)

    def benchmarks(self) -> None:
        rows: dict[tuple[str, str, str], Benchmark] = {}
        peer_rows: list[Benchmark] = []
        for spec in cat.INDICATORS:
            indicator = self.indicator_rows[spec.code]
            for bench in spec.benchmarks:
                period = parse_period(bench.period)
                rows[(spec.code, bench.group, period.key)] = Benchmark(
                    indicator=indicator,
                    group=self.groups[bench.group],
                    period=period,
                    value=Decimal(bench.value),
                    source=bench.source,
                )
            if spec.peers is None:
                continue
            values = peer_values(spec, self.seed)
            period = parse_period(spec.peers.period)
            for organisation, value in zip(self.peers, values, strict=True):
                peer_rows.append(
                    Benchmark(
                        indicator=indicator,
                        group=self.groups[cat.STAT_NEIGHBOURS],
                        organisation=organisation,
                        period=period,
                        value=value,
                        source="Peer authorities' published returns (fictional)",
                    )
                )
            key = (spec.code, cat.STAT_NEIGHBOURS, period.key)
            if key not in rows:
                mean = sum(values, Decimal(0)) / len(values)
                rows[key] = Benchmark(
                    indicator=indicator,
                    group=self.groups[cat.STAT_NEIGHBOURS],
                    period=period,
                    value=hist.quantize(mean, spec.decimals),
                    source="Average of the statistical neighbours' values",
                )
        created = self._create(Benchmark, list(rows.values()))
        self.benchmark_rows = {
            (row.indicator.code, row.group.code, row.period.key): row for row in created
        }
        self._create(Benchmark, peer_rows)
        self.benchmark_rows.update(
            {
                (
                    row.indicator.code,
                    f"{row.group.code}:{row.organisation.code}",
                    row.period.key,
                ): row
                for row in peer_rows
                if row.organisation is not None
            }
        )

    def targets(self) -> None:
        annual_rows: list[Target] = []
        profiled: list[tuple[Target, str, Period]] = []
        for spec in cat.INDICATORS:
            plan = hist.planned_targets(spec)
            self.planned[spec.code] = plan
            for planned in plan:
                row = self._target_row(spec, planned)
                if planned.profiled_from is None:
                    annual_rows.append(row)
                else:
                    profiled.append((row, spec.code, planned.profiled_from))
        created = self._create(Target, annual_rows)
        parents = {(row.indicator.code, row.period.key): row for row in created}
        for row, code, parent_period in profiled:
            row.profiled_from = parents[(code, parent_period.key)]
        self._create(Target, [row for row, _, _ in profiled])
        self.target_count = len(annual_rows) + len(profiled)

    def _target_row(self, spec: IndicatorSpec, planned: hist.PlannedTarget) -> Target:
        goal = planned.goal
        benchmark = None
        if goal.benchmark is not None:
            group, period = goal.benchmark
            benchmark = self.benchmark_rows[(spec.code, group, parse_period(period).key)]
        row = Target(
            indicator=self.indicator_rows[spec.code],
            period=planned.period,
            basis=goal.basis,
            benchmark=benchmark,
        )
        if goal.band is not None:
            row.kind = TargetKind.BAND
            row.band_low, row.band_high = (Decimal(edge) for edge in goal.band)
        elif goal.value is not None:
            row.kind = TargetKind.VALUE
            row.value = Decimal(goal.value)
        else:
            row.kind = TargetKind.NONE
        return row

    def tolerances(self) -> None:
        self._create(
            Tolerance,
            [
                Tolerance(
                    indicator=self.indicator_rows[spec.code],
                    applies_from=parse_period(applies_from),
                    kind=kind,
                    value=Decimal(value),
                )
                for spec in cat.INDICATORS
                for applies_from, kind, value in spec.tolerances
            ],
        )

    def outturns(self) -> None:
        rows: list[Outturn] = []
        for spec in cat.INDICATORS:
            rows.extend(self._outturns_for(spec))
        for row in rows:
            # The audit trail's first record: when and by whom the row reached its state.
            when = row.published_at or row.entered_at
            user = self.performance if row.state == OutturnState.PUBLISHED else row.entered_by
            setattr(row, "_history_date", when)  # noqa: B010 - read by simple_history
            setattr(row, "_history_user", user)  # noqa: B010
        bulk_create_with_history(rows, Outturn, batch_size=500)
        self.outturn_count = len(rows)
        self.published_count = sum(1 for row in rows if row.state == OutturnState.PUBLISHED)

    def _outturns_for(self, spec: IndicatorSpec) -> list[Outturn]:
        indicator = self.indicator_rows[spec.code]
        owner = indicator.data_owner
        approver = indicator.service_unit.head
        points = hist.with_seed_figures(spec, hist.generate(spec, self.seed), cat.SEED_FIGURES)
        history = [point for point in points if hist.is_history(spec, point.period)]
        stamps_rng = hist.rng_for(self.seed, spec.code, "stamps")
        notes_rng = hist.rng_for(self.seed, spec.code, "notes")
        goals = self._goals(spec)
        commented = commentary_periods(spec, [point.period for point in history])
        rows: list[Outturn] = []
        previous: tuple[Period, Decimal] | None = None
        for point in history:
            stamps = hist.publication_stamps(spec, point.period, stamps_rng)
            note = narratives.SEED_NOTES.get((spec.code, point.period.key), "")
            if not note and point.period in commented:
                goal = target_in_force(
                    point.period, goals, cumulative=spec.aggregation == "cumulative"
                )
                note = narratives.commentary(
                    spec, point.period, point.value, previous, goal, notes_rng
                )
            rows.append(
                Outturn(
                    indicator=indicator,
                    period=point.period,
                    value=point.value,
                    numerator=point.numerator,
                    denominator=point.denominator,
                    secondary_value=point.secondary,
                    note=note,
                    state=OutturnState.PUBLISHED,
                    entered_by=owner,
                    entered_at=stamps.entered_at,
                    approved_by=approver,
                    approved_at=stamps.approved_at,
                    published_at=stamps.published_at,
                )
            )
            previous = (point.period, point.value)
        rows.extend(self._round_outturns(spec, indicator, points))
        return rows

    def _goals(self, spec: IndicatorSpec) -> dict[Period, Goal]:
        return {planned.period: planned.goal for planned in self.planned[spec.code]}

    def _round_outturns(
        self, spec: IndicatorSpec, indicator: Indicator, points: Iterable[hist.Point]
    ) -> list[Outturn]:
        """Figures typed into the open round: some drafts, some submitted, some still missing."""
        rng = hist.rng_for(self.seed, spec.code, "round")
        rows: list[Outturn] = []
        for point in points:
            if not hist.is_due_in_round(spec, point.period):
                continue
            state = _round_state(point.period, rng)
            if state is None:
                continue
            rows.append(
                Outturn(
                    indicator=indicator,
                    period=point.period,
                    value=point.value,
                    numerator=point.numerator,
                    denominator=point.denominator,
                    secondary_value=point.secondary,
                    note=narratives.round_note(spec, point.period, point.value, state, rng),
                    state=state,
                    entered_by=indicator.data_owner,
                    entered_at=hist.round_entry_time(point.period, rng),
                )
            )
        return rows

    def rounds(self) -> None:
        rows = []
        for period in periods_between(quarter(2019, 1), quarter(2025, 4)):
            opened = _first_working_day_after(period.end)
            closed = hist.months_after(period.end, 2) - timedelta(days=3)
            rows.append(
                Round(
                    period=period,
                    deadline=opened + timedelta(days=17),
                    state=RoundState.CLOSED,
                    opened_by=self.performance,
                    opened_at=hist.at(opened, 9, 0),
                    closed_at=hist.at(closed, 17, 0),
                )
            )
        rows.append(
            Round(
                period=hist.ROUND_PERIOD,
                deadline=ROUND_DEADLINE,
                state=RoundState.OPEN,
                opened_by=self.performance,
                opened_at=ROUND_OPENED,
            )
        )
        self._create(Round, rows)


# --- helpers ----------------------------------------------------------------------------

_HasCode = TypeVar(
    "_HasCode",
    Directorate,
    ServiceUnit,
    CorporatePriority,
    Portfolio,
    Committee,
    ComparatorGroup,
    Indicator,
)


def _by_code(rows: Iterable[_HasCode]) -> dict[str, _HasCode]:
    return {row.code: row for row in rows}


def author_for(spec: IndicatorSpec) -> str:
    """The responsible officer: the indicator's own, its unit's usual one, or its directorate's."""
    return (
        spec.author
        or cat.UNIT_AUTHORS.get(spec.service_unit)
        or cat.DEFAULTS[spec.directorate].author
    )


def committees_for(spec: IndicatorSpec) -> tuple[str, ...]:
    """The committees an indicator reports to: its own list, or Cabinet and its O&S."""
    if spec.committees:
        return spec.committees
    own = cat.DEFAULTS[spec.directorate].committee
    return (cat.CABINET, own) if spec.on_cabinet_scorecard else (own,)


def peer_values(spec: IndicatorSpec, seed: int) -> list[Decimal]:
    """The ten peers' values for the indicator's peer period, spread around the centre."""
    if spec.peers is None:
        return []
    rng = hist.rng_for(seed, spec.code, "peers")
    ceiling = 100.0 if spec.unit == "percentage" else None
    values = []
    for _ in cat.PEERS:
        figure = spec.peers.centre + rng.uniform(-spec.peers.spread, spec.peers.spread)
        figure = max(figure, 0.0)
        if ceiling is not None:
            figure = min(figure, ceiling)
        values.append(hist.quantize(figure, spec.decimals))
    return values


def commentary_periods(spec: IndicatorSpec, periods: Sequence[Period]) -> set[Period]:
    """The periods whose generated figures carry a note: the last year of reporting.

    Quarterly indicators: the four quarters of 2025/26. Monthly ones: the months that
    close those quarters. Annual, academic-year and termly ones: their latest two periods.
    """
    if spec.frequency == "quarterly":
        return {period for period in periods if period.financial_year().key == "2025/26"}
    if spec.frequency == "monthly":
        return {
            period
            for period in periods
            if period.financial_year().key == "2025/26" and period.start.month in (3, 6, 9, 12)
        }
    return set(periods[-2:])


def _round_state(period: Period, rng: random.Random) -> str | None:
    """Draft, submitted or not yet entered; later months are less far along."""
    late = period.kind is PeriodKind.MONTH and period.start.month == 6
    roll = rng.random()
    if late:
        return OutturnState.DRAFT if roll < 0.4 else OutturnState.SUBMITTED if roll < 0.6 else None
    if period.kind is PeriodKind.MONTH:
        return OutturnState.SUBMITTED if roll < 0.65 else OutturnState.DRAFT if roll < 0.9 else None
    return OutturnState.SUBMITTED if roll < 0.4 else OutturnState.DRAFT if roll < 0.7 else None


def _first_working_day_after(day: date) -> date:
    following = day + timedelta(days=1)
    while following.weekday() >= 5:
        following += timedelta(days=1)
    return following
