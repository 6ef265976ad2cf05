"""A small council for report pack tests, with figures chosen so every rating is known.

Two directorates (Children's Services and Operations), two corporate priorities, a
children's scrutiny committee and Cabinet. Quarterly indicators have ten published
quarters ending 2025/26 Q2 (and a draft 2025/26 Q3 that reports must ignore); one monthly
indicator shows September 2025 for the quarter. Exception reports: an approved negative
one, an approved positive one, and a draft that must stay out.

People: ``performance`` (performance team), ``claire`` (director of Children's Services),
``michael`` (director of Operations), ``tom`` (a data owner with no say over packs).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from outturn.accounts.roles import Role
from outturn.engine.periods import parse_period, periods_between
from outturn.exception_reports.models import ExceptionReport, ReportKind, ReportState
from outturn.scorecard.models import (
    Benchmark,
    Committee,
    ComparatorGroup,
    Indicator,
    Organisation,
    OutturnState,
    Restatement,
    Target,
)
from tests import factories

LONDON = ZoneInfo("Europe/London")
Q2 = parse_period("2025/26 Q2")

NEGATIVE_REASON = "Advice from educational psychologists arrived late all summer."
NEGATIVE_ACTIONS = "- Extra assessment sessions bought in\n- Weekly tracking of every open plan"
POSITIVE_REASON = "Enforcement was scaled up for the summer season."
POSITIVE_LEARNING = "Plan staffing against predicted footfall."
POSITIVE_SIGNIFICANCE = "Cleaner beaches and parks for residents and visitors."


@dataclass
class Council:
    performance: User
    claire: User
    michael: User
    tom: User
    ehcp: Indicator
    returns: Indicator
    fines: Indicator
    charge_points: Indicator
    waiting: Indicator
    children: Committee
    cabinet: Committee
    negative: ExceptionReport
    positive: ExceptionReport
    draft: ExceptionReport


def person(username: str, role: Role, first: str, last: str) -> User:
    user = factories.user(username, first_name=first, last_name=last)
    user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    return user


@pytest.fixture(autouse=True)
def _quick_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def quarters(values: list[str], indicator: Indicator, target: str | None, **fields: Any) -> None:
    """Published quarterly outturns ending 2025/26 Q2, each with ``target``."""
    periods = periods_between(parse_period("2019/20 Q1"), Q2)[-len(values) :]
    now = timezone.now()
    for period, value in zip(periods, values, strict=True):
        factories.outturn(
            indicator,
            str(period),
            value,
            state=OutturnState.PUBLISHED,
            published_at=now,
            **fields,
        )
        if target is not None:
            Target.objects.create(indicator=indicator, period=period, value=Decimal(target))


def approved(indicator: Indicator, kind: str, **fields: Any) -> ExceptionReport:
    return ExceptionReport.objects.create(
        indicator=indicator,
        period=Q2,
        kind=kind,
        state=ReportState.APPROVED,
        service_unit=indicator.service_unit,
        due_date=date(2025, 11, 14),
        completed_by_name="Rachel Okafor",
        completed_by_role="Service Manager",
        completed_on=date(2025, 11, 12),
        approved_by_name="Daniel Whitcombe",
        approved_by_role="Head of Service",
        approved_on=date(2025, 11, 13),
        **fields,
    )


@pytest.fixture
def council(db: None) -> Council:
    Organisation.objects.create(
        code="wessex", name="Wessex Coast Council", kind=Organisation.Kind.COUNCIL
    )
    performance = person("performance", Role.PERFORMANCE_TEAM, "Megan", "Holloway")
    claire = person("claire", Role.DIRECTOR, "Claire", "Penrose")
    michael = person("michael", Role.DIRECTOR, "Michael", "Trent")
    tom = person("tom", Role.DATA_OWNER, "Tom", "Ashby")
    children_dir = factories.directorate(code="CS", name="Children's Services", director=claire)
    operations = factories.directorate(code="OPS", name="Operations", director=michael)
    send = factories.service_unit(code="CS-SEND", name="SEND", directorate=children_dir)
    early_help = factories.service_unit(code="CS-EH", name="Early Help", directorate=children_dir)
    protection = factories.service_unit(
        code="OPS-PP", name="Public Protection", directorate=operations
    )
    start = factories.priority(code="START", name="Every child gets a good start", order=1)
    place = factories.priority(code="PLACE", name="A clean and thriving coast", order=2)
    children = Committee.objects.create(
        code="children-os", name="Children's Services Overview and Scrutiny Committee"
    )
    cabinet = Committee.objects.create(code="cabinet", name="Cabinet", kind="cabinet")

    ehcp = factories.indicator(
        code="CS16",
        title="Increase the percentage of new EHC plans issued within 20 weeks",
        description="New plans issued within the 20-week timescale, as a share of all new plans.",
        service_unit=send,
        priority=start,
        decimals=1,
        order=1,
    )
    quarters(
        ["55.1", "58.0", "61.2", "64.9", "66.0", "62.5", "60.3", "59.8", "47.7", "46.6"],
        ehcp,
        "60",
        note="Timeliness fell again: advice arrives late.",
    )
    returns = factories.indicator(
        code="CS01",
        title="Decrease the percentage of children returning to Early Help within 12 months",
        service_unit=early_help,
        priority=start,
        polarity="down",
        order=2,
    )
    quarters(["14", "13", "13", "12", "13", "10", "11", "13", "14", "10"], returns, "15")
    group = ComparatorGroup.objects.create(code="national", name="National average", order=1)
    Benchmark.objects.create(
        indicator=returns, group=group, period=parse_period("2024/25"), value=Decimal("12")
    )
    fines = factories.indicator(
        code="OPS02",
        title="Increase the number of fixed penalty notices served for littering",
        unit="number",
        service_unit=protection,
        priority=place,
        order=3,
    )
    quarters(
        ["700", "760", "820", "690", "720", "800", "900", "850", "862", "1428"],
        fines,
        "844",
        note='=HYPERLINK("http://example.invalid") summer enforcement',
    )
    # A draft for the next quarter: reports carry published figures only.
    factories.outturn(fines, "2025/26 Q3", "9999", state=OutturnState.DRAFT)
    charge_points = factories.indicator(
        code="OPS01",
        title="Increase the number of public EV charge points",
        unit="number",
        service_unit=protection,
        priority=place,
        order=4,
    )
    quarters(
        ["150", "170", "180", "190", "200", "210", "222", "230", "238", "98765432.123456789"],
        charge_points,
        "240",
    )
    waiting = factories.indicator(
        code="OPS04",
        title="Reduce the average wait for a pest control visit",
        unit="days",
        frequency="monthly",
        polarity="down",
        service_unit=protection,
        priority=place,
        order=5,
    )
    now = timezone.now()
    months = ["February", "March", "April", "May", "June", "July", "August", "September"]
    for month, value in zip(months, ["9", "8", "7", "6", "8", "7", "6", "5"], strict=True):
        factories.outturn(
            waiting, f"{month} 2025", value, state=OutturnState.PUBLISHED, published_at=now
        )
    ehcp.committees.add(children, cabinet)
    returns.committees.add(children)
    fines.committees.add(cabinet)

    negative = approved(
        ehcp, ReportKind.NEGATIVE, reason_for_performance=NEGATIVE_REASON, actions=NEGATIVE_ACTIONS
    )
    positive = approved(
        fines,
        ReportKind.POSITIVE,
        reason_for_performance=POSITIVE_REASON,
        actions="Keep monitoring footfall.",
        learnings=POSITIVE_LEARNING,
        significance=POSITIVE_SIGNIFICANCE,
    )
    draft = ExceptionReport.objects.create(
        indicator=returns,
        period=Q2,
        kind=ReportKind.POSITIVE,
        service_unit=early_help,
        due_date=date(2025, 11, 14),
        reason_for_performance="Not yet finished and must not be reported.",
    )
    return Council(
        performance,
        claire,
        michael,
        tom,
        ehcp,
        returns,
        fines,
        charge_points,
        waiting,
        children,
        cabinet,
        negative,
        positive,
        draft,
    )


def restate(indicator: Indicator, period: str, new: str, when: datetime, by: User) -> Restatement:
    outturn = indicator.outturns.get(period=parse_period(period))
    old = outturn.value
    outturn.value = Decimal(new)
    outturn.save(update_fields=["value"])
    return Restatement.objects.create(
        outturn=outturn,
        previous_value=old,
        new_value=Decimal(new),
        reason="The supplier corrected its count.",
        restated_by=by,
        restated_at=when,
    )
