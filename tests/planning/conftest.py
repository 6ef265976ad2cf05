"""Personas for target setting, laid out like a council's org chart, and a small register.

Safeguarding (Children's Services) has a head and a deputy; the owner enters its figures
and the author answers for them. Highways (Place) has its own head. "Today" is fixed in
January 2027, so 2027/28 is next year's target setting and 2025/26 a finished year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from outturn.accounts.roles import Role
from outturn.engine.periods import parse_period
from outturn.planning.models import PlanningYear, TargetProposal
from outturn.planning.services import ProposalContent
from outturn.scorecard.models import (
    Benchmark,
    ComparatorGroup,
    Indicator,
    OutturnState,
    ServiceUnit,
    Target,
    Tolerance,
)
from tests import factories

TODAY = date(2027, 1, 15)
YEAR = parse_period("2027/28")
LAST_YEAR = parse_period("2026/27")


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("outturn.planning.services._today", lambda: TODAY)


@pytest.fixture(autouse=True)
def _quick_passwords(settings: Any) -> None:
    """Eight personas a test: a deliberately slow password hash would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def with_role(user: User, role: Role) -> User:
    user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    return user


@dataclass
class People:
    performance: User
    owner: User
    author: User
    head: User
    deputy: User
    other_head: User
    director: User
    outsider: User
    safeguarding: ServiceUnit
    highways: ServiceUnit


@pytest.fixture
def people(db: Any) -> People:
    def person(username: str, first: str, role: Role | None) -> User:
        user: User = factories.user(username, first_name=first, last_name="Tester")  # type: ignore[assignment]
        return with_role(user, role) if role else user

    director = person("director", "Dana", Role.DIRECTOR)
    head = person("head", "Harriet", Role.HEAD_OF_SERVICE)
    deputy = person("deputy", "Desmond", Role.HEAD_OF_SERVICE)
    other_head = person("otherhead", "Omar", Role.HEAD_OF_SERVICE)
    children = factories.directorate(name="Children's Services", director=director)
    place = factories.directorate(name="Place")
    return People(
        performance=person("performance", "Priya", Role.PERFORMANCE_TEAM),
        owner=person("owner", "Olive", Role.DATA_OWNER),
        author=person("author", "Ada", Role.RESPONSIBLE_OFFICER),
        head=head,
        deputy=deputy,
        other_head=other_head,
        director=director,
        outsider=person("outsider", "Otto", Role.COUNCILLOR),
        safeguarding=factories.service_unit(
            name="Safeguarding", directorate=children, head=head, deputy=deputy
        ),
        highways=factories.service_unit(name="Highways", directorate=place, head=other_head),
    )


def owned(people: People, **fields: Any) -> Indicator:
    """An indicator in Safeguarding, owned by the owner, answered for by the author."""
    return factories.indicator(
        **{
            "service_unit": people.safeguarding,
            "data_owner": people.owner,
            "responsible_officer": people.author,
            **fields,
        }
    )


def target(indicator: Indicator, period: str, value: str | None = None, **fields: Any) -> Target:
    if value is not None:
        fields["value"] = Decimal(value)
    return Target.objects.create(indicator=indicator, period=parse_period(period), **fields)


def published(indicator: Indicator, period: str, value: str) -> None:
    factories.outturn(
        indicator, period, value, state=OutturnState.PUBLISHED, published_at=timezone.now()
    )


@pytest.fixture
def child_protection(people: People) -> Indicator:
    """A quarterly level with a target for each quarter, two years of history and benchmarks."""
    indicator = owned(
        people,
        code="CP1",
        title="Reduce the rate of child protection plans",
        polarity="down",
        unit="rate_per_10000",
        decimals=1,
    )
    for year in ("2025/26", "2026/27"):
        for quarter in ("Q1", "Q2", "Q3", "Q4"):
            target(indicator, f"{year} {quarter}", "45")
    values = ["52", "55", "49", "58", "51", "47", "50", "46"]
    quarters = [f"{y} Q{n}" for y in ("2024/25", "2025/26") for n in (1, 2, 3, 4)]
    for quarter, value in zip(quarters, values, strict=True):
        published(indicator, quarter, value)
    national = ComparatorGroup.objects.create(code="NAT", name="National", order=1)
    Benchmark.objects.create(
        indicator=indicator, group=national, period=parse_period("2025/26"), value=Decimal(41)
    )
    Tolerance.objects.create(
        indicator=indicator,
        applies_from=parse_period("2024/25"),
        kind="absolute",
        value=Decimal(3),
    )
    return indicator


@pytest.fixture
def open_year(people: People, child_protection: Indicator) -> PlanningYear:
    from outturn.planning.services import planning_year_open

    return planning_year_open(period=YEAR, by=people.performance)


def proposal_for(year: PlanningYear, indicator: Indicator) -> TargetProposal:
    return TargetProposal.objects.get(year=year, indicator=indicator)


def content(**fields: Any) -> ProposalContent:
    defaults: dict[str, Any] = {
        "kind": "value",
        "value": Decimal(42),
        "rationale": "Closer to the national rate, in step with the early help offer.",
    }
    return ProposalContent(**{**defaults, **fields})
