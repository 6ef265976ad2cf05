"""A small council for exception report tests: named people around one service unit.

The personas read like the org chart: ``author`` writes the reports of ``unit``,
``head`` and ``deputy`` approve them, ``outsider`` heads another service, ``performance``
is the performance team and ``director`` leads the directorate.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from outturn.accounts.roles import Role
from outturn.engine.periods import parse_period, periods_between
from outturn.exception_reports.models import ExceptionReport, ReportKind
from outturn.scorecard.models import Indicator, OutturnState, ServiceUnit, Target
from tests import factories

Q2 = parse_period("2025/26 Q2")


@dataclass
class Council:
    author: User
    head: User
    deputy: User
    outsider: User
    performance: User
    director: User
    unit: ServiceUnit
    other_unit: ServiceUnit
    indicator: Indicator


def person(username: str, role: Role, first: str, last: str) -> User:
    user = factories.user(username, first_name=first, last_name=last)
    user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    return user


@pytest.fixture(autouse=True)
def _quick_passwords(settings: Any) -> None:
    """Hash test passwords cheaply: every test signs up half a dozen people."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def council(db: None) -> Council:
    return make_council()


def make_council() -> Council:
    author = person("rachel", Role.RESPONSIBLE_OFFICER, "Rachel", "Okafor")
    head = person("daniel", Role.HEAD_OF_SERVICE, "Daniel", "Whitcombe")
    deputy = person("dana", Role.HEAD_OF_SERVICE, "Dana", "Ibbotson")
    outsider = person("helen", Role.HEAD_OF_SERVICE, "Helen", "Quarrie")
    performance = person("megan", Role.PERFORMANCE_TEAM, "Megan", "Holloway")
    director = person("claire", Role.DIRECTOR, "Claire", "Penrose")
    directorate = factories.directorate(name="Operations", director=director)
    unit = factories.service_unit(
        name="Transport and Sustainable Travel", directorate=directorate, head=head, deputy=deputy
    )
    other_unit = factories.service_unit(name="Waste and Cleansing", head=outsider)
    indicator = factories.indicator(
        code="EV1",
        title="Increase the number of public EV charge points",
        unit="number",
        service_unit=unit,
        responsible_officer=author,
        data_owner=author,
    )
    return Council(
        author, head, deputy, outsider, performance, director, unit, other_unit, indicator
    )


def history(
    indicator: Indicator,
    values: list[str],
    *,
    last: str = "2025/26 Q2",
    target: str | None = "240",
    basis: str = "",
    state: str = OutturnState.PUBLISHED,
    last_state: str = OutturnState.APPROVED,
) -> None:
    """Quarterly outturns ending at ``last`` (the last one approved), each with ``target``."""
    end = parse_period(last)
    periods = periods_between(parse_period("2019/20 Q1"), end)[-len(values) :]
    now = timezone.now()
    for period, value in zip(periods, values, strict=True):
        final = period == end
        chosen = last_state if final else state
        factories.outturn(
            indicator,
            str(period),
            value,
            state=chosen,
            approved_at=now,
            published_at=now if chosen == OutturnState.PUBLISHED else None,
        )
        if target is not None:
            Target.objects.create(
                indicator=indicator, period=period, value=Decimal(target), basis=basis
            )


def report_for(
    council: Council, *, kind: str = ReportKind.POSITIVE, **fields: object
) -> ExceptionReport:
    """A report assigned to the council's author, created directly (not through flagging)."""
    defaults: dict[str, object] = {
        "indicator": council.indicator,
        "period": Q2,
        "kind": kind,
        "reasons": ["beats_target_margin"],
        "service_unit": council.unit,
        "author": council.author,
        "due_date": timezone.localdate(),
    }
    defaults.update(fields)
    return ExceptionReport.objects.create(**defaults)
